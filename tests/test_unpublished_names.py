"""Public pages and the search index show only published related entries' names.

Audit finding 8: a draft vendor's name showed on the public model list and page when a
published model belonged to it (the API said null), and the search index held names of
unpublished linked entries, so a draft's name found the published case linked to it.
"""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from core.services import entry_publish
from tests.factories import (
    AIModelFactory,
    CaseStudyFactory,
    ProductFactory,
    VendorFactory,
    VerticalFactory,
)

pytestmark = pytest.mark.django_db

SECRETS = ["机密草稿厂商", "Hushvendor", "机密草稿模型", "Hushmodel", "机密草稿产品", "Hushproduct"]


@pytest.fixture
def linked(db):
    """Published entries whose vendor, base model, models and products are drafts."""
    vertical = VerticalFactory(slug="finance")
    draft_vendor = VendorFactory(
        slug="hush-vendor", name_zh="机密草稿厂商", name_en="Hushvendor", status="draft"
    )
    draft_model = AIModelFactory(
        slug="hush-model", name_zh="机密草稿模型", name_en="Hushmodel", status="draft"
    )
    draft_product = ProductFactory(
        slug="hush-product", name_zh="机密草稿产品", name_en="Hushproduct", status="draft"
    )
    model = AIModelFactory(
        slug="open-model", vendor=draft_vendor, base_model=draft_model, verticals=[vertical]
    )
    other = AIModelFactory(slug="other-model")
    product = ProductFactory(slug="open-product", vendor=draft_vendor)
    product.ai_models.set([draft_model, model])
    product.verticals.set([vertical])
    case = CaseStudyFactory(
        slug="open-case",
        title_zh="公开案例",
        vertical=vertical,
        vendors=[draft_vendor],
        ai_models=[draft_model, model],
    )
    case.products.set([draft_product, product])
    return {
        "model": model,
        "other": other,
        "product": product,
        "case": case,
        "vertical": vertical,
        "draft_vendor": draft_vendor,
    }


def public_urls(linked, client):
    client.post(reverse("public:shortlist_toggle"), {"item": "aimodel:open-model"})
    client.post(reverse("public:shortlist_toggle"), {"item": "product:open-product"})
    return [
        reverse("home"),
        reverse("directory:model_list"),
        reverse("directory:model_detail", args=["open-model"]),
        reverse("directory:product_list"),
        reverse("directory:product_detail", args=["open-product"]),
        reverse("directory:vertical_detail", args=["finance"]),
        reverse("directory:vendor_list"),
        reverse("cases:case_list"),
        reverse("cases:case_detail", args=["open-case"]),
        reverse("cases:feed_rss"),
        reverse("public:shortlist"),
        reverse("public:shortlist_export"),
        reverse("public:compare_models") + "?items=open-model&items=other-model",
        reverse("public:search") + "?q=模型",
        reverse("insights:index"),
        "/sitemap.xml",
    ]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_no_public_page_names_an_unpublished_related_entry(client, linked, language):
    with translation.override(language):
        urls = public_urls(linked, client)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        leaked = [secret for secret in SECRETS if secret in body]
        assert leaked == [], f"{url} shows {leaked}"


def search_hits(client, query) -> str:
    return client.get(reverse("public:search"), {"q": query}).content.decode()


@pytest.mark.parametrize("rebuild", [False, True], ids=["kept fresh on save", "rebuilt"])
def test_a_drafts_name_finds_nothing_in_search(client, linked, rebuild):
    if rebuild:
        call_command("rebuild_search_index", verbosity=0)
    for query in ("机密草稿", "Hushvendor", "Hushmodel", "Hushproduct"):
        body = search_hits(client, query)
        for slug in ("open-model", "open-product", "open-case"):
            assert f"/{slug}/" not in body, (query, slug)
        api = client.get("/api/v1/cases/", {"q": query}).json()
        assert api["count"] == 0, query


def test_publishing_the_vendor_makes_its_name_find_the_linked_case(client, linked, publisher):
    entry_publish(entry=linked["draft_vendor"], by=publisher)
    body = search_hits(client, "Hushvendor")
    assert "/open-case/" in body and "/open-model/" in body
