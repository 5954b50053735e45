"""sitemap.xml: an index of sitemap pages listing published entries in both languages.

A page holds the published entries of one kind whose pks fall in one block of `BLOCK` pks, so
a page is one range scan on the primary key, and at most `2 · BLOCK` URLs (one per language).
Its XML is joined from strings: one `reverse()` per language and kind, not one per URL, and
no template loop (Django's sitemap view costs ~0.3 ms per URL, 16 s for 50,000 URLs).
The index lists only the blocks that hold a published entry, read from the facet index's
bitmap of published entries (core.facets): no scan of the entries, whatever their number. It
gives no <lastmod> per block (optional in the protocol: the latest change of a block would be a
scan); every URL on the pages carries its own.
"""

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote
from xml.sax.saxutils import escape

from django.conf import settings
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.http import http_date
from django.views.decorators.http import require_GET

from cases.models import CaseStudy
from core import facets
from directory.models import AIModel, Product, Vendor, Vertical
from filings.models import Filing

BLOCK = 5_000  # entries per page; each is listed in both languages: ≤ 10,000 URLs
_PLACEHOLDER = "sitemap-slug"  # a valid slug, reversed once and then replaced


@dataclass(frozen=True)
class EntrySection:
    """Published entries of one model, paged by blocks of primary keys."""

    model: type
    url_name: str
    changefreq: str = "weekly"

    def pages(self) -> list[int]:
        """The numbers of the blocks holding a published entry, from the facet index."""
        published = facets.load(self.model).all
        if not published:
            return []
        return [
            block + 1
            for block in range((published.max() - 1) // BLOCK + 1)
            if published.range_cardinality(block * BLOCK + 1, (block + 1) * BLOCK + 1)
        ]

    def entries(self, page: int) -> list[tuple[str, datetime | None]]:
        """(slug, updated) of the published entries of page `page`: one range scan."""
        return list(
            self.model.objects.published()
            .filter(pk__gt=(page - 1) * BLOCK, pk__lte=page * BLOCK)
            .order_by("pk")
            .values_list("slug", "updated")
        )

    def paths(self, slug: str) -> dict[str, str]:
        return _paths(self.url_name, {"slug": slug})


SECTIONS = {
    "vendors": EntrySection(Vendor, "directory:vendor_detail"),
    "models": EntrySection(AIModel, "directory:model_detail"),
    "products": EntrySection(Product, "directory:product_detail"),
    "cases": EntrySection(CaseStudy, "cases:case_detail"),
    "filings": EntrySection(Filing, "filings:filing_detail", changefreq="monthly"),
}
STATIC_PAGES = [
    "home",
    "directory:vendor_list",
    "directory:model_list",
    "directory:product_list",
    "cases:case_list",
    "directory:vertical_list",
    "filings:filing_list",
]


def _paths(url_name: str, kwargs: dict | None = None) -> dict[str, str]:
    """The URL path of `url_name` in every language, by language code."""
    paths = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            paths[code] = escape(reverse(url_name, kwargs=kwargs))
    return paths


def _url_xml(base: str, paths: dict[str, str], lastmod, changefreq: str, priority=None) -> str:
    """One <url> per language, each with every language's alternate and x-default."""
    links = "".join(
        f'<xhtml:link rel="alternate" hreflang="{code}" href="{base}{path}"/>'
        for code, path in paths.items()
    )
    links += (
        f'<xhtml:link rel="alternate" hreflang="x-default" '
        f'href="{base}{paths[settings.LANGUAGE_CODE]}"/>'
    )
    extra = f"<lastmod>{lastmod:%Y-%m-%d}</lastmod>" if lastmod else ""
    extra += f"<changefreq>{changefreq}</changefreq>"
    if priority:
        extra += f"<priority>{priority}</priority>"
    return "".join(f"<url><loc>{base}{path}</loc>{extra}{links}</url>" for path in paths.values())


def _urlset(urls: list[str], lastmod: datetime | None) -> HttpResponse:
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">' + "".join(urls) + "</urlset>\n"
    )
    response = HttpResponse(body, content_type="application/xml")
    if lastmod:
        response["Last-Modified"] = http_date(lastmod.timestamp())
    return response


def _base(request) -> str:
    return escape(f"{request.scheme}://{request.get_host()}")


@require_GET
def sitemap_index(request):
    """The sitemap index: the page of static pages and verticals, then every entry block."""
    section_path = reverse("sitemap_section", kwargs={"section": "pages"})
    base = _base(request)
    locations = [f"{base}{section_path}"]
    for name, section in SECTIONS.items():
        path = reverse("sitemap_section", kwargs={"section": name})
        locations += [f"{base}{path}?p={page}" for page in section.pages()]
    body = "".join(f"<sitemap><loc>{loc}</loc></sitemap>" for loc in locations)
    return HttpResponse(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + body
        + "</sitemapindex>\n",
        content_type="application/xml",
    )


@require_GET
def sitemap_section(request, section: str):
    """One sitemap page: the static pages and verticals, or one block of a kind's entries."""
    base = _base(request)
    if section == "pages":
        urls = [_url_xml(base, _paths(name), None, "daily", 0.8) for name in STATIC_PAGES]
        urls += [
            _url_xml(base, _paths("directory:vertical_detail", {"slug": slug}), None, "weekly")
            for slug in Vertical.objects.order_by("pk").values_list("slug", flat=True)
        ]
        return _urlset(urls, None)
    entry_section = SECTIONS.get(section)
    page = request.GET.get("p", "1")
    if entry_section is None or not page.isascii() or not page.isdigit() or int(page) < 1:
        raise Http404("No such sitemap page.")
    entries = entry_section.entries(int(page))
    if not entries:
        raise Http404("This sitemap page is empty.")
    # Reverse once per language with a placeholder slug, then put each entry's slug in.
    templates = {
        code: path.split(_PLACEHOLDER) for code, path in entry_section.paths(_PLACEHOLDER).items()
    }
    urls = []
    for slug, updated in entries:
        quoted = escape(quote(slug, safe="-_.~"))
        paths = {code: head + quoted + tail for code, (head, tail) in templates.items()}
        urls.append(_url_xml(base, paths, updated, entry_section.changefreq))
    latest = max((updated for _slug, updated in entries if updated), default=None)
    return _urlset(urls, latest)
