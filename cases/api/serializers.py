from rest_framework import serializers

from core.api.serializers import FastRepresentationMixin
from directory.api.serializers import (
    AIModelSummarySerializer,
    ProductSummarySerializer,
    ScenarioSummarySerializer,
    VendorSummarySerializer,
    VerticalSummarySerializer,
    WebURLMixin,
)

from ..models import CaseImage, CaseMetric, CaseStudy


class CaseMetricSerializer(serializers.ModelSerializer):
    class Meta:
        model = CaseMetric
        fields = ["name_zh", "name_en", "before", "after", "unit"]


class CaseImageSerializer(serializers.ModelSerializer):
    class Meta:
        model = CaseImage
        fields = ["image", "caption_zh", "caption_en"]


class CaseStudyListSerializer(FastRepresentationMixin, serializers.ModelSerializer):
    vendors = VendorSummarySerializer(many=True, read_only=True)
    models = AIModelSummarySerializer(source="ai_models", many=True, read_only=True)
    products = ProductSummarySerializer(many=True, read_only=True)
    vertical = VerticalSummarySerializer(read_only=True)
    scenarios = ScenarioSummarySerializer(many=True, read_only=True)

    class Meta:
        model = CaseStudy
        fields = [
            "id",
            "slug",
            "title_zh",
            "title_en",
            "client_name",
            "client_anonymised",
            "client_type",
            "vendors",
            "models",
            "products",
            "vertical",
            "scenarios",
            "tier",
            "deployment_mode",
            "region",
            "go_live_year",
            "summary_zh",
            "summary_en",
            "source_title",
            "source_url",
            "source_date",
            "featured",
            "is_sample",
            "published_at",
            "updated",
        ]


class CaseStudyDetailSerializer(WebURLMixin, CaseStudyListSerializer):
    metrics = CaseMetricSerializer(many=True, read_only=True)
    images = CaseImageSerializer(many=True, read_only=True)

    class Meta(CaseStudyListSerializer.Meta):
        fields = [
            *CaseStudyListSerializer.Meta.fields,
            "challenge_zh",
            "challenge_en",
            "solution_zh",
            "solution_en",
            "outcome_zh",
            "outcome_en",
            "metrics",
            "images",
            "web_url",
        ]
