"""Shortlist, compare and suggest: what a visitor can keep, weigh up and send in."""

import csv
import io

import pytest
from django.core.cache import cache
from django.utils import translation

from cases.models import CaseStudy
from directory.models import AIModel, Vendor
from tests.factories import AIModelFactory
from tests.site_data import build_catalogue

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(db):
    cache.clear()
    return build_catalogue()


# -- shortlist ------------------------------------------------------------------------------------


def test_shortlist_keeps_entries_across_pages_and_exports_csv(client, catalogue):
    client.post("/shortlist/toggle/", {"item": "aimodel:ernie-4", "action": "add"})
    client.post("/shortlist/toggle/", {"item": "vendor:baidu", "action": "add"})
    client.post("/shortlist/toggle/", {"item": "casestudy:bank-service", "action": "add"})
    html = client.get("/en/models/").content.decode()
    assert '<span class="badge text-bg-primary" id="shortlist-count">3</span>' in html
    assert "✓ In shortlist" in html

    page = client.get("/shortlist/").content.decode()
    assert "文心大模型4.0" in page and "百度" in page and "某国有大型银行智能客服" in page

    response = client.get("/en/shortlist/export.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")  # spreadsheet programs read it as UTF-8
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0][:3] == ["Type", "Chinese name", "English name"]
    names = {row[1] for row in rows[1:]}
    assert names == {"文心大模型4.0", "百度", "某国有大型银行智能客服"}
    assert any(row[5] == "http://testserver/en/models/ernie-4/" for row in rows)

    client.post("/shortlist/toggle/", {"item": "vendor:baidu", "action": "remove"})
    body = client.get("/en/shortlist/export.csv").content.decode("utf-8")
    assert "/vendors/baidu/" not in body and "/en/models/ernie-4/" in body


def test_shortlist_toggle_with_htmx_returns_the_button(client, catalogue):
    response = client.post(
        "/en/shortlist/toggle/",
        {"item": "aimodel:ernie-4", "action": "add"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "✓ In shortlist" in html
    assert 'id="shortlist-count" data-hx-swap-oob="true">1<' in html


def test_shortlist_rejects_bad_keys_and_foreign_redirects(client, catalogue):
    assert client.post("/shortlist/toggle/", {"item": "user:admin"}).status_code == 400
    assert client.post("/shortlist/toggle/", {"item": "nonsense"}).status_code == 400
    response = client.post(
        "/shortlist/toggle/",
        {"item": "aimodel:ernie-4", "action": "add", "next": "https://evil.example/"},
    )
    assert response.status_code == 302 and response["Location"] == "/shortlist/"
    response = client.post(
        "/shortlist/toggle/", {"item": "aimodel:ernie-4", "action": "add", "next": "/models/"}
    )
    assert response["Location"] == "/models/"
    assert client.get("/shortlist/toggle/").status_code == 405


def test_shortlist_export_neutralises_spreadsheet_formulas(client, catalogue):
    AIModelFactory(slug="formula", name_zh='=HYPERLINK("http://x")', vendor=catalogue.vendor)
    client.post("/shortlist/toggle/", {"item": "aimodel:formula", "action": "add"})
    body = client.get("/shortlist/export.csv").content.decode("utf-8")
    assert "'=HYPERLINK" in body


def test_shortlist_clear(client, catalogue):
    client.post("/shortlist/toggle/", {"item": "aimodel:ernie-4", "action": "add"})
    client.post("/shortlist/clear/")
    assert 'data-testid="empty-state"' in client.get("/shortlist/").content.decode()


# -- compare --------------------------------------------------------------------------------------


def test_compare_two_models_side_by_side_with_differences_marked(client, catalogue):
    response = client.get("/en/compare/models/?items=ernie-4&items=ernie-finance")
    rows = {row["label"]: row for row in response.context["rows"]}
    assert rows["Tier"]["values"] == ["L0 · General model", "L1 · Industry model"]
    assert rows["Tier"]["differs"] is True
    assert rows["Vendor"]["differs"] is False
    assert rows["Parameters"]["values"] == ["260 B", "—"]
    assert rows["Context window (tokens)"]["values"] == ["128,000", "—"]
    assert rows["CAC filing"]["values"][0] == "Beijing-WenXin-20230821"
    assert rows["Open weights"]["values"] == ["No", "Yes"]
    assert rows["Published case studies"]["values"] == ["0", "1"]
    html = response.content.decode()
    assert 'class="differs"' in html and "(differs)" in html


def test_compare_vendors(client, catalogue):
    response = client.get("/en/compare/vendors/?items=baidu&items=zhipu")
    rows = {row["label"]: row for row in response.context["rows"]}
    assert rows["Models"]["values"] == ["2", "0"]
    assert rows["Verified"]["values"] == ["Yes", "No"]


def test_compare_needs_two_and_takes_at_most_four(client, catalogue):
    html = client.get("/compare/models/?items=ernie-4").content.decode()
    assert 'data-testid="empty-state"' in html
    for n in range(4):
        AIModelFactory(slug=f"extra-{n}", vendor=catalogue.vendor)
    slugs = ["ernie-4", "ernie-finance", "extra-0", "extra-1", "extra-2", "extra-3"]
    response = client.get("/compare/models/", {"items": slugs})
    assert [e.slug for e in response.context["entries"]] == slugs[:4]
    assert response.context["truncated"] is True
    response = client.get("/compare/models/", {"items": ["x" * 5000, "ernie-4", "ernie-4"]})
    assert response.status_code == 200 and response.context["rows"] == []


# -- suggest --------------------------------------------------------------------------------------


def suggestion(**overrides):
    data = {
        "kind": "vendor",
        "name": "深度求索",
        "vendor_kind": "ai_native",
        "website": "https://www.deepseek.com",
        "description": "开源大模型厂商。",
        "source_url": "https://example.com/news",
        "contact": "analyst@example.com",
        "homepage": "",
    }
    data.update(overrides)
    return data


def test_suggestion_creates_a_draft_that_stays_private(client, catalogue):
    response = client.post("/suggest/", suggestion())
    assert response.status_code == 302 and response["Location"] == "/suggest/thanks/"
    vendor = Vendor.objects.get(name_zh="深度求索")
    assert vendor.status == "draft" and not vendor.featured
    assert "analyst@example.com" in vendor.review_comment
    assert vendor.history.first().history_change_reason == "suggested by a visitor"
    assert client.get(vendor.get_absolute_url()).status_code == 404
    assert "深度求索" not in client.get("/vendors/").content.decode()
    assert client.get("/search/?q=深度求索").context["total"] == 0


def test_suggestions_of_each_kind(client, catalogue):
    client.post(
        "/suggest/",
        suggestion(kind="aimodel", name="DeepSeek-V3", vendor="baidu", tier="L0"),
    )
    assert AIModel.objects.get(name_zh="DeepSeek-V3").status == "draft"
    client.post(
        "/suggest/",
        suggestion(
            kind="casestudy",
            name="某市政务热线",
            vertical=catalogue.government.pk,
            client_name="某市政府",
            client_type="government",
            tier="L1",
            vendor="baidu",
        ),
    )
    case = CaseStudy.objects.get(title_zh="某市政务热线")
    assert case.status == "draft" and list(case.vendors.all()) == [catalogue.vendor]
    assert case.source_url == "https://example.com/news"  # an editor checks the case from it


def test_suggestion_needs_the_fields_of_its_kind(client, catalogue):
    response = client.post("/suggest/", suggestion(kind="aimodel", name="X"))
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"vendor", "tier"}
    response = client.post("/suggest/", suggestion(description="x" * 5000))
    assert "description" in response.context["form"].errors
    response = client.post("/suggest/", suggestion(vendor="hidden-vendor-draft", kind="aimodel"))
    assert "vendor" in response.context["form"].errors
    assert not AIModel.objects.filter(name_zh="深度求索").exists()


def test_honeypot_submissions_are_dropped_quietly(client, catalogue):
    response = client.post("/suggest/", suggestion(homepage="http://spam.example"))
    assert response.status_code == 302
    assert not Vendor.objects.filter(name_zh="深度求索").exists()


def test_suggestions_are_rate_limited_per_address(client, catalogue):
    for n in range(5):
        response = client.post("/suggest/", suggestion(name=f"厂商{n}"), REMOTE_ADDR="10.0.0.1")
        assert response.status_code == 302
    response = client.post("/suggest/", suggestion(name="厂商6"), REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 429
    assert not Vendor.objects.filter(name_zh="厂商6").exists()
    response = client.post("/suggest/", suggestion(name="厂商7"), REMOTE_ADDR="10.0.0.2")
    assert response.status_code == 302


def test_a_suggestion_that_cannot_be_recorded_leaves_no_draft(catalogue, monkeypatch):
    from simple_history.models import HistoricalRecords

    from public.services import suggestion_create

    def fail(*args, **kwargs):
        raise RuntimeError("history table unavailable")

    monkeypatch.setattr(HistoricalRecords, "create_historical_record", fail)
    data = {**suggestion(), "vendor_kind": "ai_native"}
    with pytest.raises(RuntimeError):
        suggestion_create(data=data)
    assert not Vendor.objects.filter(name_zh="深度求索").exists()


def test_a_suggestion_keeps_its_source_and_its_language(catalogue):
    from public.services import suggestion_create

    vendor = suggestion_create(data={**suggestion(), "vendor_kind": "ai_native"})
    assert "Source: https://example.com/news" in vendor.review_comment
    assert vendor.description_zh == "开源大模型厂商。" and vendor.description_en == ""
    without = suggestion_create(data={**suggestion(name="无来源"), "source_url": ""})
    assert "Source:" not in without.review_comment
    with translation.override("en"):
        english = suggestion_create(data={**suggestion(name="In English"), "description": "Hi"})
    assert english.description_en == "Hi" and english.description_zh == ""
