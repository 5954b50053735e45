"""Template tags that let any page show insights charts with a one-line include."""

from django import template
from django.templatetags.static import static
from django.utils.html import format_html

from .. import charts

register = template.Library()


@register.simple_tag(takes_context=True)
def insights_assets(context):
    """The stylesheet and scripts the charts need, once per page however many includes ask."""
    request = context.get("request")
    if request is not None:
        if getattr(request, "_insights_assets_done", False):
            return ""
        request._insights_assets_done = True
    return format_html(
        '<link rel="stylesheet" href="{}">'
        '<script src="{}" defer></script>'
        '<script src="{}" defer></script>',
        static("insights/insights.css"),
        static("vendor/echarts/echarts.min.js"),
        static("insights/charts.js"),
    )


@register.simple_tag
def insights_home_charts(limit=4):
    return charts.home_charts(limit)


@register.simple_tag
def insights_vertical_charts(vertical):
    return charts.vertical_charts(vertical) if vertical is not None else []


@register.simple_tag
def insights_lineage(model):
    return charts.lineage_chart(model) if model is not None else None
