"""The CAC register in Chromium: the 备案查询 page, a facet, a filing page, a vendor's filings."""

import io
import re

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command

from filings.models import Filing
from filings.services import filings_import
from tests.browser.conftest import axe_violations, horizontal_overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def register(transactional_db):
    cache.clear()
    call_command("load_seed", stdout=io.StringIO())
    filings_import(path=settings.CAC_REGISTER_FILE, by_label="browser test")


def count(page) -> int:
    return int(re.search(r"\d+", page.get_by_test_id("result-count").inner_text()).group())


def test_register_facet_filing_page_and_vendor_filings(page, register):
    page.goto("/en/filings/")
    assert count(page) == Filing.objects.count() == 1397
    assert not axe_violations(page)
    assert horizontal_overflow(page) == 0

    # A facet narrows the list in place; the URL keeps the state.
    page.check("#f-kind-dengji")
    page.wait_for_url(re.compile(r"kind=dengji"))
    dengji = Filing.objects.filter(kind="dengji").count()
    shown = "document.querySelector('[data-testid=result-count]').innerText"
    page.wait_for_function(f"() => {shown}.startsWith('{dengji} ')")
    page.fill("#listing-q", "Beijing-BianYing-20240428S0001")
    page.press("#listing-q", "Enter")
    page.wait_for_function(f"() => {shown}.startsWith('1 ')")

    # The filing's own page, with its official source.
    page.get_by_role("link", name="变影").click()
    page.wait_for_url("**/en/filings/beijing-bianying-20240428s0001/")
    assert "Beijing-BianYing-20240428S0001" in page.locator("main").inner_text()
    assert "cac.gov.cn" in page.get_by_test_id("attachment").get_attribute("href")
    assert not axe_violations(page)

    # A vendor's page lists every filing of its legal entities.
    page.goto("/en/vendors/baidu/")
    table = page.get_by_test_id("filings")
    for number in Filing.objects.filter(vendor__slug="baidu").values_list("number", flat=True):
        assert number in table.inner_text()
    table.get_by_role("link", name="Beijing-WenXinYiYan-20230821").click()
    page.wait_for_url("**/en/filings/beijing-wenxinyiyan-20230821/")
    assert "北京百度网讯科技有限公司" in page.locator("main").inner_text()
