from rest_framework import serializers

from core.api.serializers import FastRepresentationMixin, TermSummarySerializer
from directory.api.serializers import (
    AIModelSummarySerializer,
    ProductSummarySerializer,
    VendorSummarySerializer,
)

from ..models import Certification, DeploymentOffer, Platform

FACT_FIELDS = [
    "id", "slug", "vendor", "ai_model", "product", "source_title", "source_url", "source_date",
    "note", "is_sample", "published_at", "updated",
]  # fmt: skip


class PlatformSummarySerializer(TermSummarySerializer):
    class Meta(TermSummarySerializer.Meta):
        model = Platform
        fields = ["slug", "name_zh", "name_en", "layer"]


class HeldFactSerializer(FastRepresentationMixin, serializers.ModelSerializer):
    # Null when the vendor, model or product is not published.
    vendor = VendorSummarySerializer(read_only=True, allow_null=True)
    ai_model = AIModelSummarySerializer(read_only=True, allow_null=True)
    product = ProductSummarySerializer(read_only=True, allow_null=True)


class CertificationSerializer(HeldFactSerializer):
    """A certification or adaptation, with its validity on the day asked."""

    platform = PlatformSummarySerializer(read_only=True, allow_null=True)
    expired = serializers.BooleanField(source="is_expired", read_only=True)

    class Meta:
        model = Certification
        fields = [
            *FACT_FIELDS[:5], "kind", "platform", "name", "issuer", "number", "level", "grade",
            "valid_from", "valid_until", "expired", *FACT_FIELDS[5:],
        ]  # fmt: skip


class DeploymentOfferSerializer(HeldFactSerializer):
    class Meta:
        model = DeploymentOffer
        fields = [*FACT_FIELDS[:5], "mode", *FACT_FIELDS[5:]]
