"""Market statistics (the report's dated series) as an API resource."""

from rest_framework import serializers

from core.api.serializers import FastRepresentationMixin
from core.api.viewsets import PublishedReadOnlyViewSet

from ..filters import StatSeriesFilter
from ..models import StatPoint, StatSeries


class StatPointSerializer(serializers.ModelSerializer):
    class Meta:
        model = StatPoint
        fields = ["period_start", "label_zh", "label_en", "value", "note"]


class StatSeriesListSerializer(FastRepresentationMixin, serializers.ModelSerializer):
    points = StatPointSerializer(many=True, read_only=True)

    class Meta:
        model = StatSeries
        fields = [
            "id",
            "slug",
            "name_zh",
            "name_en",
            "unit_zh",
            "unit_en",
            "source_title",
            "source_url",
            "source_date",
            "position",
            "points",
            "is_sample",
            "published_at",
            "updated",
        ]


class StatSeriesDetailSerializer(StatSeriesListSerializer):
    class Meta(StatSeriesListSerializer.Meta):
        fields = [*StatSeriesListSerializer.Meta.fields, "description_zh", "description_en"]


class StatSeriesViewSet(PublishedReadOnlyViewSet):
    """Market statistics: dated series (filings per batch, price per million tokens …)."""

    model = StatSeries
    filterset_class = StatSeriesFilter
    serializer_class = StatSeriesListSerializer
    detail_serializer_class = StatSeriesDetailSerializer

    def with_relations(self, queryset):
        return queryset.prefetch_related("points")
