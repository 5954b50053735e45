"""Drafts, entries in review and archived entries never surface on the public side; SEO plumbing."""

import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache

from tests.site_data import build_catalogue

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(db):
    cache.clear()
    return build_catalogue()


def hidden_names(catalogue, slugs=True):
    names = []
    for entry in catalogue.hidden:
        names.append(getattr(entry, "name_zh", None) or entry.title_zh)
        if slugs:
            names.append(entry.slug)
    return names


SURFACES = [
    "/",
    "/en/",
    "/vendors/",
    "/vendors/?q=隐藏",
    "/models/",
    "/models/?q=隐藏",
    "/products/",
    "/cases/",
    "/cases/?q=隐藏",
    "/search/?q=隐藏",
    "/verticals/",
    "/verticals/finance/",
    "/vendors/baidu/",
    "/models/ernie-4/",
    "/cases/bank-service/",
    "/sitemap.xml",
    "/sitemap-pages.xml",
    "/cases/feed/",
    "/cases/feed/atom/",
    "/compare/models/?items=hidden-model-draft&items=hidden-model-in-review&items=ernie-4",
    "/compare/vendors/?items=hidden-vendor-draft&items=hidden-vendor-archived&items=baidu",
]


def sitemap_pages(client) -> list[str]:
    """Every page the sitemap index lists (their block numbers follow the primary keys)."""
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    index = ET.fromstring(client.get("/sitemap.xml").content)
    return [
        loc.text.removeprefix("http://testserver") for loc in index.findall("s:sitemap/s:loc", ns)
    ]


def test_hidden_entries_never_appear_anywhere(client, catalogue):
    for url in [*SURFACES, *sitemap_pages(client)]:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        # A compare URL names the slugs the visitor typed; only their names would be a leak.
        for text in hidden_names(catalogue, slugs="compare" not in url):
            assert text not in body, f"{text} leaked on {url}"


def test_hidden_entries_are_not_counted_in_facets(client, catalogue):
    expected = {"/vendors/": 2, "/models/": 2, "/products/": 1, "/cases/": 1}
    for url, count in expected.items():
        response = client.get(url)
        assert response.context["paginator"].count == count, url
        for group in response.context["facet_groups"]:
            values = {o.value for o in group.options}
            # Only hidden rows live in Hainan, are ISVs, are L2 or have private clients.
            assert "hainan" not in values, (url, group.name)
            if group.name in ("kind", "vendor_kind"):
                assert "isv" not in values, url
            if group.name == "client_type":
                assert "private" not in values


def test_hidden_entries_cannot_be_shortlisted_into_an_export(client, catalogue):
    for entry in catalogue.hidden:
        key = f"{entry._meta.model_name}:{entry.slug}"
        client.post("/shortlist/toggle/", {"item": key, "action": "add"})
    client.post("/shortlist/toggle/", {"item": "aimodel:ernie-4", "action": "add"})
    body = client.get("/shortlist/export.csv").content.decode("utf-8-sig")
    assert "ernie-4" in body
    for text in hidden_names(catalogue):
        assert text not in body


def test_sitemap_is_an_index_of_pages(client, catalogue):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    index = ET.fromstring(client.get("/sitemap.xml").content)
    pages = [loc.text for loc in index.findall("s:sitemap/s:loc", ns)]
    assert "http://testserver/sitemap-pages.xml" in pages
    vendor_pages = [client.get(p) for p in sitemap_pages(client) if "sitemap-vendors" in p]
    locs = [
        loc.text
        for page in vendor_pages
        for loc in ET.fromstring(page.content).findall("s:url/s:loc", ns)
    ]
    assert "http://testserver/vendors/baidu/" in locs
    assert "http://testserver/en/vendors/baidu/" in locs
    assert all(b'hreflang="en"' in page.content for page in vendor_pages)


def test_feeds_list_published_cases(client, catalogue):
    rss = ET.fromstring(client.get("/cases/feed/").content)
    titles = [t.text for t in rss.iter("title")]
    assert "某国有大型银行智能客服" in titles
    atom = client.get("/en/cases/feed/atom/")
    assert atom["Content-Type"].startswith("application/atom+xml")
    assert "Customer service at a state-owned bank" in atom.content.decode()


def test_robots_txt_points_at_the_sitemap(client):
    body = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Disallow: /admin/" in body


def jsonld_blocks(html: str) -> list[dict]:
    return [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]


def test_detail_pages_carry_canonical_opengraph_and_jsonld(client, catalogue):
    html = client.get("/vendors/baidu/").content.decode()
    assert '<link rel="canonical" href="http://testserver/vendors/baidu/">' in html
    assert '<meta property="og:title" content="百度">' in html
    assert 'hreflang="en" href="http://testserver/en/vendors/baidu/"' in html
    (org,) = jsonld_blocks(html)
    assert org["@type"] == "Organization" and org["name"] == "百度"

    html = client.get("/models/ernie-4/").content.decode()
    (app,) = jsonld_blocks(html)
    assert app["@type"] == "SoftwareApplication"
    assert app["offers"]["priceCurrency"] == "CNY"

    html = client.get("/").content.decode()
    assert jsonld_blocks(html)[0]["@type"] == "WebSite"


def test_jsonld_cannot_break_out_of_its_script_block(client, catalogue):
    catalogue.vendor.summary_zh = "</script><script>alert(1)</script>"
    catalogue.vendor.save()
    html = client.get("/vendors/baidu/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert jsonld_blocks(html)[0]["description"] == "</script><script>alert(1)</script>"


def test_rich_text_is_sanitised(client, catalogue):
    catalogue.vendor.description_zh = (
        "**粗体** <img src=x onerror=alert(1)> [链接](javascript:alert(1))"
        " <iframe src=//x></iframe>"
    )
    catalogue.vendor.save()
    html = client.get("/vendors/baidu/").content.decode()
    assert "<strong>粗体</strong>" in html
    assert "onerror" not in html and "javascript:" not in html and "<iframe" not in html


def test_pages_have_no_inline_scripts_or_handlers(client, catalogue):
    for url in ("/", "/models/", "/models/ernie-4/", "/cases/bank-service/", "/suggest/"):
        html = client.get(url).content.decode()
        scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
        # Data blocks (JSON-LD, chart data) are not executed, so a strict CSP allows them.
        data_blocks = ('type="application/ld+json"', 'type="application/json"')
        assert all(any(t in attrs for t in data_blocks) for attrs in scripts), url
        assert not re.search(r"\son[a-z]+=", html), url
        assert "style=" not in html, url


def test_no_cdn_every_asset_is_served_from_static(client):
    html = client.get("/").content.decode()
    for src in re.findall(r'(?:src|href)="([^"]+\.(?:js|css|woff2?))"', html):
        assert src.startswith("/static/"), src


def test_chinese_by_default_english_on_the_switch(client, catalogue):
    html = client.get("/vendors/baidu/").content.decode()
    assert '<html lang="zh-hans">' in html
    assert "<h1" in html and '>百度 <span class="other-name" lang="en">Baidu</span>' in html

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/vendors/baidu/"})
    assert response.status_code == 302 and response["Location"] == "/en/vendors/baidu/"
    html = client.get("/en/vendors/baidu/").content.decode()
    assert '<html lang="en">' in html
    assert '>Baidu <span class="other-name" lang="zh-Hans">百度</span>' in html
