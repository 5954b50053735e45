"""The public pages that exist right now, found from the URL configuration (not a fixed list),
so tests over "every public page" keep up as the site grows."""

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.exceptions import NoReverseMatch

NOT_PUBLIC_PAGES = ("/admin/", "/api/", "/i18n/", "/static/", "/media/")


def _names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def argument_free_public_urls() -> list[str]:
    """Every named URL that takes no arguments and is not admin, API or plumbing."""
    urls = set()
    for name in _names(get_resolver().url_patterns):
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        if not url.startswith(NOT_PUBLIC_PAGES) and "/en/" not in url:
            urls.add(url)
    return sorted(urls)


def suggest_form_urls() -> list[str]:
    return [url for url in argument_free_public_urls() if "suggest" in url]
