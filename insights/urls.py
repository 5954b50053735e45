from django.urls import path

from . import views

app_name = "insights"

urlpatterns = [
    path("insights/", views.InsightsView.as_view(), name="index"),
    path("insights/<slug:slug>.csv", views.chart_csv, name="chart_csv"),
    path(
        "insights/verticals/<slug:vertical>/<slug:chart>.csv",
        views.vertical_chart_csv,
        name="vertical_csv",
    ),
    path("insights/lineage/<slug:slug>.csv", views.lineage_csv, name="lineage_csv"),
]
