"""The sitemap index and its pages: every published entry once per language, nothing hidden,
pages of bounded size whose query count does not grow with the directory."""

import xml.etree.ElementTree as ET
from collections import Counter
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache

from cases.models import CaseStudy
from core.models import PublicationStatus
from directory.models import AIModel, Product, Vendor, Vertical
from public import sitemaps
from tests.factories import CaseStudyFactory, VendorFactory
from tests.site_data import build_catalogue

pytestmark = pytest.mark.django_db

NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}


@pytest.fixture
def catalogue(db):
    cache.clear()
    return build_catalogue()


def page_urls(client) -> list[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    root = ET.fromstring(response.content)
    return [loc.text for loc in root.findall("s:sitemap/s:loc", NS)]


def section_paths(client, kind: str) -> list[str]:
    """The paths of the index's pages of one kind (block numbers follow the primary keys)."""
    paths = []
    for url in page_urls(client):
        parts = urlsplit(url)
        if parts.path == f"/sitemap-{kind}.xml":
            paths.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return paths


def crawl(client) -> tuple[list[str], dict[str, list[str]]]:
    """Every <loc> of every page the index lists, and each page's <loc>s."""
    locs, per_page = [], {}
    for url in page_urls(client):
        parts = urlsplit(url)
        response = client.get(parts.path + (f"?{parts.query}" if parts.query else ""))
        assert response.status_code == 200, url
        root = ET.fromstring(response.content)
        page_locs = [loc.text for loc in root.findall("s:url/s:loc", NS)]
        per_page[url] = page_locs
        locs += page_locs
    return locs, per_page


def expected_locs() -> list[str]:
    locs = []
    for model in (Vendor, AIModel, Product, CaseStudy):
        for entry in model.objects.published():
            path = entry.get_absolute_url()
            locs += [f"http://testserver{path}", f"http://testserver/en{path}"]
    return locs


def test_every_published_entry_appears_once_per_language(client, catalogue):
    locs, _ = crawl(client)
    counts = Counter(locs)
    for loc in expected_locs():
        assert counts[loc] == 1, loc
    assert "http://testserver/vendors/baidu/" in counts
    assert "http://testserver/en/vendors/baidu/" in counts
    assert "http://testserver/verticals/finance/" in counts
    assert "http://testserver/en/" in counts
    for entry in catalogue.hidden:
        assert not any(f"/{entry.slug}/" in loc for loc in locs), entry.slug


def test_pages_carry_hreflang_alternates(client, catalogue):
    response = client.get(section_paths(client, "vendors")[0])
    root = ET.fromstring(response.content)
    for url in root.findall("s:url", NS):
        links = {link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", NS)}
        assert set(links) == {"zh-hans", "en", "x-default"}
        assert url.find("s:loc", NS).text in (links["zh-hans"], links["en"])
        assert links["x-default"] == links["zh-hans"]
        assert url.find("s:lastmod", NS) is not None
    assert response.has_header("Last-Modified")


def test_entries_spread_over_pages_of_bounded_size(client, catalogue, monkeypatch):
    monkeypatch.setattr(sitemaps, "BLOCK", 3)
    vendors = VendorFactory.create_batch(10)
    # A block whose entries are all unpublished is left out of the index (and is a 404).
    for vendor in vendors[-6:]:
        vendor.status = PublicationStatus.DRAFT
        vendor.save()
    locs, per_page = crawl(client)
    counts = Counter(locs)
    assert all(counts[loc] == 1 for loc in expected_locs())
    assert len(locs) == len(set(locs))
    vendor_pages = {url: page for url, page in per_page.items() if "sitemap-vendors" in url}
    assert all(len(page) <= 2 * 3 for page in vendor_pages.values())
    listed = {int(url.rsplit("=", 1)[1]) for url in vendor_pages}
    blocks = {(pk - 1) // 3 + 1 for pk in Vendor.objects.published().values_list("pk", flat=True)}
    assert listed == blocks and len(listed) > 1
    drafted = {(v.pk - 1) // 3 + 1 for v in vendors[-6:]} - blocks
    assert drafted  # six consecutive pks cover a whole block
    for page in drafted:
        assert client.get(f"/sitemap-vendors.xml?p={page}").status_code == 404


@pytest.mark.parametrize("query", ["p=0", "p=-1", "p=abc", "p=999999", "p=١", "p=1.5"])
def test_bad_or_empty_pages_are_404(client, catalogue, query):
    assert client.get(f"/sitemap-cases.xml?{query}").status_code == 404


def test_unknown_section_is_404(client, catalogue):
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_query_counts_do_not_grow_with_the_directory(client, catalogue, django_assert_num_queries):
    cases_page = section_paths(client, "cases")[0]

    def measure():
        with django_assert_num_queries(len(sitemaps.SECTIONS)):  # one per kind of entry
            client.get("/sitemap.xml")
        with django_assert_num_queries(1):
            client.get("/sitemap-pages.xml")
        with django_assert_num_queries(1):
            assert client.get(cases_page).status_code == 200

    measure()
    CaseStudyFactory.create_batch(15)
    VendorFactory.create_batch(5)
    assert Vertical.objects.exists()
    measure()
