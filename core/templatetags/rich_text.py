"""`{{ text|markdownify }}`: editors' Markdown, sanitised (see core.rich_text)."""

from django import template

from core.rich_text import render_markdown

register = template.Library()


@register.filter(is_safe=True)
def markdownify(text) -> str:
    return render_markdown(text)
