"""The register's FilterSet: the 备案查询 page and /api/v1/filings/ both use it."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.filters import EntryFilterSet

from .models import REGION_CHOICES, Filing, FilingBatch, FilingKind

FIRST_YEAR = 2023  # the first filings were granted in August 2023


def batch_choices():
    return [
        (p, p) for p in FilingBatch.objects.order_by("-period").values_list("period", flat=True)
    ]


def year_choices():
    return [(str(y), str(y)) for y in range(timezone.now().year + 1, FIRST_YEAR - 1, -1)]


class FilingFilter(EntryFilterSet):
    kind = django_filters.MultipleChoiceFilter(choices=FilingKind.choices, label=_("Kind"))
    province = django_filters.MultipleChoiceFilter(choices=REGION_CHOICES, label=_("属地"))
    batch = django_filters.MultipleChoiceFilter(
        field_name="batch__period", choices=batch_choices, label=_("Batch")
    )
    year = django_filters.MultipleChoiceFilter(
        choices=year_choices, method="filter_year", label=_("Year filed")
    )
    linked = django_filters.BooleanFilter(method="filter_linked", label=_("Linked to a vendor"))
    late = django_filters.BooleanFilter(
        field_name="late_registration", label=_("Late registration (补登)")
    )
    vendor = django_filters.CharFilter(field_name="vendor__slug", label=_("Vendor"))
    model = django_filters.CharFilter(field_name="ai_model__slug", label=_("Model"))

    orderings = (
        ("batch", _("Newest batch"), ("-batch__period", "kind", "serial", "pk")),
        ("date", _("Filing date"), ("-filed_on", "-pk")),
        ("number", _("Number"), ("number_key",)),
        ("updated", _("Recently updated"), ("-updated", "-pk")),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The list page reads each facet's options from its filter's choices: make the
        # batches and years concrete for this request (a form field built earlier is dropped).
        for name, choices in (("batch", batch_choices), ("year", year_choices)):
            self.filters[name].extra["choices"] = choices()
            self.filters[name].__dict__.pop("_field", None)

    class Meta:
        model = Filing
        fields = [
            "q", "kind", "province", "batch", "year", "linked", "late", "vendor", "model",
            "ordering",
        ]  # fmt: skip

    def fallback_search_q(self, value):
        return (
            Q(number__icontains=value)
            | Q(service_name__icontains=value)
            | Q(organisation__icontains=value)
        )

    def filter_year(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(filed_on__year__in=[int(y) for y in value])

    def filter_linked(self, queryset, name, value):
        return queryset.linked() if value else queryset.unlinked()
