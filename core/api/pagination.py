from functools import partial

from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.utils.functional import cached_property
from rest_framework.pagination import PageNumberPagination

from .params import MAX_PAGE_SIZE


class CountingPaginator(Paginator):
    """Counts the rows and finds the latest `updated` in the same query (for Last-Modified).

    Given `known_count` (an unfiltered list: the facet index's total), it only looks up the
    latest `updated`, one step down an index, instead of counting every row.
    """

    last_modified = None

    def __init__(self, *args, known_count: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.known_count = known_count

    @cached_property
    def count(self):
        if self.known_count is not None:
            latest = self.object_list.order_by("-updated").values_list("updated", flat=True)
            self.last_modified = latest.first()
            return self.known_count
        totals = self.object_list.aggregate(rows=Count("pk"), last=Max("updated"))
        self.last_modified = totals["last"]
        return totals["rows"]


class PagePagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    known_count = None

    @property
    def django_paginator_class(self):
        return partial(CountingPaginator, known_count=self.known_count)

    def paginate_queryset(self, queryset, request, view=None):
        self.known_count = getattr(view, "known_count", None)
        return super().paginate_queryset(queryset, request, view)

    @property
    def last_modified(self):
        return self.page.paginator.last_modified if getattr(self, "page", None) else None
