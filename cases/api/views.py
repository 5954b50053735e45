from core.api.serializers import prefetched
from core.api.viewsets import PublishedReadOnlyViewSet
from directory.api.views import published_summaries, term_summaries
from directory.models import AIModel, Product, Scenario, Vendor

from ..filters import CaseStudyFilter
from ..models import CaseStudy
from . import serializers


class CaseStudyViewSet(PublishedReadOnlyViewSet):
    """Case studies (案例) with short summaries of their vendors, models and products."""

    model = CaseStudy
    filterset_class = CaseStudyFilter
    serializer_class = serializers.CaseStudyListSerializer
    detail_serializer_class = serializers.CaseStudyDetailSerializer
    list_deferred = (
        "challenge_zh",
        "challenge_en",
        "solution_zh",
        "solution_en",
        "outcome_zh",
        "outcome_en",
    )
    summarised_relations = {"vertical": ("id", "slug", "name_zh", "name_en")}

    def with_relations(self, queryset):
        queryset = queryset.select_related("vertical").prefetch_related(
            prefetched("vendors", published_summaries(Vendor, "kind")),
            prefetched("ai_models", published_summaries(AIModel, "tier")),
            prefetched("products", published_summaries(Product)),
            prefetched("scenarios", term_summaries(Scenario)),
        )
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("metrics", "images")
        return queryset
