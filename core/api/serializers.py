"""Serializer pieces shared by every resource."""

from django.db import models
from rest_framework import serializers

from core.models import PublicationStatus, Tombstone


class TombstoneSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="object_id", read_only=True)

    class Meta:
        model = Tombstone
        fields = ["id", "slug", "reason", "removed_at"]


class PublishedListSerializer(serializers.ListSerializer):
    """Related entries that are not published are left out (from prefetched rows: no query)."""

    def to_representation(self, data):
        items = data.all() if isinstance(data, models.manager.BaseManager) else data
        child = self.child
        return [
            child.to_representation(item)
            for item in items
            if item.status == PublicationStatus.PUBLISHED
        ]


class PublishedSummarySerializer(serializers.ModelSerializer):
    """A short summary of a related publishable entry; null when that entry isn't published."""

    class Meta:
        list_serializer_class = PublishedListSerializer

    def get_attribute(self, instance):
        related = super().get_attribute(instance)
        if related is None or getattr(related, "status", None) != PublicationStatus.PUBLISHED:
            return None
        return related


class TermSummarySerializer(serializers.ModelSerializer):
    class Meta:
        fields = ["slug", "name_zh", "name_en"]
