import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from core.filters import EntryFilterSet, M2MSlugFilter
from core.models import Tier
from core.regions import Province
from directory.models import Scenario, Vendor, Vertical

from .models import CaseStudy


class CaseStudyFilter(EntryFilterSet):
    vertical = django_filters.ModelMultipleChoiceFilter(
        queryset=Vertical.objects.all(),
        to_field_name="slug",
        field_name="vertical__slug",  # the predicate compares slugs, not the foreign key
        label=_("Vertical"),
    )
    scenario = M2MSlugFilter(
        queryset=Scenario.objects.all(), relation="scenarios", label=_("Scenario")
    )
    tier = django_filters.MultipleChoiceFilter(choices=Tier.choices, label=_("Tier"))
    client_type = django_filters.MultipleChoiceFilter(
        choices=CaseStudy.ClientType.choices, label=_("Client type")
    )
    deployment_mode = django_filters.MultipleChoiceFilter(
        choices=CaseStudy.DeploymentMode.choices, label=_("Deployment mode")
    )
    region = django_filters.MultipleChoiceFilter(choices=Province.choices, label=_("Region"))
    year = django_filters.NumberFilter(
        field_name="go_live_year", min_value=2000, max_value=2100, label=_("Go-live year")
    )
    vendor = django_filters.CharFilter(method="filter_vendor", label=_("Vendor"))
    vendor_kind = django_filters.MultipleChoiceFilter(
        method="filter_vendor_kind", choices=Vendor.Kind.choices, label=_("Vendor kind")
    )
    model = django_filters.CharFilter(method="filter_model", label=_("Model"))
    product = django_filters.CharFilter(method="filter_product", label=_("Product"))
    sample = django_filters.BooleanFilter(field_name="is_sample", label=_("Sample entries"))

    orderings = (
        ("newest", _("Newest"), ("-published_at", "-pk")),
        ("title", _("Title"), ("title_zh",)),
        ("updated", _("Recently updated"), ("-updated", "-pk")),
        ("year", _("Go-live year"), ("-go_live_year", "-published_at")),
    )

    class Meta:
        model = CaseStudy
        fields = [
            "q",
            "vertical",
            "scenario",
            "tier",
            "client_type",
            "deployment_mode",
            "region",
            "year",
            "vendor",
            "vendor_kind",
            "model",
            "product",
            "sample",
            "ordering",
        ]

    def fallback_search_q(self, value):
        return (
            Q(title_zh__icontains=value)
            | Q(title_en__icontains=value)
            | Q(client_name__icontains=value)
            | Q(summary_zh__icontains=value)
        )

    def _through_exists(self, queryset, field, **lookup):
        through = getattr(CaseStudy, field).through
        return queryset.filter(Exists(through.objects.filter(casestudy=OuterRef("pk"), **lookup)))

    def filter_vendor(self, queryset, name, value):
        return self._through_exists(queryset, "vendors", vendor__slug=value)

    def filter_vendor_kind(self, queryset, name, value):
        if not value:
            return queryset
        return self._through_exists(queryset, "vendors", vendor__kind__in=value)

    def filter_model(self, queryset, name, value):
        return self._through_exists(queryset, "ai_models", aimodel__slug=value)

    def filter_product(self, queryset, name, value):
        return self._through_exists(queryset, "products", product__slug=value)
