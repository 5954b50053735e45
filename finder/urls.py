from django.urls import path

from . import views

app_name = "finder"

urlpatterns = [
    path("finder/", views.FinderView.as_view(), name="finder"),
    path("finder/report/", views.FinderReportView.as_view(), name="report"),
    path("finder/export.<str:extension>", views.finder_export, name="export"),
    path("finder/shortlist/", views.finder_shortlist, name="shortlist"),
]
