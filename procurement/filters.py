"""The API's FilterSets for procurement facts (they have no list page of their own: vendors,
models and products show them, and the vendor list filters by them)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import EntryFilterSet

from .models import Certification, DeploymentOffer, Platform


class HeldFactFilter(EntryFilterSet):
    vendor = django_filters.CharFilter(field_name="vendor__slug", label=_("Vendor"))
    model = django_filters.CharFilter(field_name="ai_model__slug", label=_("Model"))
    product = django_filters.CharFilter(field_name="product__slug", label=_("Product"))

    orderings = (
        ("updated", _("Recently updated"), ("-updated", "-pk")),
        ("newest", _("Newest"), ("-published_at", "-pk")),
    )

    def fallback_search_q(self, value):
        from django.db.models import Q

        return Q(vendor__name_zh__icontains=value) | Q(vendor__name_en__icontains=value)


class CertificationFilter(HeldFactFilter):
    kind = django_filters.MultipleChoiceFilter(choices=Certification.Kind.choices, label=_("Kind"))
    platform = django_filters.ModelMultipleChoiceFilter(
        queryset=Platform.objects.all(),
        to_field_name="slug",
        field_name="platform__slug",
        label=_("Platform"),
    )
    min_level = django_filters.NumberFilter(
        field_name="level", lookup_expr="gte", min_value=1, max_value=5, label=_("Level at least")
    )
    valid = django_filters.BooleanFilter(method="filter_valid", label=_("Valid today"))

    class Meta:
        model = Certification
        fields = [
            "q",
            "vendor",
            "model",
            "product",
            "kind",
            "platform",
            "min_level",
            "valid",
            "ordering",
        ]

    def filter_valid(self, queryset, name, value):
        valid = queryset.valid()
        return valid if value else queryset.exclude(pk__in=valid.values("pk"))


class DeploymentOfferFilter(HeldFactFilter):
    mode = django_filters.MultipleChoiceFilter(
        choices=DeploymentOffer.Mode.choices, label=_("Deployment")
    )

    class Meta:
        model = DeploymentOffer
        fields = ["q", "vendor", "model", "product", "mode", "ordering"]
