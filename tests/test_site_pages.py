"""The public pages: every page type renders with data, without data and with hostile input."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    AIModelFactory,
    CaseStudyFactory,
    ProductFactory,
    VendorFactory,
    VerticalFactory,
)
from tests.site_data import build_catalogue

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(db):
    cache.clear()
    return build_catalogue()


LIST_URLS = ["/vendors/", "/models/", "/products/", "/cases/"]
STATIC_URLS = [
    "/",
    "/en/",
    *LIST_URLS,
    "/verticals/",
    "/search/",
    "/search/?q=金融",
    "/shortlist/",
    "/compare/models/",
    "/compare/vendors/",
    "/suggest/",
    "/robots.txt",
    "/sitemap.xml",
    "/cases/feed/",
    "/cases/feed/atom/",
]


def detail_urls(c):
    return [
        c.vendor.get_absolute_url(),
        c.model.get_absolute_url(),
        c.base_model.get_absolute_url(),
        c.product.get_absolute_url(),
        c.case.get_absolute_url(),
        c.finance.get_absolute_url(),
        "/en" + c.case.get_absolute_url(),
        f"/compare/models/?items={c.model.slug}&items={c.base_model.slug}",
        f"/compare/vendors/?items={c.vendor.slug}&items={c.other_vendor.slug}",
    ]


@pytest.mark.parametrize("url", STATIC_URLS)
def test_every_page_renders_without_any_data(client, url):
    response = client.get(url)
    assert response.status_code == 200


def test_every_page_renders_with_published_data(client, catalogue):
    for url in STATIC_URLS + detail_urls(catalogue):
        response = client.get(url)
        assert response.status_code == 200, url


def test_empty_list_shows_a_clear_empty_state(client):
    for url in LIST_URLS:
        html = client.get(url).content.decode()
        assert 'data-testid="empty-state"' in html


BAD_QUERIES = [
    "?page=abc",
    "?page=-3",
    "?page=0",
    "?page=99999999999999999999999999",
    "?page=1.5",
    "?q=" + "金" * 2000,
    "?q=" + "%00%ff",
    "?q=%27%22%3C%3E;--",
    "?vertical=no-such-vertical",
    "?vertical=finance&vertical=no-such",
    "?tier=L9",
    "?kind=alien&province=atlantis&region=atlantis",
    "?open_weights=maybe&has_filing=perhaps&verified=x&listed=y",
    "?ordering=-drop_table",
    "?ordering=price&ordering=name",
    "?year=99999999999&year=abc",
    "?vendor=" + "x" * 500,
    "?scenario=&category=&deployment=%20",
    "?client_type=alien&deployment_mode=mars&vendor_kind=x",
    "?q=&tier=&ordering=",  # what an untouched form submits
    "?q=%20%20&q=x&page=&page=2",
]


def test_hostile_query_strings_never_fail(client, catalogue):
    for query in BAD_QUERIES:
        for url in [*LIST_URLS, "/search/"]:
            response = client.get(url + query)
            assert response.status_code == 200, url + query[:60]


def test_unknown_facet_values_are_ignored_with_a_notice(client, catalogue):
    response = client.get("/en/models/?vertical=no-such-vertical&tier=L1")
    html = response.content.decode()
    assert "Some filter values were not recognised" in html
    # The valid part of the query still applies.
    assert response.context["paginator"].count == 1
    assert catalogue.model.name_zh in html


def test_overlong_query_is_cut_not_rejected(client, catalogue):
    response = client.get("/models/", {"q": "文心" + "x" * 3000})
    assert response.status_code == 200
    assert len(response.context["query"]) == 200


def test_huge_page_number_shows_the_last_page(client, catalogue):
    response = client.get("/models/?page=999999")
    assert response.context["page_obj"].number == response.context["paginator"].num_pages


def test_search_and_facets_narrow_the_list(client, catalogue):
    response = client.get("/models/", {"q": "文心金融"})
    html = response.content.decode()
    assert catalogue.model.name_zh in html
    assert catalogue.base_model.name_zh not in html

    response = client.get("/models/?tier=L0")
    assert [m.slug for m in response.context["object_list"]] == ["ernie-4"]

    response = client.get("/cases/?vertical=finance&client_type=central_soe")
    assert [c.slug for c in response.context["object_list"]] == ["bank-service"]


def test_facet_counts_are_live_and_disjunctive(client, catalogue):
    AIModelFactory(slug="glm", vendor=catalogue.other_vendor, tier="L2")
    response = client.get("/models/?tier=L0")
    groups = {g.name: g for g in response.context["facet_groups"]}
    tiers = {o.value: o.count for o in groups["tier"].options}
    # Choosing L0 keeps the other tiers' counts, so a visitor can widen the search.
    assert tiers == {"L0": 1, "L1": 1, "L2": 1}
    verticals = {o.value: o.count for o in groups["vertical"].options}
    # Other facets count within the chosen tier only.
    assert verticals == {"finance": 1, "government": 1}
    assert groups["has_filing"].options[0].count == 1
    assert groups["open_weights"].options[0].count == 0


def test_vendor_vertical_facet_counts_published_models_and_products_only(client, catalogue):
    response = client.get("/vendors/")
    groups = {g.name: g for g in response.context["facet_groups"]}
    assert {o.value: o.count for o in groups["vertical"].options} == {
        "finance": 1,
        "government": 1,
    }
    response = client.get("/vendors/?vertical=government")
    assert [v.slug for v in response.context["object_list"]] == ["baidu"]


def test_sorting_by_price_for_models(client, catalogue):
    response = client.get("/models/?ordering=price")
    assert [m.slug for m in response.context["object_list"]] == ["ernie-4", "ernie-finance"]
    response = client.get("/models/?ordering=-price")
    assert [m.slug for m in response.context["object_list"]] == ["ernie-finance", "ernie-4"]


def test_url_holds_the_whole_state(client, catalogue):
    for n in range(25):
        AIModelFactory(slug=f"bulk-{n:02}", tier="L2", verticals=[catalogue.finance])
    response = client.get("/models/?vertical=finance&tier=L2&ordering=name&page=2")
    html = response.content.decode()
    assert response.context["page_obj"].number == 2
    # Pagination links and chips keep the filters.
    assert "vertical=finance&amp;tier=L2&amp;ordering=name&amp;page=1" in html
    assert 'value="L2" id="f-tier-l2" checked' in html


def test_htmx_requests_get_the_listing_fragment(client, catalogue):
    response = client.get("/models/?tier=L0", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert html.lstrip().startswith('<div id="listing">')
    assert "HX-Request" in response["Vary"]
    full = client.get("/models/?tier=L0")
    assert "<html" in full.content.decode()


def test_pages_work_without_javascript(client, catalogue):
    """The facet form is a plain GET form with a submit button: no script is needed."""
    html = client.get("/models/").content.decode()
    assert '<form id="filter-form"' in html and 'method="get"' in html
    assert 'type="checkbox" form="filter-form" name="tier" value="L0"' in html
    assert 'type="submit" form="filter-form"' in html


def add_rows(kind: str, vertical, n: int) -> None:
    for i in range(n):
        vendor = VendorFactory(slug=f"{kind}-vendor-{i}")
        if kind in ("vendors", "models"):
            AIModelFactory(slug=f"{kind}-model-{i}", vendor=vendor, verticals=[vertical])
        elif kind == "products":
            ProductFactory(slug=f"{kind}-product-{i}", vendor=vendor, verticals=[vertical])
        else:
            CaseStudyFactory(slug=f"{kind}-case-{i}", vendors=[vendor], vertical=vertical)


@pytest.mark.parametrize("url", LIST_URLS)
def test_list_query_count_does_not_grow_with_page_size(client, catalogue, url):
    def count_queries():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url + "?vertical=finance")
        assert response.status_code == 200
        return len(ctx.captured_queries), len(response.context["object_list"])

    small_queries, small_rows = count_queries()
    add_rows(url.strip("/"), catalogue.finance, 20)
    big_queries, big_rows = count_queries()
    assert (small_rows, big_rows) == (small_rows, 20)
    assert big_queries == small_queries
    assert big_queries <= 16


def test_detail_pages_show_their_relations(client, catalogue):
    html = client.get(catalogue.vendor.get_absolute_url()).content.decode()
    for text in ("文心金融大模型", "文心一言助手", "某国有大型银行智能客服", "金融"):
        assert text in html

    html = client.get(catalogue.model.get_absolute_url()).content.decode()
    assert catalogue.base_model.name_zh in html  # lineage
    assert "某国有大型银行智能客服" in html  # cases using it
    assert "私有化部署" in html  # deployment

    html = client.get(catalogue.base_model.get_absolute_url()).content.decode()
    assert catalogue.model.name_zh in html  # models built on it
    assert "Beijing-WenXin-20230821" in html  # filing

    html = client.get(catalogue.case.get_absolute_url()).content.decode()
    assert 'data-testid="metrics"' in html and "人工坐席占比" in html and "-56%" in html
    assert "<strong>行业大模型</strong>" in html
    assert "<script>alert" not in html


def test_deprecated_model_links_to_its_successor(client, catalogue):
    catalogue.base_model.successor = catalogue.model
    catalogue.base_model.save()
    html = client.get("/en" + catalogue.base_model.get_absolute_url()).content.decode()
    assert "This model is deprecated" in html
    assert catalogue.model.get_absolute_url() in html


def test_archived_entries_keep_their_url_as_a_retired_notice(client, catalogue):
    retired = AIModelFactory(slug="ernie-3", status="archived", successor=catalogue.base_model)
    response = client.get(retired.get_absolute_url())
    assert response.status_code == 410
    html = response.content.decode()
    assert 'data-testid="retired-notice"' in html
    assert catalogue.base_model.get_absolute_url() in html

    orphan = VendorFactory(slug="gone", status="archived")
    response = client.get(orphan.get_absolute_url())
    assert response.status_code == 410


def test_drafts_and_entries_in_review_have_no_public_url(client, catalogue):
    for entry in catalogue.hidden:
        response = client.get(entry.get_absolute_url())
        expected = 410 if entry.status == "archived" else 404
        assert response.status_code == expected, entry.slug


def test_vertical_page_groups_by_tier(client, catalogue):
    response = client.get(catalogue.finance.get_absolute_url())
    tiers = {t["value"]: t for t in response.context["tiers"]}
    assert [m.slug for m in tiers["L0"]["models"]] == ["ernie-4"]
    assert [m.slug for m in tiers["L1"]["models"]] == ["ernie-finance"]
    assert [c.slug for c in tiers["L1"]["cases"]] == ["bank-service"]
    assert [v.slug for v in response.context["vendors"]] == ["baidu"]
    assert client.get("/verticals/nope/").status_code == 404


def test_home_shows_verticals_tiers_cases_and_vendors(client, catalogue):
    VerticalFactory(slug="empty", name_zh="空行业", name_en="Empty")
    response = client.get("/en/")
    html = response.content.decode()
    verticals = {v.slug: v for v in response.context["verticals"]}
    assert verticals["finance"].n_cases == 1
    assert verticals["finance"].n_models == 2
    assert verticals["finance"].n_vendors == 1
    assert "empty" not in verticals
    assert "L0 · General model" in html and "L2 · Vertical / scenario model" in html
    assert "Customer service at a state-owned bank" in html
    assert "Baidu" in html
    assert 'role="search"' in html


def test_search_page_covers_every_resource(client, catalogue):
    response = client.get("/search/", {"q": "文心"})
    sections = {s["key"]: s for s in response.context["sections"]}
    assert {m.slug for m in sections["aimodel"]["hits"]} == {"ernie-4", "ernie-finance"}
    assert [p.slug for p in sections["product"]["hits"]] == ["wenxin-assistant"]
    assert sections["vendor"]["total"] == 0
    html = response.content.decode()
    assert "<mark>文心</mark>" in html
    assert "/models/?q=%E6%96%87%E5%BF%83" in html
    response = client.get("/search/", {"q": "没有这个词"})
    assert 'data-testid="empty-state"' in response.content.decode()


def test_a_vendor_with_only_case_studies_in_a_vertical_counts_there(client, catalogue):
    CaseStudyFactory(
        slug="gov-hotline", vertical=catalogue.government, vendors=[catalogue.other_vendor]
    )
    response = client.get("/vendors/?vertical=government")
    assert {v.slug for v in response.context["object_list"]} == {"baidu", "zhipu"}
    groups = {g.name: g for g in response.context["facet_groups"]}
    assert {o.value: o.count for o in groups["vertical"].options}["government"] == 2
    response = client.get(catalogue.government.get_absolute_url())
    assert {v.slug for v in response.context["vendors"]} == {"baidu", "zhipu"}
    home = {v.slug: v for v in client.get("/").context["verticals"]}
    assert home["government"].n_vendors == 2


def test_a_vendor_page_names_its_verticals_and_vendors_like_it(client):
    from directory.models import Vendor
    from tests.factories import AIModelFactory, CaseStudyFactory, VendorFactory, VerticalFactory

    finance, health = VerticalFactory(slug="finance"), VerticalFactory(slug="health")
    bank_ai = VendorFactory(kind=Vendor.Kind.ISV)
    AIModelFactory(vendor=bank_ai, verticals=[finance])
    same_vertical = VendorFactory(kind=Vendor.Kind.CLOUD, name_zh="同业")
    CaseStudyFactory(vertical=finance, vendors=[same_vertical])
    same_kind = VendorFactory(kind=Vendor.Kind.ISV, name_zh="同类")
    unrelated = VendorFactory(kind=Vendor.Kind.RESEARCH)
    CaseStudyFactory(vertical=health, vendors=[unrelated])
    draft = VendorFactory(kind=Vendor.Kind.ISV, status="draft")
    response = client.get(bank_ai.get_absolute_url())
    assert [v.slug for v in response.context["verticals"]] == ["finance"]
    similar = {v.pk for v in response.context["similar"]}
    assert {same_vertical.pk, same_kind.pk} <= similar
    assert not similar & {bank_ai.pk, unrelated.pk, draft.pk}
