from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    path("developers/", views.DevelopersView.as_view(), name="developers"),
]
