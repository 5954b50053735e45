"""Template tags that let any page show insights charts with a one-line include."""

from django import template
from django.templatetags.static import static
from django.utils.html import format_html

from .. import charts, svg

register = template.Library()


@register.simple_tag(takes_context=True)
def insights_assets(context):
    """The stylesheet and scripts the charts need, once per page however many includes ask."""
    request = context.get("request")
    if request is not None:
        if getattr(request, "_insights_assets_done", False):
            return ""
        request._insights_assets_done = True
    # ECharts (a build of only what the heatmap and the tree need) is fetched by charts.js when
    # such a chart comes near the screen; bars and lines arrive drawn (insights/svg.py).
    return format_html(
        '<link rel="stylesheet" href="{}"><script src="{}" data-echarts="{}" defer></script>',
        static("insights/insights.css"),
        static("insights/charts.js"),
        static("vendor/echarts/echarts.atlas.min.js"),
    )


@register.simple_tag
def chart_svg(chart, small=False):
    """Bars and lines as inline SVG drawn here; "" for the kinds the browser draws."""
    return svg.render(chart.as_dict(), small=bool(small))


@register.simple_tag
def insights_home_charts(limit=4):
    return charts.home_charts(limit)


@register.simple_tag
def insights_vertical_charts(vertical):
    return charts.vertical_charts(vertical) if vertical is not None else []


@register.simple_tag
def insights_lineage(model):
    return charts.lineage_chart(model) if model is not None else None
