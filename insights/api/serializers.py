from rest_framework import serializers

from ..charts import Chart

KINDS = ["bar", "hbar", "line", "stacked", "heatmap", "number", "tree"]


class ChartSourceSerializer(serializers.Serializer):
    title = serializers.CharField(source="source")
    url = serializers.CharField(source="source_url", help_text="A link, or a path on this site.")
    date = serializers.CharField(source="source_date", help_text="ISO date, or empty.")


class ChartSeriesSerializer(serializers.Serializer):
    name = serializers.CharField()
    data = serializers.ListField(
        child=serializers.JSONField(),
        help_text="One number (or null) per category; for a heatmap, [x, y, value] cells.",
    )


class ChartTableSerializer(serializers.Serializer):
    columns = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(
        child=serializers.ListField(child=serializers.JSONField()),
        help_text="The data table under the chart; the first cell of a row is its label.",
    )


class ChartSummarySerializer(serializers.Serializer):
    """A chart in the list: what it is and where its numbers are."""

    slug = serializers.CharField()
    kind = serializers.ChoiceField(choices=KINDS)
    title = serializers.CharField()
    takeaway = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, chart: Chart) -> str:
        request = self.context.get("request")
        path = self.context["detail_path"](chart.slug)
        return request.build_absolute_uri(path) if request else path


class ChartSerializer(serializers.Serializer):
    """A chart's numbers and labels in the request's language: exactly what the page draws."""

    slug = serializers.CharField()
    kind = serializers.ChoiceField(choices=KINDS)
    title = serializers.CharField()
    takeaway = serializers.CharField(help_text="The one-line reading of the chart.")
    unit = serializers.CharField()
    source = ChartSourceSerializer(source="*")
    categories = serializers.ListField(child=serializers.CharField())
    y_categories = serializers.ListField(
        child=serializers.CharField(), help_text="Rows of a heatmap; empty otherwise."
    )
    series = ChartSeriesSerializer(many=True)
    tree = serializers.JSONField(allow_null=True, help_text="Only for a lineage tree.")
    table = ChartTableSerializer(source="*")
    csv_url = serializers.CharField(help_text="Path of the CSV download of the data table.")
    is_sample = serializers.BooleanField(help_text="Illustrative data, not a real record.")
    empty = serializers.BooleanField(help_text="Nothing published to chart yet.")
    language = serializers.SerializerMethodField()

    def get_language(self, chart: Chart) -> str:
        return chart.as_dict()["language"]
