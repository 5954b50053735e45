"""Template helpers of the public site: safe rich text, JSON-LD, absolute and alternate URLs."""

import json

import markdown
import nh3
from django import template
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# What editors' Markdown may turn into; everything else (scripts, styles, event handlers,
# iframes, inline style attributes) is removed by nh3.
RICH_TEXT_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "del", "code", "pre", "blockquote",
    "ul", "ol", "li", "h3", "h4", "h5", "h6", "a", "table", "thead", "tbody", "tr", "th", "td",
    "sup", "sub", "abbr",
}  # fmt: skip
RICH_TEXT_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}


@register.filter(is_safe=True)
def markdownify(text: str) -> str:
    """Editor-written Markdown as sanitised HTML: the one path rich text takes to a page."""
    if not text:
        return ""
    html = markdown.markdown(str(text), extensions=["tables", "sane_lists"], output_format="html")
    cleaned = nh3.clean(
        html,
        tags=RICH_TEXT_TAGS,
        attributes=RICH_TEXT_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        set_tag_attribute_values={"table": {"class": "table table-sm"}},
    )
    return mark_safe(cleaned)


_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter(is_safe=True)
def jsonld(data) -> str:
    """A schema.org data block (not executable, so allowed under a strict CSP)."""
    if not data:
        return ""
    payload = json.dumps(data, ensure_ascii=False, default=str).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))


@register.simple_tag(takes_context=True)
def absolute_url(context, path: str = "") -> str:
    request = context.get("request")
    if request is None:
        return path
    return request.build_absolute_uri(path or request.path)


@register.simple_tag(takes_context=True)
def alternate_url(context, language: str) -> str:
    """This page's absolute URL in another language (for hreflang links)."""
    request = context["request"]
    return request.build_absolute_uri(translate_url(request.path, language))


@register.filter
def shortlist_key(obj) -> str:
    """`<type>:<slug>`, how the shortlist and compare forms name an entry."""
    return f"{obj._meta.model_name}:{obj.slug}"


@register.filter
def get_item(mapping, key):
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def percent_change(value) -> str:
    """A relative change (0.25) as a signed percentage (+25%)."""
    if value is None:
        return ""
    return f"{value * 100:+.0f}%"


@register.filter
def plain_number(value) -> str:
    """A Decimal without trailing zeros (12.5000 → 12.5); thousands separated."""
    if value is None:
        return ""
    try:
        normalized = value.normalize()
    except AttributeError:
        return f"{value:,}" if isinstance(value, int) else str(value)
    if normalized == normalized.to_integral():
        return f"{int(normalized):,}"
    return f"{normalized:,f}"


@register.simple_tag(takes_context=True)
def translated_path(context, language: str) -> str:
    """This page (with its query string) in another language, as a path.

    The language switch posts it as `next`: set_language cannot translate a URL that carries
    another language's prefix, so the page that knows its own language does it.
    """
    request = context["request"]
    return translate_url(request.get_full_path(), language)


@register.filter
def published(entry):
    """The related entry if it is published, else None: an unpublished one is shown as absent
    (as the API shows it as null), so no draft's name reaches a public page."""
    if entry is None or getattr(entry, "status", "published") != "published":
        return None
    return entry


@register.filter
def html_datetime(value) -> str:
    """A `<time datetime>` value: ISO 8601 to the second (HTML allows at most 3 decimals)."""
    if not value:
        return ""
    return value.replace(microsecond=0).isoformat()


@register.filter(is_safe=True)
def lang_attr(value) -> str:
    """` lang="zh-Hans"` when the text is the other language's (no translation was written)."""
    lang = getattr(value, "fallback_lang", "")
    return mark_safe(f' lang="{lang}"') if lang else ""
