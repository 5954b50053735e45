"""Market insights: every chart shows what the database holds, published rows only."""

import csv
import datetime
import io
import json
import re
import statistics
from collections import Counter
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from cases.models import CaseStudy
from core.models import PublicationStatus, Tier
from directory.models import AIModel, Vendor
from insights import aggregates
from insights.charts import all_charts, chart_by_slug, lineage_chart, live_charts, vertical_charts
from insights.models import StatSeries
from tests.factories import (
    AIModelFactory,
    CaseStudyFactory,
    FilingFactory,
    ModalityFactory,
    StatPointFactory,
    StatSeriesFactory,
    VendorFactory,
    VerticalFactory,
)

pytestmark = pytest.mark.django_db

DRAFT, REVIEW, ARCHIVED = (
    PublicationStatus.DRAFT,
    PublicationStatus.IN_REVIEW,
    PublicationStatus.ARCHIVED,
)
LIVE = [
    "cases-by-vertical-tier",
    "models-by-tier-modality",
    "models-by-filing-batch",
    "vendors-by-province",
    "cases-per-year",
    "median-price-by-tier",
    "register-by-batch",
    "register-by-province",
    "register-cumulative",
]


@pytest.fixture(autouse=True)
def chinese():
    """The site's default language (a request to /en/ elsewhere leaves English active)."""
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def directory():
    """A small directory with published rows and, beside them, drafts that must never count."""
    gov = VerticalFactory(slug="gov", name_zh="政务", name_en="Government", position=1)
    finance = VerticalFactory(slug="finance", name_zh="金融", name_en="Finance", position=2)
    health = VerticalFactory(slug="health", name_zh="医疗", name_en="Healthcare", position=3)
    language = ModalityFactory(slug="language", name_zh="语言", name_en="Language", position=1)
    vision = ModalityFactory(slug="vision", name_zh="视觉", name_en="Vision", position=2)
    beijing = VendorFactory(province="beijing")
    shanghai = VendorFactory(province="shanghai")
    VendorFactory(province="shanghai")
    VendorFactory(province="")
    VendorFactory(province="guangdong", status=DRAFT)
    VendorFactory(province="guangdong", status=REVIEW)
    ernie = AIModelFactory(
        slug="ernie",
        name_zh="文心一言",
        name_en="ERNIE Bot",
        vendor=beijing,
        tier=Tier.L0,
        modalities=[language],
        cac_filing_batch=1,
        cac_filing_date=datetime.date(2024, 4, 10),
        price_input_per_mtok=Decimal("4"),
        price_output_per_mtok=Decimal("12"),
    )
    AIModelFactory(
        vendor=shanghai,
        tier=Tier.L0,
        modalities=[language, vision],
        cac_filing_batch=2,
        cac_filing_date=datetime.date(2024, 8, 2),
        price_input_per_mtok=Decimal("1.5"),
        price_output_per_mtok=Decimal("8"),
    )
    finance_model = AIModelFactory(
        slug="ernie-finance",
        name_zh="文心金融大模型",
        name_en="ERNIE Finance",
        vendor=beijing,
        tier=Tier.L1,
        base_model=ernie,
        modalities=[language],
        verticals=[finance],
        cac_filing_batch=2,
        cac_filing_date=datetime.date(2024, 8, 20),
        price_input_per_mtok=Decimal("6"),
    )
    AIModelFactory(
        slug="ernie-risk",
        name_zh="文心风控",
        name_en="ERNIE Risk",
        vendor=beijing,
        tier=Tier.L2,
        base_model=finance_model,
        verticals=[finance],
    )
    AIModelFactory(
        slug="secret-draft",
        tier=Tier.L2,
        status=DRAFT,
        base_model=ernie,
        modalities=[vision],
        verticals=[gov],
        cac_filing_batch=3,
        price_input_per_mtok=Decimal("100"),
        price_output_per_mtok=Decimal("100"),
    )
    AIModelFactory(tier=Tier.L1, status=REVIEW, cac_filing_batch=1, verticals=[finance])
    CaseStudyFactory(vertical=finance, tier=Tier.L2, go_live_year=2022)
    CaseStudyFactory(vertical=finance, tier=Tier.L1, go_live_year=2024)
    CaseStudyFactory(vertical=gov, tier=Tier.L1, go_live_year=2024, is_sample=False)
    CaseStudyFactory(vertical=health, tier=Tier.L0, go_live_year=None)
    CaseStudyFactory(vertical=gov, tier=Tier.L2, go_live_year=2020, status=DRAFT)
    CaseStudyFactory(vertical=health, tier=Tier.L2, go_live_year=2019, status=ARCHIVED)
    filings = StatSeriesFactory(slug="cac-filings-per-batch-2024", unit_zh="个", unit_en="filings")
    for month, value in ((4, 117), (8, 97), (11, 95)):
        StatPointFactory(series=filings, period_start=datetime.date(2024, month, 1), value=value)
    draft_series = StatSeriesFactory(slug="draft-series", status=DRAFT)
    StatPointFactory(series=draft_series, value=1)
    FilingFactory(filed_on=datetime.date(2023, 8, 31))
    FilingFactory(
        kind="dengji", number="Beijing-B-20240101S0001", filed_on=datetime.date(2024, 1, 5)
    )
    return {"gov": gov, "finance": finance, "health": health, "ernie": ernie}


def table(chart):
    return {row[0]: row[1:] for row in chart.rows}


# ── every chart equals what the database holds ─────────────────────────────────────────


def test_heatmap_counts_published_cases_per_vertical_and_tier(directory):
    chart = chart_by_slug("cases-by-vertical-tier")
    published = CaseStudy.objects.filter(status="published")
    expected = Counter((c.vertical.name_zh, c.tier) for c in published)
    for vertical, (l0, l1, l2, total) in table(chart).items():
        assert [l0, l1, l2] == [expected[(vertical, t)] for t in Tier.values]
        assert total == l0 + l1 + l2
    assert table(chart) == {"政务": [0, 1, 0, 1], "金融": [0, 1, 1, 2], "医疗": [1, 0, 0, 1]}
    cells = chart.series[0]["data"]
    assert len(cells) == 9 and [2, 1, 1] in cells  # x = L2, y = 金融, one case
    assert chart.y_categories == ["政务", "金融", "医疗"]
    assert "3 个行业中已有 1 个拥有 L2" in chart.takeaway
    assert "金融" in chart.takeaway
    assert "其中 3 个为示例条目" in chart.source


def test_models_by_tier_and_modality(directory):
    chart = chart_by_slug("models-by-tier-modality")
    published = AIModel.objects.filter(status="published")
    per_tier = Counter(m.tier for m in published)
    assert [row[-1] for row in chart.rows] == [per_tier[t] for t in Tier.values] == [2, 1, 1]
    series = {s["name"]: s["data"] for s in chart.series}
    assert series == {"语言": [2, 1, 0], "视觉": [1, 0, 0], "未注明": [0, 0, 1]}


def test_models_by_filing_batch(directory):
    chart = chart_by_slug("models-by-filing-batch")
    published = AIModel.objects.filter(status="published").exclude(cac_filing_batch=None)
    expected = Counter(m.cac_filing_batch for m in published)
    assert {row[0]: row[2] for row in chart.rows} == dict(expected) == {1: 1, 2: 2}
    assert chart.rows[1][1] == "2024-08-02"  # the batch's first filing
    assert chart.categories == ["第 1 批 (2024-04)", "第 2 批 (2024-08)"]


def test_vendors_by_province_most_first(directory):
    chart = chart_by_slug("vendors-by-province")
    expected = Counter(v.province for v in Vendor.objects.filter(status="published"))
    assert sum(row[1] for row in chart.rows) == sum(expected.values())
    # Factories give every model and case its own Beijing vendor.
    assert chart.rows == [["北京", expected["beijing"]], ["上海", 2], ["未注明", 1]]
    assert chart.takeaway.startswith(
        f"总部位于北京的服务商最多：{expected.total()} 家中占 {expected['beijing']} 家"
    )


def test_cases_per_year_fills_gaps_and_leaves_out_undated(directory):
    chart = chart_by_slug("cases-per-year")
    assert chart.rows == [[2022, 1], [2023, 0], [2024, 2]]
    assert chart.categories == ["2022", "2023", "2024"]
    assert "另有 1 个案例未注明上线年份" in chart.source
    assert chart.takeaway.startswith("2024 年上线的案例最多，共 2 个")


def test_median_price_by_tier(directory):
    chart = chart_by_slug("median-price-by-tier")
    published = AIModel.objects.filter(status="published")
    for tier, (priced, median_in, median_out) in zip(Tier.values, table(chart).values(), strict=1):
        rows = [m for m in published if m.tier == tier]
        inputs = [m.price_input_per_mtok for m in rows if m.price_input_per_mtok is not None]
        outputs = [m.price_output_per_mtok for m in rows if m.price_output_per_mtok is not None]
        assert median_in == (float(statistics.median(inputs)) if inputs else None)
        assert median_out == (float(statistics.median(outputs)) if outputs else None)
        assert priced == len([m for m in rows if m.price_input_per_mtok or m.price_output_per_mtok])
    assert list(table(chart).values()) == [[2, 2.75, 10], [1, 6, None], [0, None, None]]
    assert chart.series[0]["data"] == [2.75, 6, None]
    assert "L0" in chart.takeaway and "2.75" in chart.takeaway


def test_median_is_exact_for_odd_and_even_counts():
    prices = [Decimal("1.5"), Decimal("2.25"), Decimal("300")]
    assert aggregates._median(prices) == Decimal("2.25")
    assert aggregates._median(prices[:2]) == Decimal("1.875")
    assert aggregates._median([]) is None


def test_report_series_chart(directory):
    chart = chart_by_slug("cac-filings-per-batch-2024")
    assert chart.kind == "bar"
    assert chart.series[0]["data"] == [117, 97, 95]
    assert [row[1] for row in chart.rows] == [117, 97, 95]
    assert chart.source == "第一新声研究院整理"
    assert "117 → 95 个" in chart.takeaway and "（-19%）" in chart.takeaway


def test_series_display_and_editor_takeaway():
    series = StatSeriesFactory(display=StatSeries.Display.LINE, takeaway_zh="价格一路下降。")
    for month, value in ((1, "300"), (7, "1.5")):
        StatPointFactory(series=series, period_start=datetime.date(2023, month, 1), value=value)
    single = StatSeriesFactory(unit_zh="个")
    StatPointFactory(series=single, value=309, note="累计")
    charts = {c.slug: c for c in all_charts()}
    assert charts[series.slug].kind == "line"
    assert charts[series.slug].series[0]["data"] == [300, 1.5]
    assert charts[series.slug].takeaway == "价格一路下降。"
    assert charts[single.slug].kind == "number"
    assert charts[single.slug].headline == "309"


def test_a_live_chart_slug_is_reserved():
    with pytest.raises(ValidationError):
        StatSeriesFactory.build(slug="cases-per-year").full_clean()


# ── drafts never count; no data at all; edits show at once ─────────────────────────────


def test_drafts_and_entries_in_review_never_count(directory):
    before = {c.slug: c.as_dict() for c in all_charts()}
    gov, draft_vendor = directory["gov"], VendorFactory(province="tibet", status=DRAFT)
    CaseStudyFactory(
        vertical=gov, tier=Tier.L2, go_live_year=2030, status=DRAFT, vendors=[draft_vendor]
    )
    AIModelFactory(
        vendor=draft_vendor,
        tier=Tier.L2,
        status=REVIEW,
        cac_filing_batch=9,
        price_input_per_mtok=1,
    )
    draft = StatSeriesFactory(status=REVIEW)
    StatPointFactory(series=draft)
    after = {c.slug: c.as_dict() for c in all_charts()}
    assert after == before
    assert "draft-series" not in after


def test_with_no_data_every_chart_is_empty_and_the_page_still_renders(client):
    charts = all_charts()
    assert [c.slug for c in charts] == LIVE
    assert all(c.empty and c.rows == [] for c in charts)
    assert chart_by_slug("cases-by-vertical-tier").takeaway == "暂无已发布的案例。"
    response = client.get("/en/insights/")
    assert response.status_code == 200
    assert b"No market statistics are published yet." in response.content
    assert b"data-insights-chart" not in response.content


def test_only_archived_or_draft_rows_is_like_no_data():
    vendor = VendorFactory(status=ARCHIVED)
    CaseStudyFactory(status=ARCHIVED, vendors=[vendor])
    AIModelFactory(vendor=vendor, status=DRAFT, cac_filing_batch=1, price_input_per_mtok=3)
    StatPointFactory(series=StatSeriesFactory(status=ARCHIVED))
    assert all(c.empty for c in all_charts())


def test_an_edit_shows_in_the_charts_at_once(directory):
    assert table(chart_by_slug("cases-by-vertical-tier"))["医疗"] == [1, 0, 0, 1]
    case = CaseStudy.objects.get(vertical=directory["health"], status="published")
    case.tier = Tier.L2
    case.save()
    assert table(chart_by_slug("cases-by-vertical-tier"))["医疗"] == [0, 0, 1, 1]

    point = StatSeries.objects.get(slug="cac-filings-per-batch-2024").points.last()
    point.value = 96
    point.save()
    assert chart_by_slug("cac-filings-per-batch-2024").series[0]["data"] == [117, 97, 96]

    ernie = directory["ernie"]
    ernie.status = DRAFT
    ernie.save()
    assert table(chart_by_slug("models-by-tier-modality"))["L0 · 通用大模型"][-1] == 1
    ernie.status = "published"
    ernie.save()
    ernie.modalities.clear()  # a change of modalities alone also refreshes the chart
    series = {s["name"]: s["data"] for s in chart_by_slug("models-by-tier-modality").series}
    assert series == {"语言": [1, 1, 0], "视觉": [1, 0, 0], "未注明": [1, 0, 1]}

    # Only drafts may be deleted (published series are archived): unpublish, then delete.
    StatSeries.objects.filter(slug="cac-filings-per-batch-2024").update(status=DRAFT)
    StatSeries.objects.filter(slug="cac-filings-per-batch-2024").delete()
    assert chart_by_slug("cac-filings-per-batch-2024") is None


# ── bounded, cached queries ─────────────────────────────────────────────────────────────


def test_aggregates_take_a_bounded_number_of_queries_then_none(
    directory, django_assert_num_queries
):
    with django_assert_num_queries(13):  # 10, and one per register chart
        all_charts()
    with django_assert_num_queries(0):
        all_charts()
    # Ten times the rows: the same number of queries.
    finance = directory["finance"]
    more = StatSeriesFactory()
    for year in range(2000, 2010):
        AIModelFactory(tier=Tier.L2, modalities=[], price_input_per_mtok=2, cac_filing_batch=4)
        CaseStudyFactory(vertical=finance, tier=Tier.L2, go_live_year=2025)
        StatPointFactory(series=more, period_start=datetime.date(year, 1, 1))
    with django_assert_num_queries(13):  # 10, and one per register chart
        all_charts()


def test_insights_page_queries_do_not_grow_with_the_data(
    client, directory, django_assert_max_num_queries
):
    with django_assert_max_num_queries(15):  # 12, and one per register chart
        assert client.get("/insights/").status_code == 200
    for _ in range(10):
        CaseStudyFactory(vertical=directory["gov"], tier=Tier.L0)
        VendorFactory(province="hubei")
    with django_assert_max_num_queries(15):
        assert client.get("/insights/").status_code == 200


# ── the page, its tables, CSV and language ──────────────────────────────────────────────


def test_insights_page_draws_every_chart_from_a_data_block_without_inline_script(client, directory):
    html = client.get("/insights/").content.decode()
    for chart in all_charts():
        assert f'id="{chart.slug}"' in html
        assert chart.takeaway in html
        assert f'href="{chart.csv_url}"' in html
        match = re.search(
            rf'<script id="{chart.slug}-data" type="application/json">(.*?)</script>', html
        )
        if chart.kind in ("bar", "line", "stacked", "hbar"):  # drawn here as SVG (insights/svg.py)
            figure = html.split(f'id="{chart.slug}"', 1)[1].split("</figure>", 1)[0]
            assert match is None and (chart.empty or '<svg class="insights-svg"' in figure)
        else:
            assert json.loads(match.group(1)) == json.loads(json.dumps(chart.as_dict()))
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert 'type="application/json"' in tag or "src=" in tag, tag
    assert "<table" in html and '<th scope="row">金融</th>' in html
    # ECharts is not loaded by the page itself: charts.js fetches the small build when needed.
    assert 'data-echarts="/static/vendor/echarts/echarts.atlas.min.js"' in html
    assert html.count("insights/charts.js") == 1
    assert '<script src="/static/vendor/echarts' not in html


def test_page_is_labelled_in_the_active_language(client, directory):
    with translation.override("en"):
        english = client.get("/en/insights/").content.decode()
    assert "Case studies by vertical and tier" in english
    assert '<th scope="row">Finance</th>' in english
    assert '"language": "en"' in english
    chinese = client.get("/insights/").content.decode()
    assert '"language": "zh-hans"' in chinese
    assert "金融" in chinese


def test_csv_download_equals_the_table(client, directory):
    response = client.get("/en/insights/cases-by-vertical-tier.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == ["Vertical", "L0", "L1", "L2", "Total"]
    assert rows[1:] == [["Government", "0", "1", "0", "1"], ["Finance", "0", "1", "1", "2"],
                        ["Healthcare", "1", "0", "0", "1"]]  # fmt: skip
    series = client.get("/insights/cac-filings-per-batch-2024.csv").content.decode("utf-8")
    assert [r[1] for r in csv.reader(io.StringIO(series))][1:] == ["117", "97", "95"]


@pytest.mark.parametrize(
    "url",
    [
        "/insights/no-such-chart.csv",
        "/insights/draft-series.csv",
        "/insights/verticals/no-such/by-tier.csv",
        "/insights/verticals/gov/no-such.csv",
        "/insights/lineage/secret-draft.csv",
    ],
)
def test_unknown_or_unpublished_csv_is_404(client, directory, url):
    assert client.get(url).status_code == 404


# ── vertical pages, home page, lineage ──────────────────────────────────────────────────


def test_vertical_charts(client, directory):
    by_tier, per_year = vertical_charts(directory["finance"])
    assert by_tier.rows == [
        ["L0 · 通用大模型", 0, 0],
        ["L1 · 行业大模型", 1, 1],
        ["L2 · 垂直大模型", 1, 1],
    ]
    assert per_year.rows == [[2022, 1], [2023, 0], [2024, 1]]
    gov_by_tier, _ = vertical_charts(directory["gov"])
    assert [row[2] for row in gov_by_tier.rows] == [0, 0, 0]  # the gov model is a draft
    html = render_to_string("insights/_vertical_charts.html", {"vertical": directory["finance"]})
    assert 'id="vertical-finance-by-tier"' in html and "<table" in html
    response = client.get("/insights/verticals/finance/cases-per-year.csv")
    assert response.status_code == 200 and "2022,1" in response.content.decode()


def test_home_charts_prefer_featured_series(directory):
    html = render_to_string("insights/_home_charts.html", {"request": RequestFactory().get("/")})
    assert 'id="cac-filings-per-batch-2024"' in html
    featured = StatSeriesFactory(featured=True, name_en="Featured")
    StatPointFactory(series=featured, value=5)
    html = render_to_string("insights/_home_charts.html", {"request": RequestFactory().get("/")})
    assert f'id="{featured.slug}"' in html
    assert 'id="cac-filings-per-batch-2024"' not in html
    assert html.count("insights/charts.js") == 1
    assert "application/json" not in html  # the home page's bars and lines come drawn


def test_lineage_shows_published_base_and_derived_models(directory, client):
    finance_model = AIModel.objects.get(slug="ernie-finance")
    chart = lineage_chart(finance_model)
    assert chart.tree["name"] == "文心一言"
    [child] = chart.tree["children"]
    assert (child["name"], child["current"]) == ("文心金融大模型", True)
    assert [c["name"] for c in child["children"]] == ["文心风控"]
    assert "secret" not in json.dumps(chart.as_dict())  # the draft derived model stays hidden
    assert chart.takeaway == "文心金融大模型基于文心一言构建；另有 1 个已发布模型以它为基座。"

    root = lineage_chart(directory["ernie"])
    assert [c["name"] for c in root.tree["children"]] == ["文心金融大模型"]
    assert root.tree["children"][0]["children"][0]["name"] == "文心风控"

    lonely = AIModelFactory()
    assert lineage_chart(lonely) is None
    assert render_to_string("insights/_lineage.html", {"model": lonely}).strip() == ""
    html = render_to_string("insights/_lineage.html", {"model": finance_model})
    assert 'data-insights-chart="lineage-ernie-finance-data"' in html
    rows = client.get("/en/insights/lineage/ernie-finance.csv").content.decode("utf-8")
    assert "ERNIE Finance,ERNIE Bot,L1" in rows


def test_lineage_stops_at_a_base_model_that_is_not_published(directory):
    ernie = directory["ernie"]
    ernie.status = DRAFT
    ernie.save()
    chart = lineage_chart(AIModel.objects.get(slug="ernie-finance"))
    assert chart.tree["name"] == "文心金融大模型"
    assert "文心一言" not in json.dumps(chart.as_dict(), ensure_ascii=False)


def test_live_charts_have_title_takeaway_source_and_table(directory):
    for chart in live_charts():
        assert chart.title and chart.takeaway and chart.source and chart.columns
        assert all(len(row) == len(chart.columns) for row in chart.rows)


def test_a_commit_retires_aggregates_computed_while_it_was_open(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        CaseStudyFactory()
        during = aggregates._generation()
        assert chart_by_slug("cases-per-year").rows == [[2024, 1]]
    assert aggregates._generation() != during
