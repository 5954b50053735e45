"""Each page speaks one language, and marks text shown in the other one."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import CaseStudyFactory, VendorFactory

pytestmark = pytest.mark.django_db


def url(obj, lang="zh-hans"):
    with translation.override(lang):
        return obj.get_absolute_url()


def test_chinese_only_text_on_an_english_page_is_marked(client):
    case = CaseStudyFactory(title_en="", summary_zh="某银行上线智能客服", summary_en="")
    html = client.get(url(case, "en")).content.decode()
    assert f'<h1 class="h2 mb-1" lang="zh-Hans">{case.title_zh}</h1>' in html
    assert '<p class="lead" lang="zh-Hans">某银行上线智能客服</p>' in html
    chinese = client.get(url(case)).content.decode()
    assert '<p class="lead">某银行上线智能客服</p>' in chinese  # its own language: no mark


def test_list_cards_mark_text_in_the_other_language(client):
    VendorFactory(slug="zh-only", summary_zh="国产大模型服务商", summary_en="")
    listing = client.get("/en" + reverse("directory:vendor_list")).content.decode()
    assert '<p class="mb-1" lang="zh-Hans">国产大模型服务商</p>' in listing


def test_a_place_is_named_once_and_in_the_page_language(client):
    beijing = VendorFactory(province="beijing", city="北京")
    shenzhen = VendorFactory(province="guangdong", city="深圳市")
    english = client.get(url(beijing, "en")).content.decode()
    assert "<dd>Beijing</dd>" in english and "北京</dd>" not in english
    english = client.get(url(shenzhen, "en")).content.decode()
    assert "<dd>Guangdong · Shenzhen</dd>" in english
    chinese = client.get(url(shenzhen)).content.decode()
    assert "<dd>广东 · 深圳</dd>" in chinese


def test_a_sample_case_without_a_source_says_so_in_the_page_language(client):
    case = CaseStudyFactory(is_sample=True, source_title="", source_url="")
    chinese = client.get(url(case)).content.decode()
    assert "Atlas demo data" not in chinese and "示例" in chinese
    english = client.get(url(case, "en")).content.decode()
    assert "sample entry that illustrates" in english


def test_vendor_compare_does_not_say_unlisted_when_it_is_unknown(client):
    VendorFactory(slug="a", exchange="", funding_stage="")
    VendorFactory(slug="b", exchange="", funding_stage="early")
    response = client.get("/en/compare/vendors/?items=a&items=b")
    listed = next(r for r in response.context["rows"] if r["label"] == "Listed")
    assert listed["values"] == ["—", "No"]


def test_a_vertical_without_tagged_products_explains_instead_of_saying_zero(client):
    from tests.factories import VerticalFactory

    vertical = VerticalFactory(slug="legal", name_zh="法律", name_en="Legal")
    html = client.get(url(vertical)).content.decode()
    assert 'data-testid="no-vertical-products"' in html
    assert reverse("directory:product_list") in html.split('data-testid="no-vertical-products"')[1]


@pytest.mark.django_db(transaction=True)
def test_demo_products_name_the_verticals_they_serve():
    from django.core.management import call_command

    from directory.models import Product

    call_command("load_seed", verbosity=0)
    call_command("generate_demo", cases=60, no_index=True, verbosity=0)
    demo = Product.objects.filter(slug__startswith="demo-")
    assert demo.exists() and not demo.filter(verticals=None).exists()


def test_similar_cases_share_the_vertical_and_the_scenario_first(client):
    from tests.factories import ScenarioFactory, VerticalFactory

    finance, media, health = (VerticalFactory(slug=s) for s in ("finance", "media", "health"))
    service, writing, research = (ScenarioFactory(slug=s) for s in ("cs", "writing", "research"))
    bank = CaseStudyFactory(slug="bank", vertical=finance, scenarios=[service])
    insurer = CaseStudyFactory(slug="insurer", vertical=finance, scenarios=[service])
    broker = CaseStudyFactory(slug="broker", vertical=finance, scenarios=[research])
    CaseStudyFactory(slug="news", vertical=media, scenarios=[writing, service])
    CaseStudyFactory(slug="triage", vertical=health, scenarios=[service])
    similar = client.get(url(bank)).context["similar"]
    assert [c.slug for c in similar] == [insurer.slug, broker.slug]


def test_a_choice_is_shown_in_the_language_of_each_page_in_turn():
    case = CaseStudyFactory(region="zhejiang")
    for lang, region in (("zh-hans", "浙江"), ("en", "Zhejiang"), ("zh-hans", "浙江")):
        with translation.override(lang):
            assert case.get_region_display() == region
    case.region = "atlantis"  # a value no choice names (an old import) is shown as stored
    assert case.get_region_display() == "atlantis"
