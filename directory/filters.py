"""One FilterSet per resource; the public list pages and the API both use these."""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from core.filters import EntryFilterSet, M2MSlugFilter
from core.models import Tier
from core.regions import Province
from procurement import querysets as procurement
from procurement.models import Certification, DeploymentOffer, Platform

from .models import (
    AIModel,
    DeploymentOption,
    Modality,
    Product,
    ProductCategory,
    Scenario,
    Vendor,
    Vertical,
)
from .querysets import filing_known_q


class FactsFilterSet(EntryFilterSet):
    """The procurement facts' filters, for the entries that hold facts (vendors, models,
    products): valid, published facts only (procurement.querysets); several values: any."""

    holder = "vendor"  # the facts' field naming the entry

    xinchuang = django_filters.ModelMultipleChoiceFilter(
        queryset=Platform.objects.all(),
        to_field_name="slug",
        method="filter_xinchuang",
        label=_("信创 adaptation"),
    )
    dengbao = django_filters.MultipleChoiceFilter(
        choices=[
            (str(n), _("Level %(n)d or higher") % {"n": n}) for n in procurement.DENGBAO_LEVELS
        ],
        method="filter_dengbao",
        label=_("等保 level"),
    )
    offer = django_filters.MultipleChoiceFilter(
        choices=DeploymentOffer.Mode.choices, method="filter_offer", label=_("Deployment offered")
    )

    def filter_xinchuang(self, queryset, name, value):
        if not value:
            return queryset
        slugs = [p.slug for p in value]
        return queryset.filter(pk__in=procurement.adapted(slugs, holder=self.holder))

    def filter_dengbao(self, queryset, name, value):
        if not value:
            return queryset
        level = min(int(v) for v in value)
        return queryset.filter(pk__in=procurement.dengbao_at_least(level, holder=self.holder))

    def filter_offer(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(pk__in=procurement.offering(value, holder=self.holder))


class VendorFilter(FactsFilterSet):
    kind = django_filters.MultipleChoiceFilter(choices=Vendor.Kind.choices, label=_("Vendor kind"))
    province = django_filters.MultipleChoiceFilter(choices=Province.choices, label=_("Province"))
    vertical = django_filters.ModelMultipleChoiceFilter(
        queryset=Vertical.objects.all(),
        to_field_name="slug",
        method="filter_vertical",
        label=_("Vertical"),
    )
    verified = django_filters.BooleanFilter(label=_("Verified"))
    listed = django_filters.BooleanFilter(method="filter_listed", label=_("Listed company"))
    certification = django_filters.MultipleChoiceFilter(
        choices=Certification.Kind.choices,
        method="filter_certification",
        label=_("Valid certification"),
    )

    orderings = (
        ("name", _("Name"), ("name_sort", "name_zh")),
        ("newest", _("Newest"), ("-published_at", "-pk")),
        ("updated", _("Recently updated"), ("-updated", "-pk")),
        ("founded", _("Founded"), ("founded_year", "name_sort", "name_zh")),
    )

    class Meta:
        model = Vendor
        fields = [
            "q", "kind", "province", "vertical", "verified", "listed", "xinchuang", "dengbao",
            "offer", "certification", "ordering",
        ]  # fmt: skip

    def fallback_search_q(self, value):
        return super().fallback_search_q(value) | Q(summary_zh__icontains=value)

    def filter_vertical(self, queryset, name, value):
        if not value:
            return queryset
        matches = Q()
        for vertical in value:  # any of the chosen verticals
            matches |= Q(pk__in=queryset.model.objects.in_vertical(vertical).values("pk"))
        return queryset.filter(matches)

    def filter_listed(self, queryset, name, value):
        return queryset.exclude(exchange="") if value else queryset.filter(exchange="")

    def filter_certification(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(pk__in=procurement.certified(value))


class AIModelFilter(FactsFilterSet):
    holder = "ai_model"

    tier = django_filters.MultipleChoiceFilter(choices=Tier.choices, label=_("Tier"))
    modality = M2MSlugFilter(
        queryset=Modality.objects.all(), relation="modalities", label=_("Modality")
    )
    vertical = M2MSlugFilter(
        queryset=Vertical.objects.all(), relation="verticals", label=_("Vertical")
    )
    deployment = M2MSlugFilter(
        queryset=DeploymentOption.objects.all(),
        relation="deployment_options",
        label=_("Deployment"),
    )
    vendor = django_filters.CharFilter(field_name="vendor__slug", label=_("Vendor"))
    vendor_kind = django_filters.MultipleChoiceFilter(
        field_name="vendor__kind", choices=Vendor.Kind.choices, label=_("Vendor kind")
    )
    province = django_filters.MultipleChoiceFilter(
        field_name="vendor__province", choices=Province.choices, label=_("Province")
    )
    open_weights = django_filters.BooleanFilter(label=_("Open weights"))
    has_filing = django_filters.BooleanFilter(method="filter_has_filing", label=_("CAC filing"))
    base_model = django_filters.CharFilter(field_name="base_model__slug", label=_("Base model"))

    orderings = (
        ("name", _("Name"), ("name_sort", "name_zh")),
        ("newest", _("Newest"), ("-release_date", "-published_at", "-pk")),
        ("updated", _("Recently updated"), ("-updated", "-pk")),
        ("price", _("Price: low to high"), ("price_input_per_mtok", "name_sort", "name_zh")),
        ("-price", _("Price: high to low"), ("-price_input_per_mtok", "name_sort", "name_zh")),
        ("context", _("Context window"), ("-context_window", "name_sort", "name_zh")),
    )

    class Meta:
        model = AIModel
        fields = [
            "q",
            "tier",
            "modality",
            "vertical",
            "deployment",
            "vendor",
            "vendor_kind",
            "province",
            "open_weights",
            "has_filing",
            "base_model",
            "xinchuang",
            "dengbao",
            "offer",
            "ordering",
        ]

    def fallback_search_q(self, value):
        return super().fallback_search_q(value) | Q(vendor__name_zh__icontains=value)

    def filter_has_filing(self, queryset, name, value):
        known = filing_known_q(queryset.model)
        return queryset.filter(known) if value else queryset.exclude(known)


class ProductFilter(FactsFilterSet):
    holder = "product"

    category = django_filters.ModelMultipleChoiceFilter(
        queryset=ProductCategory.objects.all(),
        to_field_name="slug",
        field_name="category__slug",  # the predicate compares slugs, not the foreign key
        label=_("Category"),
    )
    vertical = M2MSlugFilter(
        queryset=Vertical.objects.all(), relation="verticals", label=_("Vertical")
    )
    scenario = M2MSlugFilter(
        queryset=Scenario.objects.all(), relation="scenarios", label=_("Scenario")
    )
    deployment = M2MSlugFilter(
        queryset=DeploymentOption.objects.all(),
        relation="deployment_options",
        label=_("Deployment"),
    )
    vendor = django_filters.CharFilter(field_name="vendor__slug", label=_("Vendor"))
    vendor_kind = django_filters.MultipleChoiceFilter(
        field_name="vendor__kind", choices=Vendor.Kind.choices, label=_("Vendor kind")
    )
    model = django_filters.CharFilter(method="filter_model", label=_("Built on model"))

    orderings = (
        ("name", _("Name"), ("name_sort", "name_zh")),
        ("newest", _("Newest"), ("-published_at", "-pk")),
        ("updated", _("Recently updated"), ("-updated", "-pk")),
    )

    class Meta:
        model = Product
        fields = [
            "q",
            "category",
            "vertical",
            "scenario",
            "deployment",
            "vendor",
            "vendor_kind",
            "model",
            "xinchuang",
            "dengbao",
            "offer",
            "ordering",
        ]

    def filter_model(self, queryset, name, value):
        through = Product.ai_models.through
        return queryset.filter(
            Exists(through.objects.filter(product=OuterRef("pk"), aimodel__slug=value))
        )


class TermFilter(EntryFilterSet):
    """Taxonomy terms (API lists): search by name, editors' order or by name."""

    orderings = (
        ("position", _("Editors' order"), ("position", "slug")),
        ("name", _("Name"), ("name_zh",)),
        ("updated", _("Recently updated"), ("-updated", "-pk")),
    )

    class Meta:
        fields = ["q", "ordering"]


class VerticalFilter(TermFilter):
    class Meta(TermFilter.Meta):
        model = Vertical


class ScenarioFilter(TermFilter):
    class Meta(TermFilter.Meta):
        model = Scenario


class ProductCategoryFilter(TermFilter):
    class Meta(TermFilter.Meta):
        model = ProductCategory
