from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.text import slugify
from django.utils.translation import get_language
from django.views.generic import TemplateView

from directory.models import AIModel, Vertical

from .charts import (
    VERTICAL_CHARTS,
    chart_by_slug,
    lineage_chart,
    live_charts,
    report_charts,
    vertical_charts,
)


class InsightsView(TemplateView):
    """Every chart: the report's figures, then the directory's own counts."""

    template_name = "insights/index.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            report_charts=report_charts(), live_charts=live_charts(), **kwargs
        )


def csv_response(chart) -> HttpResponse:
    response = HttpResponse(chart.as_csv(), content_type="text/csv; charset=utf-8")
    filename = f"atlas-{slugify(chart.dom_id)}-{get_language() or 'zh-hans'}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def chart_csv(request, slug):
    chart = chart_by_slug(slug)
    if chart is None:
        raise Http404
    return csv_response(chart)


def vertical_chart_csv(request, vertical, chart):
    if chart not in VERTICAL_CHARTS:
        raise Http404

    vertical = get_object_or_404(Vertical, slug=vertical)
    return csv_response(vertical_charts(vertical)[VERTICAL_CHARTS[chart]])


def lineage_csv(request, slug):
    chart = lineage_chart(get_object_or_404(AIModel.objects.published(), slug=slug))
    if chart is None:
        raise Http404
    return csv_response(chart)
