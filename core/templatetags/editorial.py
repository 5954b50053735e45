"""Admin-side template helpers."""

from django import template

register = template.Library()


@register.simple_tag
def review_queue_count() -> int:
    from core.review import waiting_count

    return waiting_count()
