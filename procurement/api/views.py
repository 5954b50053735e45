from core.api.viewsets import PublishedReadOnlyViewSet

from ..filters import CertificationFilter, DeploymentOfferFilter
from ..models import Certification, DeploymentOffer
from .serializers import CertificationSerializer, DeploymentOfferSerializer

SUMMARY = ("id", "slug", "name_zh", "name_en", "status")
HOLDERS = {"vendor": (*SUMMARY, "kind"), "ai_model": (*SUMMARY, "tier"), "product": SUMMARY}


class CertificationViewSet(PublishedReadOnlyViewSet):
    """Certifications and 信创 adaptations of vendors, models and products (expired ones too,
    marked `expired`)."""

    model = Certification
    filterset_class = CertificationFilter
    serializer_class = CertificationSerializer
    summarised_relations = HOLDERS

    def with_relations(self, queryset):
        return queryset.select_related("vendor", "ai_model", "product", "platform")


class DeploymentOfferViewSet(PublishedReadOnlyViewSet):
    """How models and products are offered: public API, dedicated cloud, 私有化, 一体机,
    on-device."""

    model = DeploymentOffer
    filterset_class = DeploymentOfferFilter
    serializer_class = DeploymentOfferSerializer
    summarised_relations = HOLDERS

    def with_relations(self, queryset):
        return queryset.select_related("vendor", "ai_model", "product")
