from core.api.viewsets import PublishedReadOnlyViewSet

from ..filters import CaseStudyFilter
from ..models import CaseStudy
from . import serializers


class CaseStudyViewSet(PublishedReadOnlyViewSet):
    """Case studies (案例) with short summaries of their vendors, models and products."""

    model = CaseStudy
    filterset_class = CaseStudyFilter
    serializer_class = serializers.CaseStudyListSerializer
    detail_serializer_class = serializers.CaseStudyDetailSerializer

    def with_relations(self, queryset):
        queryset = queryset.select_related("vertical").prefetch_related(
            "vendors", "ai_models", "products", "scenarios"
        )
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("metrics", "images")
        return queryset
