from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    path("developers/", views.DevelopersView.as_view(), name="developers"),
    path("developers/key/", views.KeyRequestView.as_view(), name="key_request"),
    path("developers/key/thanks/", views.KeyRequestThanksView.as_view(), name="key_request_thanks"),
]
