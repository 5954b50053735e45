"""The partner API: filters, ordering, pages, strict parameters, detail, drafts, query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import Tier
from tests.factories import (
    AIModelFactory,
    CaseStudyFactory,
    DeploymentOptionFactory,
    ModalityFactory,
    ProductCategoryFactory,
    ProductFactory,
    ScenarioFactory,
    StatPointFactory,
    StatSeriesFactory,
    VendorFactory,
    VerticalFactory,
)

pytestmark = pytest.mark.django_db


def slugs(response):
    assert response.status_code == 200, response.content
    return [row["slug"] for row in response.json()["results"]]


# -- filters: every facet, one matching and one non-matching entry ---------------------------


@pytest.fixture
def directory():
    finance, health = VerticalFactory(slug="finance"), VerticalFactory(slug="health")
    service, coding = ScenarioFactory(slug="service"), ScenarioFactory(slug="coding")
    text, vision = ModalityFactory(slug="text"), ModalityFactory(slug="vision")
    api, xc = DeploymentOptionFactory(slug="api"), DeploymentOptionFactory(slug="xc")
    bot, db_cat = ProductCategoryFactory(slug="bot"), ProductCategoryFactory(slug="db")
    big = VendorFactory(
        slug="big",
        name_en="Big Tech Co",
        kind="big_tech",
        province="guangdong",
        verified=True,
        exchange="HKEX",
        ticker="0700",
    )
    small = VendorFactory(slug="small", kind="ai_native", province="beijing", verified=False)
    base = AIModelFactory(slug="base", vendor=big, tier=Tier.L0, modalities=[text])
    base.deployment_options.set([api])
    derived = AIModelFactory(
        slug="derived",
        name_en="Derived Finance Model",
        vendor=small,
        tier=Tier.L1,
        base_model=base,
        open_weights=True,
        cac_filing_number="Beijing-123",
        modalities=[vision],
        verticals=[finance],
    )
    derived.deployment_options.set([xc])
    AIModelFactory(slug="health-model", vendor=small, verticals=[health], tier=Tier.L2)
    chat = ProductFactory(slug="chat", vendor=big, category=bot, verticals=[finance])
    chat.scenarios.set([service])
    chat.deployment_options.set([api])
    chat.ai_models.set([base])
    store = ProductFactory(slug="store", vendor=small, category=db_cat, verticals=[health])
    store.scenarios.set([coding])
    store.deployment_options.set([xc])
    CaseStudyFactory(
        slug="bank",
        vertical=finance,
        scenarios=[service],
        tier=Tier.L1,
        client_type="central_soe",
        deployment_mode="private",
        region="beijing",
        go_live_year=2024,
        vendors=[big],
        ai_models=[base],
        is_sample=True,
    )
    hospital = CaseStudyFactory(
        slug="hospital",
        vertical=health,
        scenarios=[coding],
        tier=Tier.L2,
        client_type="public_institution",
        deployment_mode="xinchuang",
        region="shanghai",
        go_live_year=2023,
        vendors=[small],
        is_sample=False,
    )
    hospital.products.set([store])


FILTER_CASES = [
    ("vendors", "kind=big_tech", ["big"]),
    ("vendors", "province=beijing", ["small"]),
    ("vendors", "vertical=health", ["small"]),
    ("vendors", "verified=true", ["big"]),
    ("vendors", "listed=true", ["big"]),
    ("vendors", "q=Big Tech", ["big"]),
    ("models", "tier=L1", ["derived"]),
    ("models", "modality=vision", ["derived"]),
    ("models", "vertical=finance", ["derived"]),
    ("models", "deployment=api", ["base"]),
    ("models", "vendor=big", ["base"]),
    ("models", "vendor_kind=big_tech", ["base"]),
    ("models", "province=guangdong", ["base"]),
    ("models", "open_weights=true", ["derived"]),
    ("models", "has_filing=true", ["derived"]),
    ("models", "base_model=base", ["derived"]),
    ("models", "q=Derived Finance", ["derived"]),
    ("products", "category=bot", ["chat"]),
    ("products", "vertical=health", ["store"]),
    ("products", "scenario=coding", ["store"]),
    ("products", "deployment=xc", ["store"]),
    ("products", "vendor=small", ["store"]),
    ("products", "vendor_kind=big_tech", ["chat"]),
    ("products", "model=base", ["chat"]),
    ("cases", "vertical=finance", ["bank"]),
    ("cases", "scenario=coding", ["hospital"]),
    ("cases", "tier=L2", ["hospital"]),
    ("cases", "client_type=central_soe", ["bank"]),
    ("cases", "deployment_mode=xinchuang", ["hospital"]),
    ("cases", "region=shanghai", ["hospital"]),
    ("cases", "year=2023", ["hospital"]),
    ("cases", "vendor=big", ["bank"]),
    ("cases", "vendor_kind=ai_native", ["hospital"]),
    ("cases", "model=base", ["bank"]),
    ("cases", "product=store", ["hospital"]),
    ("cases", "sample=true", ["bank"]),
    ("cases", "tier=L1&tier=L2", ["bank", "hospital"]),
    ("verticals", "q=Term", None),
]


@pytest.mark.parametrize(("resource", "query", "expected"), FILTER_CASES)
def test_every_filter_narrows_the_list(client, directory, resource, query, expected):
    found = slugs(client.get(f"/api/v1/{resource}/?{query}"))
    if expected is None:
        assert found
    else:
        assert sorted(found) == sorted(expected)


@pytest.mark.parametrize(
    ("resource", "query", "param"),
    [
        ("cases", "tier=L9", "tier"),
        ("cases", "vertical=nowhere", "vertical"),
        ("cases", "year=abc", "year"),
        ("models", "open_weights=perhaps", "open_weights"),
        ("models", "ordering=cheapest", "ordering"),
        ("vendors", "colour=blue", "colour"),
        ("vendors", "page=zero", "page"),
        ("vendors", "page=0", "page"),
        ("vendors", "page_size=101", "page_size"),
        ("vendors", "page_size=-1", "page_size"),
        ("cases", "updated_since=yesterday", "updated_since"),
        ("cases", "updated_since=2025-01-01T00:00:00", "updated_since"),
        ("cases", "updated_since=2025-01-01T00:00:00Z&tier=L1", "tier"),
        ("cases", "cursor=not-a-cursor", "cursor"),
        ("cases", "q=" + "x" * 201, "q"),
    ],
)
def test_unknown_or_malformed_parameters_are_a_400_naming_them(client, resource, query, param):
    response = client.get(f"/api/v1/{resource}/?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_parameters"
    assert param in body["errors"]


ORDERINGS = {
    "vendors": ["relevance", "name", "newest", "updated", "founded"],
    "models": ["relevance", "name", "newest", "updated", "price", "-price", "context"],
    "products": ["relevance", "name", "newest", "updated"],
    "cases": ["relevance", "newest", "title", "updated", "year"],
    "verticals": ["relevance", "position", "name", "updated"],
    "statistics": ["relevance", "position", "name", "updated"],
}


@pytest.mark.parametrize(
    ("resource", "ordering"), [(r, o) for r, options in ORDERINGS.items() for o in options]
)
def test_every_ordering_is_accepted(client, directory, resource, ordering):
    assert client.get(f"/api/v1/{resource}/?ordering={ordering}").status_code == 200


def test_orderings_sort_as_named(client):
    cheap = AIModelFactory(slug="cheap", price_input_per_mtok=1, context_window=8000)
    dear = AIModelFactory(slug="dear", price_input_per_mtok=20, context_window=128000)
    assert slugs(client.get("/api/v1/models/?ordering=price")) == [cheap.slug, dear.slug]
    assert slugs(client.get("/api/v1/models/?ordering=-price")) == [dear.slug, cheap.slug]
    assert slugs(client.get("/api/v1/models/?ordering=context")) == [dear.slug, cheap.slug]
    old = CaseStudyFactory(slug="old", go_live_year=2020, title_zh="b")
    new = CaseStudyFactory(slug="new", go_live_year=2025, title_zh="a")
    assert slugs(client.get("/api/v1/cases/?ordering=year")) == [new.slug, old.slug]
    assert slugs(client.get("/api/v1/cases/?ordering=title")) == [new.slug, old.slug]


def test_q_is_full_text_search_ranked_by_relevance(client):
    CaseStudyFactory(slug="bank", title_zh="某银行金融客服", summary_zh="")
    CaseStudyFactory(slug="school", title_zh="某大学教学助手", summary_zh="金融课程")
    CaseStudyFactory(slug="factory", title_zh="工厂质检", summary_zh="")
    assert slugs(client.get("/api/v1/cases/?q=金融")) == ["bank", "school"]
    assert slugs(client.get("/api/v1/cases/?q=金融&ordering=title")) == ["school", "bank"]


# -- pages -----------------------------------------------------------------------------------


def test_pages_are_capped_stable_and_complete(client):
    for n in range(25):
        VendorFactory(slug=f"v{n:02d}", name_zh="同名")  # equal names: the pk breaks the tie
    first = client.get("/api/v1/vendors/").json()
    assert first["count"] == 25 and len(first["results"]) == 20 and first["next"]
    seen = []
    for page in (1, 2, 3, 4, 5):
        seen += slugs(client.get(f"/api/v1/vendors/?page_size=6&page={page}"))
    assert sorted(seen) == [f"v{n:02d}" for n in range(25)]
    assert len(slugs(client.get("/api/v1/vendors/?page_size=100"))) == 25
    assert client.get("/api/v1/vendors/?page=9").status_code == 404


# -- detail ----------------------------------------------------------------------------------


def test_detail_by_slug_with_long_text_and_metrics(client):
    case = CaseStudyFactory(slug="bank-bot", challenge_zh="坐席压力大")
    case.metrics.create(name_zh="人工坐席占比", before=80, after=35, unit="%")
    body = client.get("/api/v1/cases/bank-bot/").json()
    assert body["challenge_zh"] == "坐席压力大"
    assert body["metrics"][0]["after"] == "35.0000"
    assert body["web_url"].endswith("/cases/bank-bot/")


def test_retired_entry_is_410_pointing_at_its_published_successor(client):
    new = AIModelFactory(slug="ernie-4")
    AIModelFactory(slug="ernie-3", status="archived", successor=new)
    response = client.get("/api/v1/models/ernie-3/")
    assert response.status_code == 410
    assert response.json()["successor"] == "ernie-4"


# -- drafts never leak -----------------------------------------------------------------------


def test_drafts_never_leak_in_lists_details_summaries_sync_or_export(client, api_key):
    vendor = VendorFactory(slug="public-vendor")
    hidden = VendorFactory(slug="secret-vendor", status="draft", name_zh="秘密服务商")
    in_review = AIModelFactory(slug="secret-model", vendor=vendor, status="in_review")
    model = AIModelFactory(slug="public-model", vendor=hidden)
    CaseStudyFactory(slug="public-case", vendors=[vendor, hidden], ai_models=[in_review, model])
    CaseStudyFactory(slug="secret-case", status="draft")
    pages = [
        client.get(url).content.decode()
        for url in (
            "/api/v1/vendors/",
            "/api/v1/models/",
            "/api/v1/cases/",
            "/api/v1/cases/public-case/",
            "/api/v1/models/public-model/",
            "/api/v1/cases/?updated_since=2000-01-01T00:00:00Z",
            "/api/v1/models/?updated_since=2000-01-01T00:00:00Z",
        )
    ]
    headers = {"X-API-Key": api_key[1]}
    for resource in ("vendors", "models", "cases"):
        for extension in ("csv", "ndjson"):
            response = client.get(f"/api/v1/export/{resource}.{extension}", headers=headers)
            pages.append(b"".join(response.streaming_content).decode())
    for page in pages:
        assert "secret" not in page and "秘密" not in page
    assert client.get("/api/v1/vendors/secret-vendor/").status_code == 404
    assert client.get("/api/v1/cases/secret-case/").status_code == 404
    assert client.get("/api/v1/models/public-model/").json()["vendor"] is None


# -- query counts ----------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "resource", ["vendors", "models", "products", "cases", "verticals", "statistics"]
)
def test_list_query_count_does_not_grow_with_page_size(client, resource):
    vertical, scenario = VerticalFactory(), ScenarioFactory()
    for _ in range(30):
        vendor = VendorFactory()
        model = AIModelFactory(vendor=vendor, verticals=[vertical], modalities=[ModalityFactory()])
        product = ProductFactory(vendor=vendor, verticals=[vertical])
        product.ai_models.set([model])
        product.scenarios.set([scenario])
        case = CaseStudyFactory(vendors=[vendor], ai_models=[model], scenarios=[scenario])
        case.products.set([product])
        VerticalFactory()
        StatPointFactory(series=StatSeriesFactory())
    small = _queries(client, f"/api/v1/{resource}/?page_size=2")
    large = _queries(client, f"/api/v1/{resource}/?page_size=30")
    assert small == large
    assert large <= 8


def test_case_list_queries_are_few(client, django_assert_num_queries):
    for _ in range(5):
        CaseStudyFactory(vendors=[VendorFactory(), VendorFactory()])
    client.get("/api/v1/cases/?page_size=1")  # warm-up: the content type cache
    # facet total + latest update + latest tombstone + cases + vendors, models, products,
    # scenarios: no query counts the rows
    with django_assert_num_queries(8) as queries:
        response = client.get("/api/v1/cases/?page_size=100")
    assert response.json()["count"] == 5
    assert not [q for q in queries if "COUNT(" in q["sql"].upper()]
    with django_assert_num_queries(7):  # a filtered list counts (and finds the latest) at once
        filtered = client.get("/api/v1/cases/?page_size=100&tier=L1")
    assert filtered.json()["count"] == 5


# -- misc ------------------------------------------------------------------------------------


def test_api_root_and_schema_and_docs_are_served(client):
    assert client.get("/api/v1/").status_code == 200
    schema = client.get("/api/v1/schema/?format=json")
    assert schema.status_code == 200
    for page in ("/api/v1/schema/swagger/", "/api/v1/schema/redoc/"):
        html = client.get(page).content.decode()
        assert "/static/drf_spectacular_sidecar/" in html
        assert "cdn" not in html.lower()


def test_timestamps_round_trip(client):
    VendorFactory()
    row = client.get("/api/v1/vendors/").json()["results"][0]
    assert datetime.datetime.fromisoformat(row["updated"]).tzinfo is not None


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_developers_page_has_curl_examples_sync_recipe_and_versioning(client, prefix):
    page = client.get(f"{prefix}/developers/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "curl" in html and "updated_since" in html and "/api/v2/" in html
    assert "X-API-Key" in html and "export/cases.ndjson" in html


def test_vendor_detail_embeds_its_published_models_and_products(client):
    vendor = VendorFactory(slug="zhipu", description_zh="长描述")
    AIModelFactory(slug="glm", vendor=vendor)
    AIModelFactory(slug="glm-draft", vendor=vendor, status="draft")
    ProductFactory(slug="qingyan", vendor=vendor)
    body = client.get("/api/v1/vendors/zhipu/").json()
    assert [m["slug"] for m in body["models"]] == ["glm"]
    assert [p["slug"] for p in body["products"]] == ["qingyan"]
    assert body["description_zh"] == "长描述"
    listed = client.get("/api/v1/vendors/").json()["results"][0]
    assert "description_zh" not in listed and [m["slug"] for m in listed["models"]] == ["glm"]
