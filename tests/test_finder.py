"""The vendor finder (选型向导): hard requirements filter, soft ones rank, reasons cite published
evidence only, the state lives in the URL, and bad input is a clear 400."""

import datetime
import io
import json
import re
from decimal import Decimal

import pytest
from django.http import QueryDict
from django.urls import reverse
from django.utils import translation

from cases.models import CaseStudy
from core.models import PublicationStatus
from finder import scoring
from finder.forms import FinderForm
from procurement.models import Certification, DeploymentOffer
from tests.factories import (
    AIModelFactory,
    CaseStudyFactory,
    CertificationFactory,
    DeploymentOfferFactory,
    FilingFactory,
    ModalityFactory,
    ScenarioFactory,
    VendorFactory,
    VerticalFactory,
    platform,
)

pytestmark = pytest.mark.django_db

DRAFT, IN_REVIEW, ARCHIVED = (
    PublicationStatus.DRAFT,
    PublicationStatus.IN_REVIEW,
    PublicationStatus.ARCHIVED,
)


def find(**params):
    """The finder's answer for URL parameters, through the form (as the page reads them)."""
    data = QueryDict(mutable=True)
    for name, value in params.items():
        data.setlist(name, value if isinstance(value, list) else [str(value)])
    form = FinderForm.bound(data)
    assert form.is_valid(), form.errors
    return scoring.find(form.cleaned_data, limit=scoring.MAX_RESULTS)


def slugs(outcome) -> list[str]:
    return [r.vendor.slug for r in outcome.results]


def result_of(outcome, vendor):
    return next(r for r in outcome.results if r.vendor.pk == vendor.pk)


@pytest.fixture
def world(db):
    finance = VerticalFactory(slug="finance", name_zh="金融", name_en="Finance")
    health = VerticalFactory(slug="health", name_zh="医疗", name_en="Healthcare")
    service = ScenarioFactory(slug="service", name_zh="客服", name_en="Customer service")
    text = ModalityFactory(slug="text", name_zh="语言", name_en="Language")
    vision = ModalityFactory(slug="vision", name_zh="视觉", name_en="Vision")
    return {
        "finance": finance,
        "health": health,
        "service": service,
        "text": text,
        "vision": vision,
    }


# -- hard requirements -------------------------------------------------------------------------


def _meets(requirement, world):
    """A vendor meeting one hard requirement, and one whose fact is absent or unknown."""
    ok, other = VendorFactory(slug="meets"), VendorFactory(slug="does-not")
    for vendor in (ok, other):  # both active in some vertical and with one case
        CaseStudyFactory(vertical=world["health"], vendors=[vendor])
    if requirement == "vertical":
        CaseStudyFactory(vertical=world["finance"], vendors=[ok])
        AIModelFactory(vendor=other, verticals=[world["health"]])
        return {"vertical": "finance"}, ok, other
    if requirement == "deployment":
        DeploymentOfferFactory(ai_model=AIModelFactory(vendor=ok), mode="private")
        DeploymentOfferFactory(ai_model=AIModelFactory(vendor=other), mode="public_api")
        return {"deployment": "private"}, ok, other
    if requirement == "xinchuang":
        CertificationFactory(vendor=ok)
        # Expired, or not yet valid: not a match.
        CertificationFactory(vendor=other, valid_until=datetime.date(2024, 6, 30))
        CertificationFactory(
            vendor=other, platform=platform("kylin"), valid_from=datetime.date(2099, 1, 1)
        )
        return {"xinchuang": "1"}, ok, other
    if requirement == "platform":
        CertificationFactory(vendor=ok, platform=platform("kylin"))
        CertificationFactory(vendor=ok, platform=platform("ascend"))
        CertificationFactory(vendor=other, platform=platform("kylin"))  # one of two
        return {"platform": ["kylin", "ascend"]}, ok, other
    if requirement == "dengbao":
        CertificationFactory(vendor=ok, kind="dengbao", level=3)
        CertificationFactory(vendor=other, kind="dengbao", level=2)
        Certification.objects.create(  # a level not recorded: unknown, never a match
            vendor=other, kind="dengbao", level=None, status="published", slug="no-level"
        )
        return {"dengbao": 3}, ok, other
    if requirement == "filing":
        AIModelFactory(vendor=ok, cac_filing_number="Beijing-Ok-20240101")
        filed = AIModelFactory(vendor=other, cac_filing_number="", status=DRAFT)
        FilingFactory(ai_model=filed)  # a draft model's filing does not count
        return {"filing": "1"}, ok, other
    if requirement == "modality":
        AIModelFactory(vendor=ok, modalities=[world["vision"]])
        AIModelFactory(vendor=other, modalities=[world["text"]])
        return {"modality": "vision"}, ok, other
    if requirement == "max_price":
        AIModelFactory(vendor=ok, price_input_per_mtok=Decimal("0.8"))
        AIModelFactory(vendor=other, price_input_per_mtok=Decimal("12"))
        AIModelFactory(vendor=other, price_input_per_mtok=None)  # unknown price
        return {"max_price": "1"}, ok, other
    if requirement == "open_weights":
        AIModelFactory(vendor=ok, open_weights=True)
        AIModelFactory(vendor=other, open_weights=False)
        return {"open_weights": "1"}, ok, other
    raise AssertionError(requirement)


HARD = [
    "vertical", "deployment", "xinchuang", "platform", "dengbao", "filing", "modality",
    "max_price", "open_weights",
]  # fmt: skip


@pytest.mark.parametrize("requirement", HARD)
def test_a_hard_requirement_never_lets_a_non_matching_vendor_through(world, requirement):
    params, _ok, _other = _meets(requirement, world)
    assert set(slugs(find())) >= {"meets", "does-not"}
    found = slugs(find(**params))
    assert found == ["meets"]


def test_model_requirements_are_met_by_one_model_together(world):
    split, together = VendorFactory(slug="split"), VendorFactory(slug="together")
    AIModelFactory(vendor=split, open_weights=True, price_input_per_mtok=Decimal("20"))
    AIModelFactory(vendor=split, open_weights=False, price_input_per_mtok=Decimal("1"))
    AIModelFactory(vendor=together, open_weights=True, price_input_per_mtok=Decimal("1"))
    assert slugs(find(open_weights=1, max_price=2)) == ["together"]


def test_an_unknown_fact_is_reported_missing_never_as_a_match(world):
    vendor = VendorFactory()
    with translation.override("en"):
        outcome = find(region="zhejiang", client_type="government")
    result = result_of(outcome, vendor)
    assert "等保 level not recorded" in result.missing
    assert "No valid 信创 adaptation recorded" in result.missing
    assert "No filed model recorded" in result.missing
    assert "Deployment offers not recorded" in result.missing
    assert any("Zhejiang" in line or "浙江" in line for line in result.missing)
    assert result.reasons == []
    assert result.score == 0


# -- soft requirements -------------------------------------------------------------------------


def test_soft_requirements_rank_by_the_published_weights(world):
    strong, weak, verified = (
        VendorFactory(slug="strong"),
        VendorFactory(slug="weak"),
        VendorFactory(slug="verified", verified=True),
    )
    this_year = datetime.date.today().year
    for _ in range(5):
        case = CaseStudyFactory(
            vertical=world["finance"], vendors=[strong], region="zhejiang", go_live_year=this_year
        )
        case.scenarios.add(world["service"])
    case = CaseStudyFactory(vertical=world["finance"], vendors=[weak, verified])
    case.scenarios.add(world["service"])
    outcome = find(vertical="finance", scenario="service", region="zhejiang")
    assert slugs(outcome) == ["strong", "verified", "weak"]
    top = outcome.results[0]
    points = {r.key: r.points for r in top.reasons}
    # 5 cases (30) + 2 in the region (10) + recent (10), over 100 - 10 (client type not asked).
    assert points == {"cases": 30, "region": 10, "recency": 10}
    assert top.score == round(100 * 50 / 90)
    assert result_of(outcome, verified).score - result_of(outcome, weak).score == round(
        100 * 5 / 90
    )
    assert "client_type" not in {w.key for w in outcome.applicable}


def test_certifications_and_offers_add_their_points(world):
    plain, equipped = VendorFactory(slug="plain"), VendorFactory(slug="equipped")
    model = AIModelFactory(vendor=equipped, cac_filing_number="Beijing-X-20240101")
    for mode in ("public_api", "private", "appliance"):
        DeploymentOfferFactory(ai_model=model, mode=mode)
    for slug in ("kunpeng", "kylin", "dameng"):
        CertificationFactory(vendor=equipped, platform=platform(slug))
    CertificationFactory(vendor=equipped, kind="dengbao", level=3, number="11010-12345-00001")
    CertificationFactory(vendor=equipped, kind="iso27001")
    outcome = find()
    result = result_of(outcome, equipped)
    points = {r.key: r.points for r in result.reasons}
    assert points == {
        "filed": 5,
        "deployment": 10,
        "xinchuang": 7,
        "dengbao": 4,
        "other_certifications": 4,
    }
    assert slugs(outcome)[0] == "equipped" and result_of(outcome, plain).score == 0
    texts = " ".join(r.text for r in result.reasons)
    assert "鲲鹏" in texts and "11010-12345-00001" in texts and "Beijing-X-20240101" in texts


def test_featured_does_not_move_a_vendor(world):
    a = VendorFactory(slug="a", featured=True)
    b = VendorFactory(slug="b")
    CaseStudyFactory(vertical=world["finance"], vendors=[b])
    assert slugs(find()) == ["b", "a"]
    assert result_of(find(), a).score == 0


# -- evidence and drafts -----------------------------------------------------------------------


def _everything_unpublished(vendor, world, status):
    model = AIModelFactory(vendor=vendor, status=status, cac_filing_number="Beijing-D-20240101")
    case = CaseStudyFactory(
        vertical=world["finance"], vendors=[vendor], region="zhejiang", status=status
    )
    case.scenarios.add(world["service"])
    CertificationFactory(vendor=vendor, status=status, platform=platform("ascend"))
    CertificationFactory(vendor=vendor, kind="dengbao", level=4, status=status)
    DeploymentOfferFactory(ai_model=AIModelFactory(vendor=vendor), mode="appliance", status=status)
    # Published facts about an unpublished model do not count either.
    CertificationFactory(vendor=vendor, ai_model=model, platform=platform("hygon"))
    DeploymentOfferFactory(ai_model=model, mode="private")
    return model, case


@pytest.mark.parametrize("status", [DRAFT, IN_REVIEW, ARCHIVED])
def test_unpublished_entries_never_influence_a_score(world, status):
    vendor = VendorFactory(slug="v")
    CaseStudyFactory(vertical=world["finance"], vendors=[vendor])
    params = {"vertical": "finance", "scenario": "service", "region": "zhejiang"}
    before = result_of(find(**params), vendor)
    _everything_unpublished(vendor, world, status)
    after = result_of(find(**params), vendor)
    assert after.score == before.score
    assert [(r.key, r.points) for r in after.reasons] == [(r.key, r.points) for r in before.reasons]
    for hard in ({"deployment": "appliance"}, {"platform": "ascend"}, {"dengbao": 4}):
        assert "v" not in slugs(find(**hard))


def test_reasons_link_only_to_published_evidence(client, world):
    vendor = VendorFactory(slug="v")
    model, case = _everything_unpublished(vendor, world, DRAFT)
    published_case = CaseStudyFactory(vertical=world["finance"], vendors=[vendor])
    filed = AIModelFactory(vendor=vendor)
    filing = FilingFactory(ai_model=filed)
    CertificationFactory(vendor=vendor, source_url="https://example.com/kunpeng")
    outcome = find(vertical="finance")
    links = [link for r in result_of(outcome, vendor).reasons for link in r.evidence]
    urls = {link.url for link in links}
    assert published_case.get_absolute_url() in urls
    assert filed.get_absolute_url() in urls
    assert filing.get_absolute_url() in urls
    assert "https://example.com/kunpeng" in urls
    assert case.get_absolute_url() not in urls and model.get_absolute_url() not in urls
    for link in links:
        if not link.external:
            response = client.get(link.url)
            assert response.status_code == 200, link
            assert "retired" not in response.templates[0].name


# -- the page, the URL, the report, the exports ------------------------------------------------


def test_the_state_round_trips_through_the_url(client, world):
    params = (
        "vertical=finance&scenario=service&client_type=government&region=zhejiang"
        "&deployment=private&deployment=appliance&platform=kunpeng&platform=kylin&filing=1"
        "&dengbao=3&modality=text&max_price=2.50&open_weights=1"
    )
    response = client.get(reverse("finder:finder") + "?" + params)
    assert response.status_code == 200
    form = response.context["form"]
    state = response.context["state_query"]
    again = client.get(reverse("finder:finder") + "?" + state)
    assert again.context["state_query"] == state

    def plain(data):
        return {k: list(v) if hasattr(v, "model") else v for k, v in data.items()}

    assert plain(again.context["form"].cleaned_data) == plain(form.cleaned_data)
    assert form.cleaned_data["xinchuang"] is True  # platforms asked imply 信创
    assert "max_price=2.5" in state and state.count("deployment=") == 2
    page = again.content.decode()
    assert f'href="{reverse("finder:report")}?{state.replace("&", "&amp;")}"' in page
    # The form shows what was asked, so the page can be changed and shared again.
    for name, value in (("platform", "kylin"), ("deployment", "appliance"), ("filing", "1")):
        assert re.search(rf'name="{name}" (?:id="[^"]*" )?value="{value}"[^>]*checked', page), name
    assert re.search(r'<option value="zhejiang" selected>', page)


def test_the_page_shows_weights_reasons_missing_and_adds_to_the_shortlist(client, world):
    vendor = VendorFactory(slug="v", name_zh="甲服务商")
    CaseStudyFactory(vertical=world["finance"], vendors=[vendor])
    response = client.get(reverse("finder:finder") + "?vertical=finance&region=zhejiang")
    page = response.content.decode()
    for weight in scoring.WEIGHTS:
        assert str(weight.rule) in page
    assert "甲服务商" in page and 'data-testid="finder-missing"' in page
    response = client.post(
        reverse("finder:shortlist"),
        {"vendor": ["v"], "next": reverse("finder:finder") + "?vertical=finance"},
    )
    assert response.status_code == 302
    assert "vendor:v" in client.session["shortlist"]
    assert "甲服务商" in client.get(reverse("public:shortlist")).content.decode()


@pytest.mark.parametrize(
    "query, field",
    [
        ("dengbao=9", "dengbao"),
        ("max_price=abc", "max_price"),
        ("max_price=-1", "max_price"),
        ("vertical=no-such-vertical", "vertical"),
        ("deployment=teleport", "deployment"),
        ("platform=nowhere", "platform"),
        ("region=atlantis", "region"),
    ],
)
def test_bad_parameters_give_a_clear_message(client, world, query, field):
    page = client.get(reverse("finder:finder") + "?" + query)
    assert page.status_code == 400
    assert 'data-testid="finder-errors"' in page.content.decode()
    label = str(FinderForm.base_fields[field].label)
    assert label in page.content.decode()
    api = client.get("/api/v1/finder/?" + query)
    assert api.status_code == 400 and field in api.json()["errors"]
    export = client.get(reverse("finder:export", kwargs={"extension": "csv"}) + "?" + query)
    assert export.status_code == 400 and label in export.content.decode()


def test_the_api_rejects_unknown_and_repeated_parameters(client, world):
    assert client.get("/api/v1/finder/?colour=red").status_code == 400
    assert client.get("/api/v1/finder/?dengbao=2&dengbao=3").status_code == 400
    assert client.get("/api/v1/finder/?limit=0").status_code == 400
    assert client.get("/api/v1/finder/?limit=51").status_code == 400


def test_the_api_returns_the_same_ranking_with_reasons_as_data(client, world):
    vendors = [VendorFactory(slug=f"v{i}") for i in range(3)]
    for i, vendor in enumerate(vendors):
        for _ in range(i + 1):
            CaseStudyFactory(vertical=world["finance"], vendors=[vendor])
    data = client.get("/api/v1/finder/?vertical=finance&limit=2").json()
    assert [r["vendor"]["slug"] for r in data["results"]] == ["v2", "v1"]
    assert data["candidates"] == 3 and data["requirements"] == {"vertical": "finance"}
    reason = data["results"][0]["reasons"][0]
    assert reason["factor"] == "cases" and reason["points"] == 18.0
    assert reason["evidence"][0]["url"].startswith("http://testserver/")
    assert {w["factor"] for w in data["weights"]} == {w.key for w in scoring.applicable_weights({})}
    page = client.get(reverse("finder:finder") + "?vertical=finance")
    assert [r.vendor.slug for r in page.context["outcome"].results] == ["v2", "v1", "v0"]


def test_csv_and_xlsx_exports_list_the_ranking_and_are_formula_safe(client, world):
    from openpyxl import load_workbook

    vendor = VendorFactory(slug="v", name_zh="=HYPERLINK(1)")
    CaseStudyFactory(vertical=world["finance"], vendors=[vendor])
    csv_response = client.get(reverse("finder:export", kwargs={"extension": "csv"}))
    text = csv_response.content.decode("utf-8-sig")
    assert csv_response["Content-Type"].startswith("text/csv")
    assert "'=HYPERLINK(1)" in text
    xlsx = client.get(reverse("finder:export", kwargs={"extension": "xlsx"}))
    workbook = load_workbook(io.BytesIO(xlsx.content))
    rows = list(workbook.worksheets[0].values)
    assert rows[1][1] == "'=HYPERLINK(1)" and rows[1][0] == 1
    assert len(workbook.sheetnames) == 3
    assert client.get("/finder/export.pdf").status_code == 404


def test_the_report_lists_requirements_vendors_sources_and_date(client, world):
    vendor = VendorFactory(slug="v", name_zh="甲服务商")
    CertificationFactory(vendor=vendor, source_url="https://example.com/cert/kp")
    response = client.get(reverse("finder:report") + "?xinchuang=1")
    page = response.content.decode()
    assert response.status_code == 200
    assert "甲服务商" in page and "https://example.com/cert/kp" in page
    assert datetime.date.today().isoformat() in page or response.context["outcome"].as_of
    assert "finder-report.css" in page


@pytest.mark.parametrize("n", [2, 12])
def test_query_count_does_not_grow_with_the_results(client, world, django_assert_num_queries, n):
    for i in range(n):
        vendor = VendorFactory(slug=f"v{i}", verified=i % 2 == 0)
        model = AIModelFactory(vendor=vendor, cac_filing_number=f"Beijing-M{i}-20240101")
        FilingFactory(ai_model=model)
        DeploymentOfferFactory(ai_model=model, mode="private")
        CertificationFactory(vendor=vendor)
        CertificationFactory(vendor=vendor, kind="dengbao", level=3)
        case = CaseStudyFactory(vertical=world["finance"], vendors=[vendor], region="zhejiang")
        case.scenarios.add(world["service"])
    req = FinderForm.bound(
        QueryDict(
            "vertical=finance&scenario=service&region=zhejiang&client_type=government"
            "&deployment=private&filing=1"
        )
    )
    assert req.is_valid()
    # the three facet indexes (vendors, models, cases: their generations, in one query), the
    # candidates' slugs, the cited cases by primary key, the top vendors and 4 prefetches
    # (models ×2, certifications, offers): 8 whatever the number of vendors.
    with django_assert_num_queries(8):
        outcome = scoring.find(req.cleaned_data)
    assert len(outcome.results) == n
    # The API reads the vertical and the scenario from their slugs first.
    with django_assert_num_queries(10):
        client.get("/api/v1/finder/?" + req.state().urlencode())


def test_home_and_vertical_pages_call_the_finder(client, world):
    CaseStudyFactory(vertical=world["finance"])
    assert reverse("finder:finder") in client.get(reverse("home")).content.decode()
    page = client.get(world["finance"].get_absolute_url()).content.decode()
    assert reverse("finder:finder") + "?vertical=finance" in page


def test_json_of_the_api_is_serialisable_for_every_requirement(client, world):
    _meets("dengbao", world)
    response = client.get("/api/v1/finder/?dengbao=3&platform=kunpeng&deployment=private")
    assert response.status_code == 200
    json.dumps(response.json())
    assert CaseStudy.objects.exists() and DeploymentOffer.objects.count() >= 0


def test_a_submitted_form_lands_on_the_canonical_url(client, world):
    response = client.get(reverse("finder:finder") + "?vertical=finance&scenario=&region=&dengbao=")
    assert response.status_code == 302
    assert response["Location"] == reverse("finder:finder") + "?vertical=finance"
    assert client.get(response["Location"]).status_code == 200
