"""/api/v1/insights/: the numbers the insights page draws, documented in the OpenAPI schema."""

import json
import re

import pytest
from django.utils import translation
from django.utils.html import escape

from core.models import PublicationStatus, Tier
from insights import svg
from insights.charts import LIVE_CHART_SLUGS
from tests.factories import (
    AIModelFactory,
    CaseStudyFactory,
    FilingFactory,
    StatPointFactory,
    StatSeriesFactory,
    VerticalFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    finance = VerticalFactory(slug="finance", name_zh="金融", name_en="Finance")
    CaseStudyFactory(vertical=finance, tier=Tier.L2)
    AIModelFactory(tier=Tier.L1, cac_filing_batch=2, price_input_per_mtok=3)
    prices = StatSeriesFactory(slug="model-price-per-million-tokens", display="line")
    for value in (300, 50, 20, 1.5):
        StatPointFactory(series=prices, value=value)
    StatPointFactory(series=StatSeriesFactory(slug="hidden", status=PublicationStatus.DRAFT))
    FilingFactory()


def test_list_names_every_published_chart_with_its_url(client, data):
    response = client.get("/api/v1/insights/")
    assert response.status_code == 200
    charts = {row["slug"]: row for row in response.json()}
    assert set(charts) == {"model-price-per-million-tokens", *LIVE_CHART_SLUGS}
    assert charts["model-price-per-million-tokens"]["kind"] == "line"
    assert charts["cases-per-year"]["url"] == "http://testserver/api/v1/insights/cases-per-year/"


@pytest.mark.parametrize("language, prefix", [("zh-hans", ""), ("en", "/en")])
def test_each_chart_equals_what_the_page_draws(client, data, language, prefix):
    html = client.get(f"{prefix}/insights/").content.decode()
    for slug in ["model-price-per-million-tokens", *LIVE_CHART_SLUGS]:
        response = client.get(f"/api/v1/insights/{slug}/", HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200
        block = re.search(rf'<script id="{slug}-data" type="application/json">(.*?)</script>', html)
        chart = response.json()
        if block:  # drawn in the browser from this data block
            assert chart == json.loads(block.group(1)), slug
        else:  # drawn on the server as SVG from the same chart; its table shows the same rows
            figure = html.split(f'id="{slug}"', 1)[1].split("</figure>", 1)[0]
            assert chart["kind"] in svg.KINDS, slug
            assert chart["empty"] or '<svg class="insights-svg"' in figure, slug
            for row in chart["table"]["rows"]:
                assert f'<th scope="row">{escape(str(row[0]))}</th>' in figure, (slug, row)
    with translation.override(language):
        prices = client.get(
            "/api/v1/insights/model-price-per-million-tokens/", HTTP_ACCEPT_LANGUAGE=language
        ).json()
    assert prices["series"][0]["data"] == [300, 50, 20, 1.5]
    assert prices["language"] == language


@pytest.mark.parametrize("slug", ["hidden", "no-such-chart"])
def test_drafts_and_unknown_charts_are_404(client, data, slug):
    assert client.get(f"/api/v1/insights/{slug}/").status_code == 404


def test_list_takes_a_bounded_number_of_queries(client, data, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):  # 12, and one per register chart
        assert client.get("/api/v1/insights/").status_code == 200
    for _ in range(5):
        CaseStudyFactory(tier=Tier.L0)
    with django_assert_max_num_queries(15):
        assert client.get("/api/v1/insights/").status_code == 200


def test_schema_documents_the_endpoint(client):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    text = response.content.decode()
    schema = json.loads(text) if text.lstrip().startswith("{") else None
    if schema is None:
        import yaml

        schema = yaml.safe_load(text)
    assert "/api/v1/insights/" in schema["paths"]
    assert "/api/v1/insights/{slug}/" in schema["paths"]
    chart = schema["components"]["schemas"]["Chart"]
    assert {"takeaway", "series", "table", "source", "csv_url"} <= set(chart["properties"])


def test_language_from_query_parameter_or_header(client, data):
    response = client.get("/api/v1/insights/cases-by-vertical-tier/?lang=en")
    assert response.json()["y_categories"] == ["Finance"]
    assert response["Content-Language"] == "en"
    response = client.get("/api/v1/insights/cases-by-vertical-tier/")
    assert response.json()["y_categories"] == ["金融"]
    assert response["Content-Language"] == "zh-hans"
    assert "Accept-Language" in response["Vary"]
