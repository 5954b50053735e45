"""Shared pieces of the FilterSets that drive both the public pages and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class M2MSlugFilter(django_filters.ModelMultipleChoiceFilter):
    """Any of several related slugs, through a subquery (no JOIN duplicates, no DISTINCT)."""

    def __init__(self, *args, relation: str, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("distinct", False)
        self.relation = relation
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        model = qs.model
        ids = model.objects.filter(**{f"{self.relation}__in": value}).values("pk")
        return qs.filter(pk__in=ids)


class EntryFilterSet(django_filters.FilterSet):
    """Base for every public resource: `q` full-text search and an explicit `ordering`.

    Subclasses list `orderings`: (value, label, order_by fields). `relevance` is always offered:
    with `q` the search engine's rank decides, without it the first ordering is used.
    """

    q = django_filters.CharFilter(method="filter_q", label=_("Search"), max_length=200)
    ordering = django_filters.ChoiceFilter(
        method="filter_ordering", label=_("Sort by"), empty_label=None, choices=()
    )

    orderings: tuple = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        ordering = self.filters["ordering"]
        ordering.extra["choices"] = self.ordering_choices()
        # A form field built earlier on the class-level filter (the OpenAPI schema generator
        # builds them) carries empty choices and would be deep-copied here: rebuild it.
        ordering.__dict__.pop("_field", None)
        for filter_ in self.filters.values():
            # Every filter here avoids multi-valued JOINs, so DISTINCT would only cost time.
            filter_.distinct = False

    @classmethod
    def ordering_choices(cls):
        return [("relevance", _("Relevance")), *((v, label) for v, label, _o in cls.orderings)]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        if hasattr(queryset, "search"):
            return queryset.search(value)
        return queryset.filter(self.fallback_search_q(value))

    def fallback_search_q(self, value):
        return Q(name_zh__icontains=value) | Q(name_en__icontains=value)

    def filter_ordering(self, queryset, name, value):
        if value == "relevance":
            has_query = bool((self.form.cleaned_data.get("q") or "").strip())
            return queryset if has_query else queryset.order_by(*self.orderings[0][2])
        for option, _label, order_by in self.orderings:
            if option == value:
                return queryset.order_by(*order_by)
        return queryset
