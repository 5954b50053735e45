"""The finder in Chromium: the form keeps its state in the URL, and the 选型报告 prints on A4
with nothing wider than the paper."""

import re

import pytest
from django.core.cache import cache

from tests.browser.conftest import axe_violations, horizontal_overflow
from tests.factories import (
    AIModelFactory,
    CaseStudyFactory,
    CertificationFactory,
    DeploymentOfferFactory,
    ScenarioFactory,
    VendorFactory,
    VerticalFactory,
    platform,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A4 (210 mm) less the report's 14 mm side margins, at the CSS 96 px per inch.
A4_PRINTABLE_PX = round((210 - 2 * 14) / 25.4 * 96)
LONG = "https://www.example.gov.cn/" + "/".join(["zhengwu-fuwu-dating-xinxi-gongkai"] * 6)


@pytest.fixture
def catalogue(transactional_db):
    cache.clear()
    finance = VerticalFactory(slug="finance", name_zh="金融", name_en="Finance")
    service = ScenarioFactory(slug="service", name_zh="客服", name_en="Customer service")
    for i in range(6):
        vendor = VendorFactory(
            slug=f"vendor-{i}",
            name_zh="某某智能科技股份有限公司" * 3 + str(i),
            verified=i % 2 == 0,
        )
        model = AIModelFactory(
            vendor=vendor, name_zh="超长名称的行业大模型" * 3, cac_filing_number="Beijing-X" * 6
        )
        DeploymentOfferFactory(ai_model=model, mode="private", source_url=LONG)
        for slug in ("kunpeng", "kylin", "dameng", "ascend"):
            CertificationFactory(vendor=vendor, platform=platform(slug), source_url=LONG)
        CertificationFactory(vendor=vendor, kind="dengbao", level=3, number="1" * 60)
        for _ in range(i + 1):
            case = CaseStudyFactory(
                vertical=finance,
                vendors=[vendor],
                region="zhejiang",
                title_zh="某国有大型银行智能客服大模型落地实践" * 3,
            )
            case.scenarios.add(service)


def test_the_finder_keeps_its_state_in_the_url(page, catalogue):
    page.goto("/finder/")
    page.select_option("#id_vertical", "finance")
    page.check("#id_deployment_2")  # 私有化
    page.select_option("#id_dengbao", "3")
    page.get_by_role("button", name="查找服务商").click()
    page.wait_for_url(re.compile(r"vertical=finance.*deployment=private.*dengbao=3"))
    results = page.get_by_test_id("finder-result")
    assert results.count() == 6
    # vendor-5 has the most cases, but cases count up to 5: verified vendor-4 is first.
    assert results.first.get_attribute("data-vendor") == "vendor-4"
    assert not axe_violations(page)
    assert horizontal_overflow(page) == 0
    # The URL alone brings the same page back.
    url = page.url
    page.goto("/")
    page.goto(url)
    assert page.get_by_test_id("finder-result").count() == 6
    assert page.locator("#id_dengbao").input_value() == "3"


def test_the_report_prints_on_a4_without_overflow(page, catalogue):
    page.goto("/finder/?vertical=finance&scenario=service&region=zhejiang&xinchuang=1")
    page.get_by_test_id("finder-report").click()
    page.wait_for_url("**/finder/report/**")
    assert page.get_by_test_id("finder-result").count() == 6
    assert not axe_violations(page)

    page.emulate_media(media="print")
    page.set_viewport_size({"width": A4_PRINTABLE_PX, "height": 1100})
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".no-print").first.is_visible()
    overflow = page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            const wide = [...document.querySelectorAll('main *')]
                .filter(el => el.getBoundingClientRect().right > width + 0.5)
                .map(el => el.tagName + '.' + el.className);
            return {scroll: document.documentElement.scrollWidth - width, wide};
        }"""
    )
    assert overflow == {"scroll": 0, "wide": []}
    pdf = page.pdf(format="A4", print_background=False)
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") >= 2
