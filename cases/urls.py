from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("cases/", views.CaseListView.as_view(), name="case_list"),
    path("cases/<slug:slug>/", views.CaseDetailView.as_view(), name="case_detail"),
]
