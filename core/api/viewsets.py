"""The read-only viewset every published resource of the API is built on."""

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext as _
from django_filters import BooleanFilter
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions, viewsets
from rest_framework.response import Response
from rest_framework.reverse import reverse

from core import facets
from core.models import PublicationStatus, PublishableModel, Tombstone

from .conditional import ConditionalGetMixin
from .errors import Gone, invalid
from .pagination import PagePagination
from .params import (
    MAX_PAGE_SIZE,
    PAGE_PARAMS,
    SYNC_PARAMS,
    check_known,
    clean_pagination,
    decode_cursor,
    encode_cursor,
    parse_timestamp,
)
from .schema import describe_resource
from .serializers import TombstoneSerializer

ROW, TOMBSTONE = 0, 1  # at equal timestamps, rows come before tombstones in the sync order


class PublishedReadOnlyViewSet(ConditionalGetMixin, viewsets.ReadOnlyModelViewSet):
    """List (filtered, ordered, paged — or a sync walk) and detail by slug, published rows only.

    Subclasses set `model`, `filterset_class`, `serializer_class` (lists and sync),
    `detail_serializer_class` and `with_relations(queryset)` (select/prefetch for the list).
    """

    model = None
    detail_serializer_class = None
    list_deferred: tuple[str, ...] = ()  # long texts only the detail shows
    # select_related entries shown as summaries: {relation: fields the summary reads}
    summarised_relations: dict[str, tuple[str, ...]] = {}
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    filter_backends = [DjangoFilterBackend]
    pagination_class = PagePagination
    sync_page_size = MAX_PAGE_SIZE

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.model is not None:
            describe_resource(cls)

    # -- querysets -------------------------------------------------------------------------

    @classmethod
    def is_publishable(cls) -> bool:
        return issubclass(cls.model, PublishableModel)

    def published(self):
        manager = self.model._default_manager
        return manager.published() if self.is_publishable() else manager.all()

    def with_relations(self, queryset):
        return queryset

    def get_queryset(self):
        queryset = self.with_relations(self.published())
        if self.action != "retrieve" and self.list_deferred:
            queryset = queryset.defer(*self.list_deferred)
        for relation, keep in self.summarised_relations.items():
            related = self.model._meta.get_field(relation).related_model
            queryset = queryset.defer(
                *(
                    f"{relation}__{field.name}"
                    for field in related._meta.concrete_fields
                    if field.name not in keep and not field.primary_key
                )
            )
        return queryset

    def get_serializer_class(self):
        if self.action == "retrieve" and self.detail_serializer_class is not None:
            return self.detail_serializer_class
        return self.serializer_class

    # -- list ------------------------------------------------------------------------------

    def filter_params(self) -> set[str]:
        return set(self.filterset_class.base_filters) if self.filterset_class else set()

    def list(self, request, *args, **kwargs):
        params = request.query_params
        if "updated_since" in params or "cursor" in params:
            return self.sync(request)
        check_known(params, self.filter_params() | PAGE_PARAMS | {"updated_since", "cursor"})
        self.check_booleans(params)
        clean_pagination(params)
        queryset = self.filter_queryset(self.get_queryset())
        ranked = getattr(queryset, "search_terms", ()) and params.get("ordering") in (
            None,
            "relevance",
        )
        if not ranked:  # search results keep the engine's rank order
            queryset = self.stable_order(queryset)
        self.known_count = self.unfiltered_count(params)
        page = self.paginate_queryset(queryset)
        self.last_modified = self.latest_change(self.paginator.last_modified)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def unfiltered_count(self, params) -> int | None:
        """The published total from the facet index when nothing narrows the list."""
        narrowing = (self.filter_params() - {"ordering"}) & set(params)
        if narrowing or not facets.is_registered(self.model):
            return None
        return facets.totals(self.model)["all"]

    def check_booleans(self, params) -> None:
        """django-filter reads an unknown boolean as "no filter"; the API says it is wrong."""
        filters = self.filterset_class.base_filters if self.filterset_class else {}
        for name, filter_ in filters.items():
            value = params.get(name)
            if not isinstance(filter_, BooleanFilter) or value is None:
                continue
            if value.strip().lower() not in ("true", "false", "1", "0"):
                raise invalid(name, _("Use true or false."))

    def stable_order(self, queryset):
        """The chosen ordering (by default the FilterSet's first), ended with the primary key
        in the same direction as the last field, so pages never overlap and an index on
        (…, field, id) serves it."""
        order = list(queryset.query.order_by)
        if not order and self.filterset_class and self.filterset_class.orderings:
            order = list(self.filterset_class.orderings[0][2])
        order = order or list(queryset.model._meta.ordering)
        if not any(str(f).lstrip("-") in ("pk", "id") for f in order):
            order.append("-pk" if order and str(order[-1]).startswith("-") else "pk")
        return queryset.order_by(*order)

    def latest_change(self, last_row_update):
        candidates = [last_row_update, self.latest_tombstone()]
        return max((c for c in candidates if c is not None), default=None)

    def tombstones(self):
        return Tombstone.objects.filter(content_type=ContentType.objects.get_for_model(self.model))

    def latest_tombstone(self):
        last = self.tombstones().order_by("-removed_at").values_list("removed_at", flat=True)
        return last.first()

    # -- sync ------------------------------------------------------------------------------

    def sync(self, request):
        params = request.query_params
        check_known(params, SYNC_PARAMS)
        for other in ("updated_since", "cursor"):
            if other in params and not params.get(other):
                raise invalid(other, _("This parameter needs a value."))
        if "updated_since" in params and "cursor" in params:
            raise invalid("cursor", _("Give either updated_since or cursor, not both."))
        size = clean_pagination(params)["page_size"] or self.sync_page_size
        if "cursor" in params:
            since, ts, kind, pk = decode_cursor(params["cursor"])
            rows_after = Q(updated__gt=ts) | (Q(updated=ts, pk__gt=pk) if kind == ROW else Q())
            if kind == ROW:
                stones_after = Q(removed_at__gte=ts)
            else:
                stones_after = Q(removed_at__gt=ts) | Q(removed_at=ts, object_id__gt=pk)
        else:
            since = parse_timestamp("updated_since", params["updated_since"])
            ts = since
            rows_after, stones_after = Q(updated__gte=since), Q(removed_at__gte=since)

        rows = list(self.get_queryset().filter(rows_after).order_by("updated", "pk")[: size + 1])
        stones = list(
            self.tombstones().filter(stones_after).order_by("removed_at", "object_id")[: size + 1]
        )
        merged = sorted(
            [(r.updated, ROW, r.pk, r) for r in rows]
            + [(t.removed_at, TOMBSTONE, t.object_id, t) for t in stones],
            key=lambda item: item[:3],
        )
        page, more = merged[:size], len(merged) > size
        last_ts = page[-1][0] if page else ts
        next_url = None
        if more:
            last = page[-1]
            query = {"cursor": encode_cursor(since, last[0], last[1], last[2])}
            if "page_size" in params:
                query["page_size"] = size
            next_url = reverse(f"api:{self.basename}-list", request=request)
            next_url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
        overlap = datetime.timedelta(seconds=settings.API_SYNC_OVERLAP_SECONDS)
        self.last_modified = page[-1][0] if page else None
        return Response(
            {
                "next": next_url,
                "next_updated_since": max(since, last_ts - overlap),
                "results": self.get_serializer(
                    [item[3] for item in page if item[1] == ROW], many=True
                ).data,
                "tombstones": TombstoneSerializer(
                    [item[3] for item in page if item[1] == TOMBSTONE], many=True
                ).data,
            }
        )

    # -- detail ----------------------------------------------------------------------------

    def retrieve(self, request, *args, **kwargs):
        check_known(request.query_params, set())
        return super().retrieve(request, *args, **kwargs)

    def get_object(self):
        slug = self.kwargs[self.lookup_field]
        try:
            entry = self.get_queryset().get(slug=slug)
        except self.model.DoesNotExist:
            self.raise_if_retired(slug)
            raise exceptions.NotFound(_("No published entry has this slug.")) from None
        self.last_modified = entry.updated
        return entry

    def raise_if_retired(self, slug):
        if not self.is_publishable():
            return
        retired = (
            self.model._default_manager.filter(slug=slug, status=PublicationStatus.ARCHIVED)
            .select_related("successor")
            .first()
        )
        if retired is not None:
            successor = retired.successor
            raise Gone(
                successor=successor.slug
                if successor is not None and successor.is_published
                else None
            )
