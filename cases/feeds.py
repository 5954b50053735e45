"""RSS and Atom feeds of newly published case studies (in the language of the URL)."""

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .models import CaseStudy


class LatestCasesFeed(Feed):
    title = _("Atlas: new case studies")
    description = _("Case studies of large models at work in China, newest first.")
    link = reverse_lazy("cases:case_list")

    def items(self):
        return (
            CaseStudy.objects.published()
            .select_related("vertical")
            .order_by("-published_at", "-pk")[:30]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated

    def item_categories(self, item):
        return [item.vertical.name]


class LatestCasesAtomFeed(LatestCasesFeed):
    feed_type = Atom1Feed
    subtitle = LatestCasesFeed.description
