"""The insights page in real Chromium: every chart drawn, no console errors, under a strict CSP."""

import datetime
import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from core.models import Tier
from directory.models import AIModel
from tests.factories import AIModelFactory, VendorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# What a strict deployment sends: no inline script or style, nothing from another origin.
STRICT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 812}}

# Bars and lines arrive drawn as SVG (insights/svg.py); the rest are drawn by ECharts once near
# the screen. Either way each chart ends up with data-insights-drawn.
CHARTS = "[data-insights-chart], [data-insights-drawn]"
COUNT_DRAWN = """() => {
  const charts = [...document.querySelectorAll('CHARTS')];
  return charts.length > 0 && charts.every(el => el.getAttribute('data-insights-drawn'));
}""".replace("CHARTS", CHARTS)

# For each chart: its kind and whether its canvas holds any painted (non-transparent) pixel.
INSPECT = """() => [...document.querySelectorAll('CHARTS')].map(el => {
  const canvas = el.querySelector('canvas');
  let painted = !!el.querySelector('svg.insights-svg rect, svg.insights-svg polyline');
  if (canvas && canvas.width && canvas.height) {
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 3; i < data.length; i += 4) { if (data[i]) { painted = true; break; } }
  }
  return {id: el.id || el.getAttribute('data-insights-chart'),
          kind: el.getAttribute('data-insights-drawn'), painted: painted,
          width: el.clientWidth, overflow: el.scrollWidth > el.clientWidth + 1};
})""".replace("CHARTS", CHARTS)


def chromium_or_skip():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the dev extra installs it
        sync_playwright = None
    if sync_playwright is None or not os.path.exists(CHROMIUM):
        message = f"Chromium at {CHROMIUM} and the playwright package are needed"
        if os.environ.get("ATLAS_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return sync_playwright


@pytest.fixture
def report_and_directory():
    """The report's seed plus filed, priced models, so every chart has something to draw."""
    call_command("load_seed", verbosity=0)
    vendor = VendorFactory(province="zhejiang")
    for batch, month, tier, price_in, price_out in (
        (1, 4, Tier.L0, "4", "12"),
        (2, 8, Tier.L1, "2", "8"),
        (3, 11, Tier.L2, "0.8", "2"),
        (3, 11, Tier.L0, "1.5", "6"),
    ):
        AIModelFactory(
            vendor=vendor,
            tier=tier,
            cac_filing_batch=batch,
            cac_filing_date=datetime.date(2024, month, 15),
            price_input_per_mtok=Decimal(price_in),
            price_output_per_mtok=Decimal(price_out),
            base_model=AIModel.objects.get(slug="ernie-bot") if tier != Tier.L0 else None,
        )


def open_page(browser, url, viewport, language):
    context = browser.new_context(
        viewport=viewport,
        locale="zh-CN" if language == "zh-hans" else "en-US",
        reduced_motion="reduce",  # charts draw at once, so the screenshot is complete
    )
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    def strict(route):
        response = route.fetch()
        headers = {**response.headers, "content-security-policy": STRICT_CSP}
        route.fulfill(response=response, headers=headers)

    page.route("**/*", strict)
    response = page.goto(url)
    assert response.status == 200, url
    for chart in page.locator("[data-insights-chart]").all():  # ECharts draws what comes near
        chart.scroll_into_view_if_needed()
        page.wait_for_timeout(50)
    page.wait_for_function(COUNT_DRAWN, timeout=15000)
    return context, page, errors


def test_insights_page_draws_every_chart_in_both_languages_on_desktop_and_phone(
    live_server, report_and_directory, monkeypatch
):
    sync_playwright = chromium_or_skip()
    # Playwright's sync API runs an event loop in this thread; Django's ORM is not used inside.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for language, prefix in (("zh-hans", ""), ("en", "/en")):
                for name, viewport in VIEWPORTS.items():
                    url = f"{live_server.url}{prefix}/insights/"
                    context, page, errors = open_page(browser, url, viewport, language)
                    charts = page.evaluate(INSPECT)
                    kinds = sorted({chart["kind"] for chart in charts})
                    # 6 live charts + the report's filings (bars) and prices (a line).
                    assert len(charts) >= 8, charts
                    assert {"bar", "hbar", "line", "stacked", "heatmap"} <= set(kinds)
                    blank = [chart["id"] for chart in charts if not chart["painted"]]
                    assert blank == [], f"not drawn: {blank}"
                    assert not [c["id"] for c in charts if c["overflow"]]
                    assert page.locator(".insights-number__value").count() >= 2  # 950, 309
                    assert page.locator("table.insights-table").count() >= len(charts)
                    assert page.locator("html").get_attribute("lang") == language
                    page.screenshot(
                        path=str(ARTIFACTS / f"insights-{language}-{name}.png"), full_page=True
                    )
                    assert errors == [], errors
                    context.close()
        finally:
            browser.close()


def test_home_vertical_and_model_pages_draw_their_small_charts(
    live_server, report_and_directory, monkeypatch
):
    sync_playwright = chromium_or_skip()
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    ARTIFACTS.mkdir(exist_ok=True)
    pages = {"home": "/", "vertical": "/verticals/finance/", "lineage": "/models/ernie-bot/"}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for name, path in pages.items():
                url = f"{live_server.url}{path}"
                context, page, errors = open_page(browser, url, VIEWPORTS["phone"], "zh-hans")
                charts = page.evaluate(INSPECT)
                assert charts and all(chart["painted"] for chart in charts), (name, charts)
                if name == "lineage":
                    assert [chart["kind"] for chart in charts] == ["tree"]
                page.screenshot(path=str(ARTIFACTS / f"insights-{name}-phone.png"), full_page=True)
                assert errors == [], (name, errors)
                context.close()
        finally:
            browser.close()
