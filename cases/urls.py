from django.urls import path

from . import feeds, views

app_name = "cases"

urlpatterns = [
    path("cases/", views.CaseListView.as_view(), name="case_list"),
    path("cases/feed/", feeds.LatestCasesFeed(), name="feed_rss"),
    path("cases/feed/atom/", feeds.LatestCasesAtomFeed(), name="feed_atom"),
    path("cases/<slug:slug>/", views.CaseDetailView.as_view(), name="case_detail"),
]
