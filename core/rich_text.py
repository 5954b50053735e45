"""Editor-written Markdown to HTML a visitor's browser can only display, never run.

Markdown passes raw HTML through, so the rendered HTML goes through nh3 (the Rust `ammonia`
sanitiser) with a short allow-list: no script, style, iframe, svg, event handler, inline style
or javascript: URL survives.
"""

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "del", "code", "pre", "blockquote",
    "ul", "ol", "li", "h3", "h4", "h5", "h6", "a", "table", "thead", "tbody", "tr", "th", "td",
    "sup", "sub", "abbr",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
URL_SCHEMES = {"http", "https", "mailto"}


def sanitize_html(html: str) -> SafeString:
    cleaned = nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(cleaned)  # nh3 has just removed everything executable


def render_markdown(text) -> SafeString:
    if not text:
        return mark_safe("")
    html = markdown.markdown(str(text), extensions=["tables", "sane_lists"], output_format="html")
    return sanitize_html(html)
