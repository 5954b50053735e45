"""The finder's answer as data: ranked vendors, each factor's points, reasons with evidence."""

from rest_framework import serializers

from directory.api.serializers import VendorSummarySerializer


class LinkSerializer(serializers.Serializer):
    label = serializers.CharField()
    url = serializers.CharField(help_text="An Atlas page (absolute URL) or an external source.")
    external = serializers.BooleanField(help_text="True for a source outside Atlas.")


class ReasonSerializer(serializers.Serializer):
    factor = serializers.CharField(source="key")
    text = serializers.CharField()
    points = serializers.FloatField()
    max_points = serializers.IntegerField()
    evidence = LinkSerializer(many=True)


class ResultSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    score = serializers.IntegerField(help_text="0–100: points earned over the factors that apply.")
    vendor = VendorSummarySerializer()
    reasons = ReasonSerializer(many=True)
    missing = serializers.ListField(child=serializers.CharField())


class WeightSerializer(serializers.Serializer):
    factor = serializers.CharField(source="key")
    points = serializers.IntegerField()
    label = serializers.CharField()
    rule = serializers.CharField()


class FinderSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    requirements = serializers.DictField(child=serializers.JSONField())
    candidates = serializers.IntegerField(help_text="Vendors meeting every hard requirement.")
    weights = WeightSerializer(many=True, help_text="The factors that apply to this request.")
    results = ResultSerializer(many=True)
