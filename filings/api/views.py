from core.api.viewsets import PublishedReadOnlyViewSet

from ..filters import FilingFilter
from ..models import Filing
from .serializers import FilingSerializer

SUMMARY = ("id", "slug", "name_zh", "name_en", "status")


class FilingViewSet(PublishedReadOnlyViewSet):
    """The CAC register of generative-AI services (备案 models, 登记 applications), as published."""

    model = Filing
    filterset_class = FilingFilter
    serializer_class = FilingSerializer
    summarised_relations = {
        "batch": ("id", "period", "announcement_url", "attachment_url"),
        "vendor": (*SUMMARY, "kind"),
        "ai_model": (*SUMMARY, "tier"),
        "product": SUMMARY,
    }

    def with_relations(self, queryset):
        return queryset.select_related("batch", "vendor", "ai_model", "product")
