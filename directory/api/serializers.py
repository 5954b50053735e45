from django.conf import settings
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.serializers import (
    FastRepresentationMixin,
    PublishedSummarySerializer,
    TermSummarySerializer,
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

ENTRY_FIELDS = ["featured", "is_sample", "published_at", "updated"]


class WebURLMixin(serializers.Serializer):
    web_url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_web_url(self, obj) -> str:
        """The entry's page on the Atlas site."""
        request = self.context.get("request")
        with translation.override(settings.LANGUAGE_CODE):
            path = obj.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


# -- summaries embedded in other resources ---------------------------------------------------


class VendorSummarySerializer(PublishedSummarySerializer):
    class Meta(PublishedSummarySerializer.Meta):
        model = Vendor
        fields = ["id", "slug", "name_zh", "name_en", "kind"]


class AIModelSummarySerializer(PublishedSummarySerializer):
    class Meta(PublishedSummarySerializer.Meta):
        model = AIModel
        fields = ["id", "slug", "name_zh", "name_en", "tier"]


class ProductSummarySerializer(PublishedSummarySerializer):
    class Meta(PublishedSummarySerializer.Meta):
        model = Product
        fields = ["id", "slug", "name_zh", "name_en"]


class VerticalSummarySerializer(TermSummarySerializer):
    class Meta(TermSummarySerializer.Meta):
        model = Vertical


class ScenarioSummarySerializer(TermSummarySerializer):
    class Meta(TermSummarySerializer.Meta):
        model = Scenario


class ProductCategorySummarySerializer(TermSummarySerializer):
    class Meta(TermSummarySerializer.Meta):
        model = ProductCategory


class ModalitySummarySerializer(TermSummarySerializer):
    class Meta(TermSummarySerializer.Meta):
        model = Modality


class DeploymentOptionSummarySerializer(TermSummarySerializer):
    class Meta(TermSummarySerializer.Meta):
        model = DeploymentOption
        fields = [*TermSummarySerializer.Meta.fields, "is_xinchuang"]


# -- taxonomy resources ----------------------------------------------------------------------

TERM_FIELDS = [
    "id",
    "slug",
    "name_zh",
    "name_en",
    "description_zh",
    "description_en",
    "position",
    "updated",
]


class VerticalSerializer(FastRepresentationMixin, serializers.ModelSerializer):
    class Meta:
        model = Vertical
        fields = TERM_FIELDS


class ScenarioSerializer(FastRepresentationMixin, serializers.ModelSerializer):
    class Meta:
        model = Scenario
        fields = TERM_FIELDS


class ProductCategorySerializer(FastRepresentationMixin, serializers.ModelSerializer):
    class Meta:
        model = ProductCategory
        fields = TERM_FIELDS


# -- vendors, models, products ---------------------------------------------------------------


class VendorListSerializer(FastRepresentationMixin, serializers.ModelSerializer):
    models = AIModelSummarySerializer(source="ai_models", many=True, read_only=True)

    class Meta:
        model = Vendor
        fields = [
            "id",
            "slug",
            "name_zh",
            "name_en",
            "kind",
            "province",
            "city",
            "founded_year",
            "funding_stage",
            "exchange",
            "ticker",
            "website",
            "logo",
            "summary_zh",
            "summary_en",
            "verified",
            "uscc",
            "models",
            *ENTRY_FIELDS,
        ]


class VendorDetailSerializer(WebURLMixin, VendorListSerializer):
    products = ProductSummarySerializer(many=True, read_only=True)

    class Meta(VendorListSerializer.Meta):
        fields = [
            *VendorListSerializer.Meta.fields,
            "products",
            "description_zh",
            "description_en",
            "web_url",
        ]


class AIModelListSerializer(FastRepresentationMixin, serializers.ModelSerializer):
    vendor = VendorSummarySerializer(read_only=True, allow_null=True)
    base_model = AIModelSummarySerializer(read_only=True, allow_null=True)
    deprecated_by = AIModelSummarySerializer(source="successor", read_only=True, allow_null=True)
    modalities = ModalitySummarySerializer(many=True, read_only=True)
    verticals = VerticalSummarySerializer(many=True, read_only=True)
    deployment_options = DeploymentOptionSummarySerializer(many=True, read_only=True)

    class Meta:
        model = AIModel
        fields = [
            "id",
            "slug",
            "name_zh",
            "name_en",
            "vendor",
            "tier",
            "modalities",
            "base_model",
            "verticals",
            "parameters_billion",
            "context_window",
            "open_weights",
            "licence",
            "release_date",
            "cac_filing_number",
            "cac_filing_batch",
            "cac_filing_date",
            "cac_filing_province",
            "price_input_per_mtok",
            "price_output_per_mtok",
            "deployment_options",
            "website",
            "summary_zh",
            "summary_en",
            "deprecated_by",
            *ENTRY_FIELDS,
        ]


class AIModelDetailSerializer(WebURLMixin, AIModelListSerializer):
    class Meta(AIModelListSerializer.Meta):
        fields = [*AIModelListSerializer.Meta.fields, "description_zh", "description_en", "web_url"]


class ProductListSerializer(FastRepresentationMixin, serializers.ModelSerializer):
    vendor = VendorSummarySerializer(read_only=True, allow_null=True)
    category = ProductCategorySummarySerializer(read_only=True)
    models = AIModelSummarySerializer(source="ai_models", many=True, read_only=True)
    verticals = VerticalSummarySerializer(many=True, read_only=True)
    scenarios = ScenarioSummarySerializer(many=True, read_only=True)
    deployment_options = DeploymentOptionSummarySerializer(many=True, read_only=True)

    class Meta:
        model = Product
        fields = [
            "id",
            "slug",
            "name_zh",
            "name_en",
            "vendor",
            "category",
            "models",
            "verticals",
            "scenarios",
            "deployment_options",
            "website",
            "summary_zh",
            "summary_en",
            *ENTRY_FIELDS,
        ]


class ProductDetailSerializer(WebURLMixin, ProductListSerializer):
    class Meta(ProductListSerializer.Meta):
        fields = [*ProductListSerializer.Meta.fields, "description_zh", "description_en", "web_url"]
