"""Procurement facts: curated like every entry, shown on their holders' pages (expired ones as
expired), counted on the vendor list's facets, in the API and its sync."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from core import facets
from core.editorial import EditorialPermissionDenied, acting_as
from core.models import PublicationStatus
from core.services import entry_archive, entry_publish, entry_submit_for_review
from directory.models import AIModel, Vendor
from procurement.models import Certification, DeploymentOffer
from tests.factories import (
    AIModelFactory,
    CertificationFactory,
    DeploymentOfferFactory,
    ProductFactory,
    VendorFactory,
    platform,
)
from tests.test_api_sync import Mirror
from tests.test_facets import assert_counts_match_filtersets, assert_index_matches_database

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


# -- the records ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "values, field",
    [
        ({"kind": "xinchuang", "platform": None}, "platform"),
        ({"kind": "dengbao", "level": None}, "level"),
        ({"kind": "iso27001", "level": 3}, "level"),
        ({"kind": "iso27001", "platform": "kylin"}, "platform"),
        ({"kind": "other", "name": ""}, "name"),
        (
            {"valid_from": datetime.date(2025, 1, 1), "valid_until": datetime.date(2024, 1, 1)},
            "valid_until",
        ),
    ],
)
def test_a_certification_says_what_its_kind_needs(values, field):
    vendor = VendorFactory()
    values = {"kind": "xinchuang", "platform": "kunpeng", **values}
    if isinstance(values.get("platform"), str):
        values["platform"] = platform(values["platform"])
    cert = Certification(vendor=vendor, **values)
    with pytest.raises(ValidationError) as error:
        cert.full_clean()
    assert field in error.value.message_dict


def test_a_fact_about_another_vendors_model_is_refused():
    model = AIModelFactory()
    cert = Certification(vendor=VendorFactory(), ai_model=model, kind="cmmi", level=5)
    with pytest.raises(ValidationError) as error:
        cert.full_clean()
    assert "ai_model" in error.value.message_dict
    offer = DeploymentOffer(vendor=model.vendor, mode="private")
    with pytest.raises(ValidationError):
        offer.full_clean()


def test_slugs_come_from_the_holder_and_stay_unique():
    vendor = VendorFactory(slug="baidu")
    model = AIModelFactory(vendor=vendor, slug="ernie-bot")
    first = CertificationFactory(vendor=vendor, slug="")
    second = CertificationFactory(vendor=vendor, slug="")
    offer = DeploymentOfferFactory(ai_model=model, mode="appliance", slug="")
    assert first.slug == "baidu-xinchuang-kunpeng"
    assert second.slug == "baidu-xinchuang-kunpeng-2"
    assert offer.slug == "ernie-bot-appliance" and offer.vendor == vendor


def test_facts_follow_the_editorial_rule(editor, publisher):
    cert = CertificationFactory(status=PublicationStatus.DRAFT, published_at=None)
    with acting_as(editor), pytest.raises(EditorialPermissionDenied):
        cert.status = PublicationStatus.PUBLISHED
        cert.save()
    cert.refresh_from_db()
    entry_submit_for_review(entry=cert, by=editor)
    entry_publish(entry=cert, by=publisher)
    cert.refresh_from_db()
    assert cert.status == PublicationStatus.PUBLISHED
    assert cert.history.count() >= 3


def test_the_review_queue_lists_facts_waiting(client, publisher, editor):
    offer = DeploymentOfferFactory(status=PublicationStatus.DRAFT, published_at=None)
    entry_submit_for_review(entry=offer, by=editor)
    client.force_login(publisher)
    page = client.get(reverse("admin_review_queue")).content.decode()
    assert str(offer) in page


# -- pages ------------------------------------------------------------------------------------


def test_holders_pages_show_published_facts_and_expired_ones_as_expired(client):
    vendor = VendorFactory()
    model = AIModelFactory(vendor=vendor)
    product = ProductFactory(vendor=vendor)
    CertificationFactory(vendor=vendor, number="KP-VALID", valid_until=today().replace(year=2099))
    CertificationFactory(
        vendor=vendor,
        platform=platform("kylin"),
        number="KY-OLD",
        valid_until=datetime.date(2024, 6, 30),
    )
    CertificationFactory(vendor=vendor, number="DRAFT-1", status=PublicationStatus.DRAFT)
    CertificationFactory(vendor=vendor, ai_model=model, kind="dengbao", level=3, number="DB-3")
    DeploymentOfferFactory(ai_model=model, mode="appliance")
    DeploymentOfferFactory(ai_model=None, product=product, mode="private")

    page = client.get(vendor.get_absolute_url()).content.decode()
    assert "KP-VALID" in page and "KY-OLD" in page and "DB-3" in page
    assert "DRAFT-1" not in page
    assert page.count('data-testid="expired"') == 1
    model_page = client.get(model.get_absolute_url()).content.decode()
    assert "DB-3" in model_page and "KP-VALID" not in model_page
    assert "大模型一体机" in model_page or "appliance" in model_page
    product_page = client.get(product.get_absolute_url()).content.decode()
    assert 'data-testid="procurement-facts"' in product_page
    assert "私有化" in product_page


def test_editors_see_what_expires_within_60_days(client, publisher):
    soon = CertificationFactory(number="SOON", valid_until=today() + datetime.timedelta(days=30))
    CertificationFactory(number="LATER", valid_until=today() + datetime.timedelta(days=200))
    CertificationFactory(number="GONE", valid_until=today() - datetime.timedelta(days=1))
    client.force_login(publisher)
    url = reverse("admin:procurement_certification_changelist")
    listed = client.get(url + "?validity=expiring").context["cl"].result_list
    assert [c.number for c in listed] == ["SOON"]
    expired = client.get(url + "?validity=expired").context["cl"].result_list
    assert [c.number for c in expired] == ["GONE"]
    assert soon.expires_soon
    assert (
        "Expires soon" in client.get(url).content.decode()
        or "即将到期" in client.get(url).content.decode()
    )


def test_certifications_import_through_the_admin(client, publisher):
    VendorFactory(slug="acme")
    client.force_login(publisher)
    csv = (
        "slug,vendor,kind,platform,level,number,valid_until,status\n"
        "acme-kylin,acme,xinchuang,kylin,,KY-1,2030-01-01,published\n"
        "acme-db,acme,dengbao,,3,11010-1,2027-05-31,published\n"
    )
    upload = io.BytesIO(csv.encode())
    upload.name = "certs.csv"
    response = client.post(
        reverse("admin:procurement_certification_import"),
        {"import_file": upload, "format": "0", "resource": "0"},
    )
    assert response.status_code == 200
    assert not response.context["result"].has_validation_errors()
    assert not response.context["result"].has_errors()


# -- facets ---------------------------------------------------------------------------------


def test_the_vendor_facets_follow_every_edit_of_a_fact():
    a, b = VendorFactory(), VendorFactory()
    model = AIModelFactory(vendor=a)
    cert = CertificationFactory(vendor=a, ai_model=model)
    CertificationFactory(vendor=b, kind="dengbao", level=4)
    offer = DeploymentOfferFactory(ai_model=model, mode="private")
    assert_index_matches_database()
    assert set(facets.load(Vendor).bitmap("xinchuang", "kunpeng")) == {a.pk}
    assert set(facets.load(Vendor).bitmap("dengbao", "3")) == {b.pk}

    cert.vendor = b  # moved (with its model cleared) to another vendor
    cert.ai_model = None
    cert.save()
    assert_index_matches_database()
    model.status = PublicationStatus.DRAFT  # the offer's model leaves: so does the offer
    model.save()
    assert_index_matches_database()
    assert not facets.load(Vendor).bitmap("offer", "private")
    offer.status = PublicationStatus.ARCHIVED
    offer.save()
    cert.status = PublicationStatus.ARCHIVED
    cert.save()
    draft = CertificationFactory(vendor=a, status=PublicationStatus.DRAFT)
    draft.delete()
    assert_index_matches_database()
    assert_counts_match_filtersets()


def test_the_vendor_list_filters_by_facts(client):
    adapted, other = VendorFactory(slug="adapted"), VendorFactory(slug="other")
    CertificationFactory(vendor=adapted)
    CertificationFactory(vendor=other, valid_until=datetime.date(2024, 1, 1))  # expired
    response = client.get(reverse("directory:vendor_list") + "?xinchuang=kunpeng")
    assert [v.slug for v in response.context["object_list"]] == ["adapted"]
    groups = {g.name: g for g in response.context["facet_groups"]}
    assert {"xinchuang", "dengbao", "offer"} <= set(groups)
    api = client.get("/api/v1/vendors/?xinchuang=kunpeng").json()
    assert [v["slug"] for v in api["results"]] == ["adapted"]


def test_the_model_and_product_lists_filter_by_their_own_facts(client):
    vendor = VendorFactory()
    adapted, plain = AIModelFactory(vendor=vendor, slug="adapted"), AIModelFactory(vendor=vendor)
    suite, other = ProductFactory(vendor=vendor, slug="suite"), ProductFactory(vendor=vendor)
    CertificationFactory(vendor=vendor, ai_model=adapted)
    CertificationFactory(vendor=vendor, ai_model=plain, valid_until=datetime.date(2024, 1, 1))
    CertificationFactory(vendor=vendor, product=suite, kind="dengbao", level=3, platform=None)
    DeploymentOfferFactory(ai_model=None, product=suite, vendor=vendor, mode="appliance")
    DeploymentOfferFactory(ai_model=plain, mode="private", status=PublicationStatus.DRAFT)
    lists = (
        ("directory:model_list", "/api/v1/models/", "?xinchuang=kunpeng", "adapted"),
        ("directory:product_list", "/api/v1/products/", "?dengbao=2", "suite"),
        ("directory:product_list", "/api/v1/products/", "?offer=appliance", "suite"),
    )
    for name, api, query, slug in lists:
        response = client.get(reverse(name) + query)
        assert [e.slug for e in response.context["object_list"]] == [slug], query
        groups = {g.name: g for g in response.context["facet_groups"]}
        assert {"xinchuang", "dengbao", "offer"} <= set(groups)
        assert [e["slug"] for e in client.get(api + query).json()["results"]] == [slug], query
    assert not facets.load(AIModel).bitmap("offer", "private")  # a draft offer
    assert_index_matches_database()
    assert_counts_match_filtersets()

    other.status = PublicationStatus.ARCHIVED  # unrelated
    other.save()
    suite_cert = Certification.objects.get(product=suite)
    suite_cert.product = None  # now about the vendor only
    suite_cert.save()
    vendor.status = PublicationStatus.ARCHIVED  # a fact counts only while its vendor is public
    vendor.save()
    assert_index_matches_database()
    assert not facets.load(AIModel).bitmap("xinchuang", "kunpeng")


# -- the API ----------------------------------------------------------------------------------


def test_the_api_lists_published_facts_and_syncs_their_removal(client, publisher):
    vendor = VendorFactory(slug="acme")
    cert = CertificationFactory(vendor=vendor, valid_until=datetime.date(2024, 1, 1))
    CertificationFactory(vendor=vendor, status=PublicationStatus.DRAFT)
    offer = DeploymentOfferFactory(ai_model=AIModelFactory(vendor=vendor), mode="private")
    data = client.get("/api/v1/certifications/").json()
    assert [c["slug"] for c in data["results"]] == [cert.slug]
    assert data["results"][0]["expired"] is True
    assert data["results"][0]["platform"]["slug"] == "kunpeng"
    assert data["results"][0]["vendor"]["slug"] == "acme"
    offers = client.get("/api/v1/deployment-offers/?mode=private").json()
    assert [o["slug"] for o in offers["results"]] == [offer.slug]
    assert client.get("/api/v1/certifications/?valid=maybe").status_code == 400

    mirror = Mirror(client, "certifications")
    mirror.sync()
    assert mirror.equals_published()
    entry_archive(entry=cert, by=publisher)
    mirror.sync()
    assert mirror.rows == {} and mirror.equals_published()


# -- data -------------------------------------------------------------------------------------


def test_load_seed_adds_the_offers_the_report_gives():
    call_command("load_seed", stdout=io.StringIO())
    ernie = AIModel.objects.get(slug="ernie-bot")
    modes = set(
        DeploymentOffer.objects.published().filter(ai_model=ernie).values_list("mode", flat=True)
    )
    assert modes == {"public_api", "private"}
    before = DeploymentOffer.objects.count()
    call_command("load_seed", stdout=io.StringIO())
    assert DeploymentOffer.objects.count() == before


def test_generate_demo_fills_plausible_facts():
    call_command("generate_demo", cases=200, no_index=True, stdout=io.StringIO())
    certs = Certification.objects.filter(vendor__slug__startswith="demo-")
    offers = DeploymentOffer.objects.filter(vendor__slug__startswith="demo-")
    assert certs.filter(kind="xinchuang").exists() and certs.filter(kind="dengbao").exists()
    assert offers.filter(mode="public_api").exists() and offers.filter(mode="private").exists()
    assert certs.expired().exists() or certs.valid().exists()
    for cert in certs:
        cert.full_clean()  # every generated record would pass the admin's validation
    assert AIModel.objects.exclude(cac_filing_number="").filter(slug__startswith="demo-").exists()
    assert_index_matches_database()
