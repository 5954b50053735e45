from core.api.serializers import prefetched
from core.api.viewsets import PublishedReadOnlyViewSet

from ..filters import (
    AIModelFilter,
    ProductCategoryFilter,
    ProductFilter,
    ScenarioFilter,
    VendorFilter,
    VerticalFilter,
)
from ..models import (
    AIModel,
    DeploymentOption,
    Modality,
    Product,
    ProductCategory,
    Scenario,
    Vendor,
    Vertical,
)
from . import serializers

SUMMARY_FIELDS = ("id", "slug", "name_zh", "name_en")


def published_summaries(model, *fields):
    """Only what a summary shows; the serializer leaves out what isn't published. (Filtering
    on status here would let the planner start from every published entry instead of from
    the page's links.)"""
    return model.objects.only(*SUMMARY_FIELDS, "status", *fields)


def term_summaries(model, *fields):
    return model.objects.only(*SUMMARY_FIELDS, *fields)


class VendorViewSet(PublishedReadOnlyViewSet):
    """Vendors (服务商) with short summaries of their published models."""

    model = Vendor
    filterset_class = VendorFilter
    serializer_class = serializers.VendorListSerializer
    detail_serializer_class = serializers.VendorDetailSerializer
    list_deferred = ("description_zh", "description_en")

    def with_relations(self, queryset):
        # A reverse foreign key: the summaries need `vendor` to be matched to their vendor.
        queryset = queryset.prefetch_related(
            prefetched("ai_models", published_summaries(AIModel, "tier", "vendor"))
        )
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(
                prefetched("products", published_summaries(Product, "vendor"))
            )
        return queryset


class AIModelViewSet(PublishedReadOnlyViewSet):
    """Large models (大模型) with their vendor, base model, modalities and verticals."""

    model = AIModel
    filterset_class = AIModelFilter
    serializer_class = serializers.AIModelListSerializer
    detail_serializer_class = serializers.AIModelDetailSerializer
    list_deferred = ("description_zh", "description_en")
    summarised_relations = {
        "vendor": (*SUMMARY_FIELDS, "status", "kind"),
        "base_model": (*SUMMARY_FIELDS, "status", "tier"),
        "successor": (*SUMMARY_FIELDS, "status", "tier"),
    }

    def with_relations(self, queryset):
        return queryset.select_related("vendor", "base_model", "successor").prefetch_related(
            prefetched("modalities", term_summaries(Modality)),
            prefetched("verticals", term_summaries(Vertical)),
            prefetched("deployment_options", term_summaries(DeploymentOption, "is_xinchuang")),
        )


class ProductViewSet(PublishedReadOnlyViewSet):
    """Products (产品) with their vendor, category, models, verticals and scenarios."""

    model = Product
    filterset_class = ProductFilter
    serializer_class = serializers.ProductListSerializer
    detail_serializer_class = serializers.ProductDetailSerializer
    list_deferred = ("description_zh", "description_en")
    summarised_relations = {
        "vendor": (*SUMMARY_FIELDS, "status", "kind"),
        "category": SUMMARY_FIELDS,
    }

    def with_relations(self, queryset):
        return queryset.select_related("vendor", "category").prefetch_related(
            prefetched("ai_models", published_summaries(AIModel, "tier")),
            prefetched("verticals", term_summaries(Vertical)),
            prefetched("scenarios", term_summaries(Scenario)),
            prefetched("deployment_options", term_summaries(DeploymentOption, "is_xinchuang")),
        )


class VerticalViewSet(PublishedReadOnlyViewSet):
    """Industry verticals (行业), in editors' order."""

    model = Vertical
    filterset_class = VerticalFilter
    serializer_class = serializers.VerticalSerializer


class ScenarioViewSet(PublishedReadOnlyViewSet):
    """Cross-industry scenarios (场景), in editors' order."""

    model = Scenario
    filterset_class = ScenarioFilter
    serializer_class = serializers.ScenarioSerializer


class ProductCategoryViewSet(PublishedReadOnlyViewSet):
    """Product categories, in editors' order."""

    model = ProductCategory
    filterset_class = ProductCategoryFilter
    serializer_class = serializers.ProductCategorySerializer
