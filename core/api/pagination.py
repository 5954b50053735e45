from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.utils.functional import cached_property
from rest_framework.pagination import PageNumberPagination

from .params import MAX_PAGE_SIZE


class CountingPaginator(Paginator):
    """Counts the rows and finds the latest `updated` in the same query (for Last-Modified)."""

    last_modified = None

    @cached_property
    def count(self):
        totals = self.object_list.aggregate(rows=Count("pk"), last=Max("updated"))
        self.last_modified = totals["last"]
        return totals["rows"]


class PagePagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    django_paginator_class = CountingPaginator

    @property
    def last_modified(self):
        return self.page.paginator.last_modified if getattr(self, "page", None) else None
