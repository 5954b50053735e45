"""Serializer pieces shared by every resource."""

from django.db import models
from django.db.models import Prefetch
from rest_framework import serializers

from core.models import PublicationStatus, Tombstone


class TombstoneSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="object_id", read_only=True)

    class Meta:
        model = Tombstone
        fields = ["id", "slug", "reason", "removed_at"]


def prefetched(relation: str, queryset) -> Prefetch:
    """Prefetch a relation into a plain list (`<relation>_list`) that the serializers read.

    A list is cheaper to read per row than a prefetched manager (no manager or queryset to
    build for every row), which is most of the cost of a 100-item page.
    """
    return Prefetch(relation, queryset=queryset, to_attr=f"{relation}_list")


class PrefetchedListSerializer(serializers.ListSerializer):
    """Reads the list `prefetched()` left on the row, or else the relation itself."""

    def get_attribute(self, instance):
        items = getattr(instance, f"{self.source}_list", None)
        return items if items is not None else super().get_attribute(instance)

    def to_representation(self, data):
        items = data.all() if isinstance(data, models.manager.BaseManager) else data
        return [self.child.to_representation(item) for item in items]


class PublishedListSerializer(PrefetchedListSerializer):
    """Related entries that are not published are left out, whatever was prefetched."""

    def to_representation(self, data):
        items = data.all() if isinstance(data, models.manager.BaseManager) else data
        child = self.child
        return [
            child.to_representation(item)
            for item in items
            if item.status == PublicationStatus.PUBLISHED
        ]


PLAIN_FIELD_TYPES = (
    serializers.BooleanField,
    serializers.CharField,
    serializers.ChoiceField,
    serializers.EmailField,
    serializers.IntegerField,
    serializers.SlugField,
    serializers.URLField,
)


class FastRepresentationMixin:
    """DRF's `to_representation` with its per-field overhead skipped where it changes nothing.

    A model's char, slug, URL, integer, boolean and choice attributes already are what those
    serializer fields would output, so they are read directly; every other field (dates,
    decimals, files, nested serializers, method fields) goes through DRF as usual.
    """

    def _representation_plan(self):
        plan = self.__dict__.get("_plan")
        if plan is None:
            plan = self._plan = [
                (
                    field.field_name,
                    field.source_attrs[0]
                    if type(field) in PLAIN_FIELD_TYPES and len(field.source_attrs) == 1
                    else None,
                    field,
                )
                for field in self._readable_fields
            ]
        return plan

    def to_representation(self, instance):
        ret = {}
        for name, attr, field in self._representation_plan():
            if attr is not None:
                ret[name] = getattr(instance, attr)
                continue
            try:
                attribute = field.get_attribute(instance)
            except serializers.SkipField:
                continue
            ret[name] = None if attribute is None else field.to_representation(attribute)
        return ret


class PlainFieldsMixin:
    """For summaries whose fields are all plain model attributes (ids, slugs, names, choices):
    read them directly. The declared fields still describe the schema; a page embeds hundreds
    of summaries, and the generic per-field machinery was most of its cost."""

    def to_representation(self, instance):
        return {name: getattr(instance, name) for name in self.Meta.fields}


class PublishedSummarySerializer(PlainFieldsMixin, serializers.ModelSerializer):
    """A short summary of a related publishable entry; null when that entry isn't published."""

    class Meta:
        list_serializer_class = PublishedListSerializer

    def get_attribute(self, instance):
        related = super().get_attribute(instance)
        if related is None or getattr(related, "status", None) != PublicationStatus.PUBLISHED:
            return None
        return related


class TermSummarySerializer(PlainFieldsMixin, serializers.ModelSerializer):
    class Meta:
        fields = ["slug", "name_zh", "name_en"]
        list_serializer_class = PrefetchedListSerializer
