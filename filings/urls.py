from django.urls import path

from . import views

app_name = "filings"

urlpatterns = [
    path("filings/", views.FilingListView.as_view(), name="filing_list"),
    path("filings/<slug:slug>/", views.FilingDetailView.as_view(), name="filing_detail"),
]
