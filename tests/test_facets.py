"""The facet index: kept equal to the database through every kind of edit, and its counts equal
what the FilterSets select, so list pages can count from bitmaps instead of scanning."""

import pytest
from django.db import connection, transaction
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.filters import CaseStudyFilter
from cases.models import CaseStudy
from core import facets
from core.models import PublicationStatus, Tier
from directory.filters import AIModelFilter, ProductFilter, VendorFilter
from directory.models import AIModel, Product, Vendor
from tests.factories import (
    AIModelFactory,
    CaseStudyFactory,
    DeploymentOptionFactory,
    ModalityFactory,
    ProductFactory,
    ScenarioFactory,
    VendorFactory,
    VerticalFactory,
)

FILTERS = {
    Vendor: VendorFilter,
    AIModel: AIModelFilter,
    Product: ProductFilter,
    CaseStudy: CaseStudyFilter,
}


def stored(model) -> facets.FacetIndex:
    return facets.load(model)


def fresh(model) -> facets.FacetIndex:
    reg = facets.registration(model)
    return facets.compute(reg, reg.published("default"))


def as_sets(index: facets.FacetIndex) -> dict:
    values = {
        (name, value): set(bits)
        for name, options in index.values.items()
        for value, bits in options.items()
        if bits
    }
    return {"all": set(index.all), **values}


def assert_index_matches_database():
    for model in FILTERS:
        assert as_sets(stored(model)) == as_sets(fresh(model)), model.__name__


def assert_counts_match_filtersets():
    """Every facet option's bitmap holds exactly the rows its FilterSet value selects."""
    for model, filterset_class in FILTERS.items():
        index = stored(model)
        for facet in facets.registration(model).facets:
            if facet.name not in filterset_class.base_filters:
                assert not facet.listed, (model.__name__, facet.name)
                continue  # counted for charts only (a case's go-live year: the filter is `year`)
            for value, bits in index.values.get(facet.name, {}).items():
                data = QueryDict(mutable=True)
                data.setlist(facet.name, [value])
                filterset = filterset_class(data, queryset=model.objects.published())
                assert filterset.is_valid(), (model.__name__, facet.name, filterset.errors)
                selected = set(filterset.qs.values_list("pk", flat=True))
                assert set(bits) == selected, (model.__name__, facet.name, value)


@pytest.fixture
def catalogue(db):
    finance = VerticalFactory(slug="finance", name_zh="金融", name_en="Finance")
    health = VerticalFactory(slug="health", name_zh="医疗", name_en="Healthcare")
    service = ScenarioFactory(slug="service", name_zh="客服", name_en="Customer service")
    text = ModalityFactory(slug="text", name_zh="语言", name_en="Language")
    private = DeploymentOptionFactory(slug="private", name_zh="私有化", name_en="Private")
    bank_ai = VendorFactory(kind=Vendor.Kind.AI_NATIVE, province="beijing", verified=True)
    cloud = VendorFactory(
        kind=Vendor.Kind.CLOUD, province="zhejiang", exchange="SSE", ticker="600000"
    )
    model = AIModelFactory(vendor=bank_ai, verticals=[finance], modalities=[text])
    model.deployment_options.add(private)
    product = ProductFactory(vendor=cloud, verticals=[health])
    product.scenarios.add(service)
    case = CaseStudyFactory(vertical=finance, vendors=[bank_ai])
    case.scenarios.add(service)
    return {
        "finance": finance,
        "health": health,
        "service": service,
        "bank_ai": bank_ai,
        "cloud": cloud,
        "model": model,
        "product": product,
        "case": case,
    }


def test_the_index_follows_every_kind_of_edit(catalogue):
    c = catalogue
    assert_index_matches_database()

    # Own fields, a status change and many-to-many changes from both sides.
    c["case"].tier = Tier.L2
    c["case"].save()
    other_case = CaseStudyFactory(vertical=c["health"], vendors=[c["cloud"]])
    c["case"].vendors.add(c["cloud"])
    c["finance"].ai_models.clear()  # from the vertical's side: the models' vendors change too
    c["model"].verticals.add(c["health"])
    c["health"].products.remove(c["product"])
    c["service"].cases.clear()
    assert_index_matches_database()

    # A vendor's kind decides its cases', models' and products' vendor_kind facet.
    c["cloud"].kind = Vendor.Kind.BIG_TECH
    c["cloud"].save()
    assert_index_matches_database()

    # A model moving to another vendor changes both vendors' verticals.
    c["model"].vendor = c["cloud"]
    c["model"].save()
    assert_index_matches_database()

    # Unpublishing removes an entry from every bitmap; a removed link reaches the vendor.
    other_case.status = PublicationStatus.ARCHIVED
    other_case.save()
    c["case"].vendors.remove(c["bank_ai"])
    c["product"].status = PublicationStatus.DRAFT
    c["product"].save()
    assert_index_matches_database()

    # Deleting a draft (the only kind that may be deleted) and its links.
    c["product"].delete()
    draft = CaseStudyFactory(status=PublicationStatus.DRAFT, vendors=[c["cloud"]])
    draft.delete()
    assert_index_matches_database()
    assert_counts_match_filtersets()


def test_readers_hold_the_bitmaps_and_never_serve_a_stale_index(catalogue):
    before = len(stored(CaseStudy).all)
    with CaptureQueriesContext(connection) as queries:
        held = stored(CaseStudy)
    # One query, which sends no bitmaps back when this process holds the current ones.
    assert len(queries) == 1 and "CASE WHEN" in queries[0]["sql"]
    assert len(held.all) == before

    class Undo(Exception):
        pass

    with pytest.raises(Undo), transaction.atomic():
        CaseStudyFactory(vertical=catalogue["health"], vendors=[catalogue["cloud"]])
        assert len(stored(CaseStudy).all) == before + 1  # the writer sees its own change
        raise Undo
    # Rolled back: the bitmaps loaded inside the transaction are not served afterwards.
    assert len(stored(CaseStudy).all) == before
    CaseStudyFactory(vertical=catalogue["health"], vendors=[catalogue["cloud"]])
    assert len(stored(CaseStudy).all) == before + 1
    assert_index_matches_database()


def test_counts_match_what_the_filtersets_select(catalogue):
    for _ in range(3):
        CaseStudyFactory(vertical=catalogue["health"], vendors=[catalogue["cloud"]])
    assert_counts_match_filtersets()


def test_a_batch_applies_its_changes_once_at_the_end(catalogue, django_assert_max_num_queries):
    with facets.batched():
        for _ in range(5):
            CaseStudyFactory(vertical=catalogue["health"], vendors=[catalogue["cloud"]])
        # Inside the batch nothing has been written yet.
        assert facets.totals(CaseStudy)["all"] == 1
    assert facets.totals(CaseStudy)["all"] == 6
    assert_index_matches_database()


def test_rebuild_restores_an_index_after_writes_that_send_no_signals(catalogue):
    CaseStudy.objects.filter(pk=catalogue["case"].pk).update(tier=Tier.L0)
    assert as_sets(stored(CaseStudy)) != as_sets(fresh(CaseStudy))
    facets.rebuild(CaseStudy)
    assert_index_matches_database()


def test_an_index_stored_with_other_facets_is_rebuilt_on_load(catalogue):
    """A deploy that registers a new facet needs no manual rebuild: the first load sees the stored
    index lacks it and builds it."""
    from core.models import FacetBitmaps

    old = fresh(CaseStudy)
    del old.values["vendor"]  # as stored by code that did not have the facet
    FacetBitmaps.objects.filter(resource="cases.casestudy").update(
        bitmaps=old.serialize(), generation="older-code"
    )
    assert set(stored(CaseStudy).values["vendor"]) == {
        vendor.slug for vendor in Vendor.objects.filter(cases__isnull=False)
    }
    assert_index_matches_database()


def test_a_draft_edit_writes_nothing(catalogue):
    draft = VendorFactory(status=PublicationStatus.DRAFT)
    with CaptureQueriesContext(connection) as queries:
        draft.summary_zh = "草稿"
        draft.save()
    writes = [
        q["sql"]
        for q in queries
        if "core_facetbitmaps" in q["sql"] and q["sql"].lstrip().startswith(("UPDATE", "INSERT"))
    ]
    assert writes == []


@pytest.mark.parametrize(
    "url_name, query",
    [
        ("cases:case_list", ""),
        ("cases:case_list", "?vertical=finance&scenario=service"),
        ("cases:case_list", "?q=银行&tier=L1"),
        ("directory:vendor_list", "?vertical=finance"),
        ("directory:model_list", "?vertical=health&modality=text"),
        ("directory:product_list", "?scenario=service"),
    ],
)
def test_list_counts_are_those_of_the_filtered_set(client, catalogue, url_name, query):
    response = client.get(reverse(url_name) + query)
    assert response.status_code == 200
    context = response.context
    filterset = context["filterset"]
    assert context["total"] == filterset.qs.count()
    for group in context["facet_groups"]:
        # The group's own choice is left out of its counts (disjunctive facets).
        data = filterset.data.copy()
        data.pop(group.name, None)
        model = filterset._meta.model
        for option in group.options:
            data.setlist(group.name, [option.value])
            expected = type(filterset)(data, queryset=model.objects.published()).qs.count()
            assert option.count == expected, (group.name, option.value)


def test_the_list_total_does_not_count_rows(client, catalogue):
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("cases:case_list"))
    assert not [
        q for q in queries if "COUNT(" in q["sql"].upper() and "cases_casestudy" in q["sql"]
    ]


def test_a_vertical_page_counts_all_and_links_to_the_rest(client, catalogue, monkeypatch):
    from directory.views import VerticalDetailView

    monkeypatch.setattr(VerticalDetailView, "per_tier", 2)
    for _ in range(4):
        CaseStudyFactory(vertical=catalogue["finance"], tier=Tier.L1)
    response = client.get(catalogue["finance"].get_absolute_url())
    l1 = next(t for t in response.context["tiers"] if t["value"] == Tier.L1)
    assert len(l1["cases"]) == 2
    in_tier = CaseStudy.objects.published().filter(vertical=catalogue["finance"], tier=Tier.L1)
    assert l1["n_cases"] == in_tier.count() == 5  # all of them, not just what the page lists
    assert f'<span class="badge badge-soft">{l1["n_cases"]}</span>' in response.content.decode()
    assert "?vertical=finance&amp;tier=L1" in response.content.decode()


def test_a_request_reads_each_index_once_and_sees_its_own_writes(catalogue):
    everything = [CaseStudy, Vendor, AIModel, Product]
    with facets.snapshot():
        with CaptureQueriesContext(connection) as queries:
            facets.load_many(everything)
            facets.load(CaseStudy), facets.totals(Vendor), facets.load_many(everything)
        assert len(queries) == 1  # four indexes in one query, then none
        before = len(facets.load(CaseStudy).all)

        class Undo(Exception):
            pass

        with pytest.raises(Undo), transaction.atomic():
            CaseStudyFactory(vertical=catalogue["health"], vendors=[catalogue["cloud"]])
            assert len(facets.load(CaseStudy).all) == before + 1
            raise Undo
        assert len(facets.load(CaseStudy).all) == before  # the rolled-back read was not kept
        CaseStudyFactory(vertical=catalogue["health"], vendors=[catalogue["cloud"]])
        assert len(facets.load(CaseStudy).all) == before + 1  # a write drops what was kept


def test_a_vertical_page_reads_the_facet_index_once(client, catalogue):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(catalogue["finance"].get_absolute_url()).status_code == 200
    assert sum("core_facetbitmaps" in q["sql"] for q in queries) == 1
