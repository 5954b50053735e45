from django.urls import path

from . import views

app_name = "insights"

urlpatterns = [
    path("insights/", views.InsightsView.as_view(), name="index"),
]
