from django import template

from search.snippets import highlight as _highlight

register = template.Library()


@register.filter
def highlight(text, query):
    """`{{ case.summary|highlight:q }}`: escaped text, matches of `q` in <mark>."""
    return _highlight(str(text or ""), str(query or ""))


@register.filter
def highlight_full(text, query):
    """Like `highlight`, without cutting the text."""
    return _highlight(str(text or ""), str(query or ""), length=None)
