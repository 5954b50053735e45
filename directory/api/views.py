from core.api.viewsets import PublishedReadOnlyViewSet

from ..filters import (
    AIModelFilter,
    ProductCategoryFilter,
    ProductFilter,
    ScenarioFilter,
    VendorFilter,
    VerticalFilter,
)
from ..models import AIModel, Product, ProductCategory, Scenario, Vendor, Vertical
from . import serializers


class VendorViewSet(PublishedReadOnlyViewSet):
    """Vendors (服务商) with short summaries of their published models."""

    model = Vendor
    filterset_class = VendorFilter
    serializer_class = serializers.VendorListSerializer
    detail_serializer_class = serializers.VendorDetailSerializer

    def with_relations(self, queryset):
        queryset = queryset.prefetch_related("ai_models")
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("products")
        return queryset


class AIModelViewSet(PublishedReadOnlyViewSet):
    """Large models (大模型) with their vendor, base model, modalities and verticals."""

    model = AIModel
    filterset_class = AIModelFilter
    serializer_class = serializers.AIModelListSerializer
    detail_serializer_class = serializers.AIModelDetailSerializer

    def with_relations(self, queryset):
        return queryset.select_related("vendor", "base_model", "successor").prefetch_related(
            "modalities", "verticals", "deployment_options"
        )


class ProductViewSet(PublishedReadOnlyViewSet):
    """Products (产品) with their vendor, category, models, verticals and scenarios."""

    model = Product
    filterset_class = ProductFilter
    serializer_class = serializers.ProductListSerializer
    detail_serializer_class = serializers.ProductDetailSerializer

    def with_relations(self, queryset):
        return queryset.select_related("vendor", "category").prefetch_related(
            "ai_models", "verticals", "scenarios", "deployment_options"
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
