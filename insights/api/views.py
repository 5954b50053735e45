from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from ..charts import all_charts, chart_by_slug
from .serializers import ChartSerializer, ChartSummarySerializer

LANGUAGE_HEADER = OpenApiParameter(
    "Accept-Language",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="`zh-hans` (default) or `en`: the language of titles, takeaways and labels.",
)


@extend_schema(tags=["insights"], parameters=[LANGUAGE_HEADER])
class InsightChartViewSet(viewsets.ViewSet):
    """Market insights: the report's statistic series and live counts from the directory.

    Only published entries count. The numbers are the ones the insights page draws.
    """

    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"

    def _detail_path(self, slug: str) -> str:
        namespace = self.request.resolver_match.namespace
        name = f"{namespace}:insights-detail" if namespace else "insights-detail"
        return reverse(name, kwargs={"slug": slug})

    @extend_schema(summary="List the charts", responses=ChartSummarySerializer(many=True))
    def list(self, request):
        context = {"request": request, "detail_path": self._detail_path}
        return Response(ChartSummarySerializer(all_charts(), many=True, context=context).data)

    @extend_schema(
        summary="One chart: numbers, labels, takeaway, source", responses=ChartSerializer
    )
    def retrieve(self, request, slug=None):
        chart = chart_by_slug(slug)
        if chart is None:
            raise NotFound()
        return Response(ChartSerializer(chart).data)
