from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    path("contact/", views.ContactView.as_view(), name="contact"),
    path("contact/thanks/", views.ContactThanksView.as_view(), name="contact_thanks"),
]
