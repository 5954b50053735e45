from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    path("search/", views.SearchView.as_view(), name="search"),
    path("about/", views.AboutView.as_view(), name="about"),
    path("about/data-licence/", views.DataLicenceView.as_view(), name="data_licence"),
    path("shortlist/", views.ShortlistView.as_view(), name="shortlist"),
    path("shortlist/toggle/", views.shortlist_toggle, name="shortlist_toggle"),
    path("shortlist/s/<str:token>/", views.SharedShortlistView.as_view(), name="shortlist_shared"),
    path("shortlist/s/<str:token>/keep/", views.shortlist_keep_shared, name="shortlist_keep"),
    path("shortlist/clear/", views.shortlist_clear, name="shortlist_clear"),
    path("shortlist/export.csv", views.shortlist_export, name="shortlist_export"),
    path("compare/models/", views.CompareView.as_view(kind="aimodel"), name="compare_models"),
    path("compare/vendors/", views.CompareView.as_view(kind="vendor"), name="compare_vendors"),
    path("suggest/", views.SuggestView.as_view(), name="suggest"),
    path("suggest/thanks/", views.SuggestThanksView.as_view(), name="suggest_thanks"),
]
