"""The finder ranks from the facet indexes (core.facets) held in memory: its answer must stay
exactly what a direct recomputation from the database gives, through every kind of edit of
cases, vendors, models, filings, certifications and offers, and across the days on which a
certificate starts or expires."""

import datetime

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.models import CaseStudy
from core import facets
from core.models import PublicationStatus
from directory.models import AIModel, Vendor
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
    ProductFactory,
    ScenarioFactory,
    VendorFactory,
    VerticalFactory,
    platform,
)
from tests.test_facets import assert_counts_match_filtersets, assert_index_matches_database

pytestmark = pytest.mark.django_db

DRAFT, ARCHIVED = PublicationStatus.DRAFT, PublicationStatus.ARCHIVED

ASKED = (
    "",
    "vertical=finance",
    "vertical=finance&scenario=service&region=zhejiang&client_type=government",
    "deployment=private&xinchuang=1",
    "platform=kunpeng&platform=kylin",
    "dengbao=3&filing=1",
    "modality=text&max_price=5&open_weights=1",
    "vertical=health&deployment=public_api&dengbao=2&filing=1&region=beijing",
)


def cleaned(query: str) -> dict:
    form = FinderForm.bound(QueryDict(query))
    assert form.is_valid(), form.errors
    return form.cleaned_data


def recomputed(req: dict) -> list[tuple[str, int]]:
    """The ranking straight from the database, vendor by vendor (slow, obviously right)."""
    today = timezone.localdate()
    applicable = scoring.applicable_weights(req)
    ranked = []
    for vendor in Vendor.objects.published():
        certs = Certification.objects.evidence().valid().filter(vendor=vendor)
        platforms = set(certs.filter(kind="xinchuang").values_list("platform__slug", flat=True))
        dengbao = max(
            (level or 0 for level in certs.filter(kind="dengbao").values_list("level", flat=True)),
            default=0,
        )
        other = certs.filter(kind__in=scoring.OTHER_CERTIFICATIONS).count()
        modes = set(
            DeploymentOffer.objects.evidence().filter(vendor=vendor).values_list("mode", flat=True)
        )
        models = AIModel.objects.published().filter(vendor=vendor)
        if (
            req.get("vertical")
            and not Vendor.objects.in_vertical(req["vertical"]).filter(pk=vendor.pk).exists()
        ):
            continue
        if not set(req.get("deployment") or ()) <= modes:
            continue
        asked_platforms = {p.slug for p in req.get("platform") or ()}
        if not asked_platforms <= platforms or (req.get("xinchuang") and not platforms):
            continue
        if req.get("dengbao") and dengbao < req["dengbao"]:
            continue
        requirements = scoring.model_requirements(req)
        if requirements is not None and not models.filter(requirements).exists():
            continue
        fitting = CaseStudy.objects.published().filter(vendors=vendor)
        if req.get("vertical"):
            fitting = fitting.filter(vertical=req["vertical"])
        if req.get("scenario"):
            fitting = fitting.filter(scenarios=req["scenario"])
        latest = max((y for y in fitting.values_list("go_live_year", flat=True) if y), default=0)
        counts = {
            "cases": fitting.count(),
            "region": fitting.filter(region=req.get("region") or "-").count(),
            "client_type": fitting.filter(client_type=req.get("client_type") or "-").count(),
            "recency": 2 if latest >= today.year - 1 else 1 if latest >= today.year - 3 else 0,
        }
        filed = models.filter(scoring.filing_known_q(AIModel)).count()
        points = scoring.factor_points(
            req,
            counts,
            filed,
            {"platforms": platforms, "dengbao": dengbao, "other": other},
            modes,
            vendor.verified,
        )
        # The cases its reasons cite: the latest go-live years first (none stated last), then
        # the newest entries.
        cited = sorted(fitting, key=lambda c: (-(c.go_live_year or 0), -c.pk))
        cited = [c.get_absolute_url() for c in cited[: scoring.EVIDENCE_CASES]]
        ranked.append((scoring.total_score(points, applicable), counts["cases"], vendor, cited))
    ranked.sort(key=lambda row: (-row[0], -row[1], row[2].pk))
    return [(vendor.slug, score, cited) for score, _n, vendor, cited in ranked]


def cited_cases(result) -> list[str]:
    reason = next((r for r in result.reasons if r.key == "cases"), None)
    return [link.url for link in reason.evidence] if reason else []


def assert_finder_is_exact():
    for query in ASKED:
        req = cleaned(query)
        outcome = scoring.find(req, limit=scoring.MAX_RESULTS)
        found = [(r.vendor.slug, r.score, cited_cases(r)) for r in outcome.results]
        assert found == recomputed(req), query
        assert outcome.candidates == len(found), query
    assert_index_matches_database()


@pytest.fixture
def market(db):
    finance = VerticalFactory(slug="finance", name_zh="金融", name_en="Finance")
    health = VerticalFactory(slug="health", name_zh="医疗", name_en="Healthcare")
    service = ScenarioFactory(slug="service", name_zh="客服", name_en="Customer service")
    text = ModalityFactory(slug="text", name_zh="语言", name_en="Language")
    year = timezone.localdate().year
    vendors = [VendorFactory(slug=f"v{i}", verified=i % 3 == 0) for i in range(6)]
    for i, vendor in enumerate(vendors):
        for j in range(i % 4):
            case = CaseStudyFactory(
                vertical=finance if j % 2 == 0 else health,
                vendors=[vendor, vendors[(i + 1) % 6]] if j == 2 else [vendor],
                region="zhejiang" if j == 1 else "beijing",
                client_type="government" if i % 2 else "private",
                go_live_year=year - j * 2,
            )
            if j != 1:
                case.scenarios.add(service)
        model = AIModelFactory(
            vendor=vendor,
            modalities=[text],
            cac_filing_number=f"Beijing-V{i}-20240101" if i % 2 == 0 else "",
            price_input_per_mtok=i,
            open_weights=i % 3 != 1,
        )
        if i == 3:
            FilingFactory(ai_model=model)
        DeploymentOfferFactory(ai_model=model, mode="private" if i % 2 else "public_api")
        if i % 3 != 2:
            CertificationFactory(vendor=vendor)
        if i in (1, 4):
            CertificationFactory(vendor=vendor, platform=platform("kylin"))
            CertificationFactory(vendor=vendor, kind="dengbao", level=2 if i == 1 else 3)
        if i == 5:
            CertificationFactory(vendor=vendor, kind="iso27001", platform=None)
    return {"vendors": vendors, "finance": finance, "health": health, "service": service}


def test_the_finder_equals_a_recomputation_through_edits_of_cases(market):
    v = market["vendors"]
    assert_finder_is_exact()
    draft = CaseStudyFactory(vertical=market["finance"], vendors=[v[0]], status=DRAFT)
    assert_finder_is_exact()  # a draft never counts
    draft.status = PublicationStatus.PUBLISHED
    draft.save()
    draft.scenarios.add(market["service"])
    assert_finder_is_exact()
    draft.vertical = market["health"]
    draft.region = "zhejiang"
    draft.save()
    draft.vendors.add(v[5])
    assert_finder_is_exact()
    draft.vendors.remove(v[0])
    market["service"].cases.clear()  # from the scenario's side
    assert_finder_is_exact()
    draft.status = ARCHIVED
    draft.save()
    assert_finder_is_exact()
    gone = CaseStudyFactory(vertical=market["finance"], vendors=[v[2]], status=DRAFT)
    gone.delete()
    assert_finder_is_exact()


def test_the_finder_equals_a_recomputation_through_edits_of_vendors_and_models(market):
    v = market["vendors"]
    v[1].verified = True
    v[1].save()
    assert_finder_is_exact()
    v[2].slug = "renamed"  # the per-vendor bitmaps are named by slug
    v[2].save()
    assert_finder_is_exact()
    v[3].status = ARCHIVED
    v[3].save()
    assert_finder_is_exact()
    model = AIModel.objects.get(vendor=v[4])
    model.cac_filing_number = ""
    model.save()
    assert_finder_is_exact()
    filing = FilingFactory(ai_model=model)  # the register files it after all
    assert_finder_is_exact()
    filing.delete()
    model.vendor = v[5]
    model.save()
    assert_finder_is_exact()
    model.status = DRAFT
    model.save()
    assert_finder_is_exact()
    AIModelFactory(vendor=v[0], modalities=[], price_input_per_mtok=1, status=DRAFT).delete()
    VendorFactory(slug="draft-vendor", status=DRAFT).delete()
    assert_finder_is_exact()


def test_the_finder_equals_a_recomputation_through_edits_of_facts(market):
    v = market["vendors"]
    cert = CertificationFactory(vendor=v[2], kind="dengbao", level=4, status=DRAFT)
    assert_finder_is_exact()
    cert.status = PublicationStatus.PUBLISHED
    cert.save()
    assert_finder_is_exact()
    cert.level = 2
    cert.vendor = v[0]  # moved: both vendors change
    cert.save()
    assert_finder_is_exact()
    cert.valid_until = datetime.date(2020, 1, 1)  # expired
    cert.valid_from = datetime.date(2019, 1, 1)
    cert.save()
    assert_finder_is_exact()
    kylin = Certification.objects.filter(vendor=v[1], platform__slug="kylin").get()
    kylin.status = ARCHIVED
    kylin.save()
    assert_finder_is_exact()
    CertificationFactory(vendor=v[3], kind="cmmi", level=3, platform=None)
    assert_finder_is_exact()
    offer = DeploymentOffer.objects.get(vendor=v[0])
    offer.mode = "private"
    offer.save()
    assert_finder_is_exact()
    offer.status = DRAFT
    offer.save()
    offer.delete()
    DeploymentOfferFactory(ai_model=AIModelFactory(vendor=v[5], status=DRAFT), mode="appliance")
    assert_finder_is_exact()  # an offer about a draft model is no evidence
    assert_counts_match_filtersets()


def test_validity_follows_the_calendar_without_an_edit(market, monkeypatch):
    """A certificate that lapses tonight, or starts tomorrow, changes the vendor's facts
    tomorrow: the first read on that day recomputes just those vendors."""
    v = market["vendors"]
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    CertificationFactory(vendor=v[2], platform=platform("kylin"), valid_until=today)
    CertificationFactory(vendor=v[5], platform=platform("ascend"), valid_from=tomorrow)
    CertificationFactory(vendor=v[5], kind="dengbao", level=4, valid_until=tomorrow)
    assert_finder_is_exact()
    assert "v2" in [r.vendor.slug for r in scoring.find(cleaned("platform=kylin")).results]
    index = facets.load(Vendor)
    assert index.due(today) == facets.BitMap()
    assert set(index.due(tomorrow)) == {v[2].pk, v[5].pk}

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)
    with CaptureQueriesContext(connection) as queries:
        index = facets.load(Vendor)
    assert len(queries) > 1  # the due vendors were recomputed and the index written
    assert v[2].pk not in index.bitmap("xinchuang", "kylin")
    assert v[5].pk in index.bitmap("xinchuang", "ascend")
    assert v[5].pk in index.bitmap("dengbao", "4")  # valid through its last day
    assert set(index.due(tomorrow)) == set()
    with CaptureQueriesContext(connection) as queries:
        facets.load(Vendor)
    assert len(queries) == 1  # settled: one query again
    assert_finder_is_exact()
    assert "v2" not in [r.vendor.slug for r in scoring.find(cleaned("platform=kylin")).results]

    monkeypatch.setattr(
        timezone, "localdate", lambda *args, **kwargs: tomorrow + datetime.timedelta(days=1)
    )
    assert v[5].pk not in facets.load(Vendor).bitmap("dengbao", "4")
    assert_finder_is_exact()


@pytest.mark.parametrize("n", [2, 30])
def test_nothing_asked_costs_the_same_queries_at_any_size(market, django_assert_num_queries, n):
    for i in range(n):
        vendor = VendorFactory(slug=f"more{i}")
        CaseStudyFactory(vertical=market["finance"], vendors=[vendor])
        model = AIModelFactory(vendor=vendor, cac_filing_number=f"Beijing-M{i}-20240101")
        # facts about a model or a product, one expired: their reasons read no more rows
        CertificationFactory(vendor=vendor, ai_model=model, kind="iso27001", platform=None)
        CertificationFactory(vendor=vendor, valid_until=datetime.date(2024, 1, 1))
        CertificationFactory(vendor=vendor, kind="other", name="信创产品名录", platform=None)
        DeploymentOfferFactory(ai_model=None, product=ProductFactory(vendor=vendor), vendor=vendor)
    facets.load(Vendor), facets.load(AIModel), facets.load(CaseStudy)  # held in memory
    # the three index generations (one query), the candidates' slugs, the cited cases, the top
    # vendors and 3 prefetches (filed models, certifications, offers)
    with django_assert_num_queries(7):
        outcome = scoring.find({}, limit=scoring.MAX_RESULTS)
    assert outcome.candidates == 6 + n
    reasons = {r.key for result in outcome.results for r in result.reasons}
    assert {"deployment", "other_certifications", "filed", "cases"} <= reasons
