"""The public site in real Chromium: search, facets, detail, compare, shortlist, language, a11y."""

import csv
import io
import re

import pytest
from django.core.cache import cache

from tests.browser.conftest import ARTIFACTS, axe_violations, horizontal_overflow
from tests.factories import AIModelFactory, VendorFactory
from tests.site_data import build_catalogue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def catalogue(transactional_db):
    cache.clear()
    return build_catalogue()


def test_search_then_apply_a_facet_without_a_reload(page, catalogue):
    page.goto("/en/models/")
    page.fill("#listing-q", "文心")
    page.press("#listing-q", "Enter")
    page.wait_for_url(re.compile(r"q=%E6%96%87%E5%BF%83"))
    assert page.get_by_test_id("result-count").inner_text().startswith("2 ")

    page.evaluate("window.__stillHere = true")  # gone if the page reloads
    page.check("#f-tier-l1")
    page.wait_for_url(re.compile(r"tier=L1"))
    page.wait_for_function(  # a function, not an expression: CSP forbids the page eval()
        "() => document.querySelector('[data-testid=result-count]').innerText.startsWith('1 ')"
    )
    assert page.evaluate("window.__stillHere") is True
    assert "q=%E6%96%87%E5%BF%83" in page.url  # the URL holds the whole state
    results = page.get_by_test_id("results")
    assert "ERNIE Finance" in results.inner_text()
    assert "ERNIE 4.0" not in results.inner_text()

    # The bookmarked URL reproduces the page on its own.
    page.goto(page.url)
    assert page.is_checked("#f-tier-l1")
    assert page.get_by_test_id("result-count").inner_text().startswith("1 ")


def test_open_a_detail_page(page, catalogue):
    page.goto("/en/models/")
    page.get_by_role("link", name=re.compile("ERNIE Finance")).first.click()
    page.wait_for_url("**/en/models/ernie-finance/")
    assert "ERNIE Finance" in page.locator("h1").inner_text()
    assert (
        "ERNIE 4.0" in page.locator("#lineage-heading + *").inner_text()
        or page.get_by_role("link", name="ERNIE 4.0").count()
    )


def test_compare_two_models(page, catalogue):
    page.goto("/en/models/")
    assert page.is_disabled("#compare-submit")
    page.check("#cmp-ernie-4")
    page.check("#cmp-ernie-finance")
    page.click("#compare-submit")
    page.wait_for_url(re.compile(r"/en/compare/models/\?items=.*items="))
    table = page.get_by_test_id("compare-table")
    assert table.locator("thead th").count() == 2
    tier_row = table.locator("tr", has_text="Tier")
    assert "differs" in (tier_row.get_attribute("class") or "")
    assert "L0 · General model" in tier_row.inner_text()
    assert "L1 · Industry model" in tier_row.inner_text()


def test_add_to_the_shortlist_and_export(page, catalogue):
    page.goto("/en/models/")
    first = page.get_by_test_id("shortlist-toggle").first
    first.click()
    page.wait_for_function(
        "() => document.querySelector('[data-testid=shortlist-toggle]')"
        ".getAttribute('aria-pressed') === 'true'"
    )
    assert page.inner_text("#shortlist-count") == "1"

    page.goto("/en/vendors/baidu/")
    page.get_by_test_id("shortlist-toggle").click()
    page.wait_for_function("() => document.querySelector('#shortlist-count').innerText === '2'")

    page.goto("/en/shortlist/")
    with page.expect_download() as download_info:
        page.get_by_test_id("shortlist-export").click()
    download = download_info.value
    assert download.suggested_filename == "atlas-shortlist.csv"
    with open(download.path(), encoding="utf-8-sig") as exported:
        text = exported.read()
    rows = list(csv.reader(io.StringIO(text)))
    assert {row[0] for row in rows[1:]} == {"Model", "Vendor"}
    assert "百度" in {row[1] for row in rows[1:]}


def test_switch_language(page, catalogue):
    page.goto("/vendors/baidu/")
    assert page.get_attribute("html", "lang") == "zh-hans"
    assert page.locator("h1").inner_text().startswith("百度")
    page.get_by_test_id("language-switch").click()
    page.wait_for_url("**/en/vendors/baidu/")
    assert page.get_attribute("html", "lang") == "en"
    assert page.locator("h1").inner_text().startswith("Baidu")
    page.get_by_test_id("language-switch").click()
    page.wait_for_url(re.compile(r"//[^/]+/vendors/baidu/$"))
    assert page.get_attribute("html", "lang") == "zh-hans"


def test_home_on_a_375px_phone(page, catalogue):
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto("/")
    assert horizontal_overflow(page) <= 0
    page.screenshot(path=str(ARTIFACTS / "home-375.png"), full_page=True)
    assert (ARTIFACTS / "home-375.png").stat().st_size > 10_000


def test_keyboard_reaches_the_search_and_the_facets(page, catalogue):
    page.goto("/en/models/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip() == "Skip to content"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.id")
    assert focused in ("listing-q", "f-vertical-finance")


def page_types(catalogue):
    retired = AIModelFactory(slug="retired", status="archived", successor=catalogue.base_model)
    VendorFactory(slug="second", name_zh="第二", name_en="Second")
    return {
        "home": ("/", 200),
        "home-en": ("/en/", 200),
        "vendors": ("/vendors/", 200),
        "models": ("/models/?tier=L0", 200),
        "products": ("/products/", 200),
        "cases": ("/cases/?vertical=finance", 200),
        "empty list": ("/cases/?q=nothing-matches-this", 200),
        "vendor": (catalogue.vendor.get_absolute_url(), 200),
        "model": (catalogue.model.get_absolute_url(), 200),
        "product": (catalogue.product.get_absolute_url(), 200),
        "case": (catalogue.case.get_absolute_url(), 200),
        "verticals": ("/verticals/", 200),
        "vertical": (catalogue.finance.get_absolute_url(), 200),
        "search": ("/search/?q=文心", 200),
        "compare": ("/compare/models/?items=ernie-4&items=ernie-finance", 200),
        "compare vendors": ("/compare/vendors/?items=baidu&items=second", 200),
        "shortlist": ("/shortlist/", 200),
        "suggest": ("/suggest/", 200),
        "developers": ("/developers/", 200),
        "developers (en)": ("/en/developers/", 200),
        "key request": ("/developers/key/", 200),
        "about": ("/about/", 200),
        "data licence": ("/en/about/data-licence/", 200),
        "contact": (f"/contact/?about={catalogue.model.get_absolute_url()}", 200),
        "retired": (retired.get_absolute_url(), 410),
        "not found": ("/models/no-such-model/", 404),
    }


@pytest.mark.parametrize("width", [1280, 375])
def test_every_page_type_is_accessible_and_fits(page, catalogue, width):
    page.set_viewport_size({"width": width, "height": 900})
    problems = {}
    for name, (url, status) in page_types(catalogue).items():
        response = page.goto(url)
        assert response.status == status, name
        found = axe_violations(page)
        if horizontal_overflow(page) > 0:
            found.append(f"scrolls sideways by {horizontal_overflow(page)}px")
        if found:
            problems[name] = found
    assert not problems, problems


def test_facets_work_without_javascript(chromium, live_server, catalogue):
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/en/models/")
        page.click(".facets-summary")  # the filter panel is a plain <details>
        page.check("#f-tier-l0")
        page.click("aside button[type=submit]")
        page.wait_for_url(re.compile(r"tier=L0"))
        assert page.get_by_test_id("result-count").inner_text().startswith("1 ")
        assert page.is_checked("#f-tier-l0")
        page.select_option("#listing-ordering", "price")
        page.click("#sort-submit")
        page.wait_for_url(re.compile(r"ordering=price"))
        assert "tier=L0" in page.url
    finally:
        context.close()


def test_choosing_a_filter_on_a_phone_shows_the_results_not_the_panel(page, catalogue):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/en/models/?tier=L0")
    assert page.evaluate("document.querySelector('details.facets-panel').open") is False
    page.goto("/en/models/")
    page.click(".facets-summary")
    page.check("#f-tier-l1")
    page.wait_for_url(re.compile(r"tier=L1"))
    page.wait_for_function(
        "() => document.querySelector('[data-testid=result-count]').innerText.startsWith('1 ')"
    )
    assert page.evaluate("document.querySelector('details.facets-panel').open") is False
    top = page.get_by_test_id("results").bounding_box()["y"]
    assert top < 800, f"the results start {top}px down"
    assert "1" in page.locator(".facets-summary").inner_text()  # the count of active filters


def _pdf_pages(page) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", page.pdf(format="A4")))


def test_a_compare_and_a_shortlist_print_as_short_clean_documents(page, catalogue):
    page.goto("/en/compare/models/?items=ernie-4&items=ernie-finance")
    page.emulate_media(media="print")
    assert page.locator(".site-header").is_hidden()
    assert page.locator(".site-footer").is_hidden()
    assert page.get_by_test_id("compare-table").is_visible()
    assert _pdf_pages(page) <= 2

    page.emulate_media(media="screen")
    for url in ("/en/models/", "/en/vendors/", "/en/cases/"):
        page.goto(url)
        for toggle in page.get_by_test_id("shortlist-toggle").all()[:6]:
            toggle.click()
        page.wait_for_timeout(300)
    page.goto("/en/shortlist/")
    share = page.locator("#shortlist-share-url").input_value()
    page.emulate_media(media="print")
    assert page.locator(".site-header").is_hidden()
    assert page.get_by_test_id("shortlist-share").is_hidden()
    assert share in page.locator(".print-only").inner_text()
    assert _pdf_pages(page) <= 2
