from rest_framework import serializers

from core.api.serializers import FastRepresentationMixin
from directory.api.serializers import (
    AIModelSummarySerializer,
    ProductSummarySerializer,
    VendorSummarySerializer,
    WebURLMixin,
)

from ..models import Filing


class FilingSerializer(FastRepresentationMixin, WebURLMixin, serializers.ModelSerializer):
    """A row of the CAC register as published, with its source and its directory links."""

    batch = serializers.CharField(source="batch.period", help_text="Announcement period YYYY-MM.")
    # Empty when a batch came from an attachment imported without its URLs.
    announcement_url = serializers.CharField(
        source="batch.announcement_url", help_text="The CAC announcement page (URL), or empty."
    )
    attachment_url = serializers.CharField(
        source="batch.attachment_url", help_text="The attachment the row was read from, or empty."
    )
    vendor = VendorSummarySerializer(read_only=True, allow_null=True)
    ai_model = AIModelSummarySerializer(read_only=True, allow_null=True)
    product = ProductSummarySerializer(read_only=True, allow_null=True)
    extra = serializers.DictField(help_text="Columns the register added beyond the known ones.")

    class Meta:
        model = Filing
        fields = [
            "id", "slug", "number", "number_key", "kind", "service_name", "organisation",
            "region", "province", "filed_on", "filed_on_printed", "late_registration", "batch",
            "serial", "announcement_url", "attachment_url", "extra", "vendor", "ai_model",
            "product", "web_url", "updated",
        ]  # fmt: skip
