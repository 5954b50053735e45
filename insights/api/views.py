from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from core.api.errors import invalid
from core.api.params import check_known

from ..charts import all_charts, chart_by_slug
from .serializers import ChartSerializer, ChartSummarySerializer

LANGUAGES = [code for code, _name in settings.LANGUAGES]
LANGUAGE_PARAMETERS = [
    OpenApiParameter(
        "lang",
        OpenApiTypes.STR,
        OpenApiParameter.QUERY,
        enum=LANGUAGES,
        description="Language of titles, takeaways and labels; else Accept-Language; "
        "else `zh-hans`.",
    ),
    OpenApiParameter(
        "Accept-Language",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        description="`zh-hans` (default) or `en`.",
    ),
]


def request_language(request) -> str:
    """`?lang=`, else the Accept-Language header (the API has no language prefix in its path)."""
    asked = request.GET.get("lang", "")
    if asked in LANGUAGES:
        return asked
    return translation.get_language_from_request(request, check_path=False)


@extend_schema(tags=["insights"], parameters=LANGUAGE_PARAMETERS)
class InsightChartViewSet(viewsets.ViewSet):
    """Market insights: the report's statistic series and live counts from the directory.

    Only published entries count. The numbers are the ones the insights page draws.
    """

    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"

    def dispatch(self, request, *args, **kwargs):
        language = request_language(request)
        with translation.override(language):
            response = super().dispatch(request, *args, **kwargs)
        response["Content-Language"] = language
        patch_vary_headers(response, ["Accept-Language"])
        return response

    def initial(self, request, *args, **kwargs):
        """Strict like every list: an unknown parameter or language is a 400."""
        super().initial(request, *args, **kwargs)
        check_known(request.query_params, {"lang"})
        if request.query_params.get("lang", LANGUAGES[0]) not in LANGUAGES:
            raise invalid(
                "lang", _("Use one of: %(languages)s.") % {"languages": ", ".join(LANGUAGES)}
            )

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
