import io

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from directory.models import Vendor
from tests.factories import (
    AIModelFactory,
    CaseMetricFactory,
    CaseStudyFactory,
    CertificationFactory,
    DeploymentOfferFactory,
    DeploymentOptionFactory,
    ModalityFactory,
    ProductCategoryFactory,
    ProductFactory,
    ScenarioFactory,
    StatPointFactory,
    VendorFactory,
    VerticalFactory,
)

pytestmark = pytest.mark.django_db

CONTENT_APPS = ("directory", "cases", "insights", "procurement")


@pytest.fixture
def one_of_everything():
    case = CaseStudyFactory(ai_models=[AIModelFactory()], scenarios=[ScenarioFactory()])
    CaseMetricFactory(case=case)
    ProductFactory(verticals=[VerticalFactory()])
    ModalityFactory()
    DeploymentOptionFactory()
    ProductCategoryFactory()
    StatPointFactory()
    CertificationFactory()
    DeploymentOfferFactory()


def registered_models():
    return [m for m in admin.site._registry if m._meta.app_label in CONTENT_APPS]


def test_every_content_model_is_in_the_admin():
    expected = {
        "vendor", "aimodel", "product", "vertical", "scenario", "productcategory", "modality",
        "deploymentoption", "casestudy", "statseries",
    }  # fmt: skip
    assert expected <= {m._meta.model_name for m in registered_models()}


def test_every_changelist_add_and_change_page_renders_for_a_publisher(
    client, publisher, one_of_everything
):
    client.force_login(publisher)
    for model in registered_models():
        info = (model._meta.app_label, model._meta.model_name)
        obj = model.objects.first()
        for url in (
            reverse("admin:{}_{}_changelist".format(*info)),
            reverse("admin:{}_{}_changelist".format(*info)) + "?q=模型",
            reverse("admin:{}_{}_add".format(*info)),
            reverse("admin:{}_{}_change".format(*info), args=[obj.pk]),
            reverse("admin:{}_{}_history".format(*info), args=[obj.pk]),
        ):
            assert client.get(url).status_code == 200, url


def test_editor_cannot_publish_through_the_admin_action(client, editor):
    vendor = VendorFactory(status="in_review")
    client.force_login(editor)
    url = reverse("admin:directory_vendor_changelist")
    client.post(url, {"action": "publish", "_selected_action": [vendor.pk]})
    vendor.refresh_from_db()
    assert vendor.status == "in_review"
    response = client.get(url)
    actions = [a for a, _label in response.context["action_form"].fields["action"].choices]
    assert "submit_for_review" in actions and "publish" not in actions


def test_editor_cannot_publish_through_the_change_form(client, editor):
    vendor = VendorFactory(status="draft", published_at=None)
    client.force_login(editor)
    url = reverse("admin:directory_vendor_change", args=[vendor.pk])
    page = client.get(url)
    assert "status" not in page.context["adminform"].form.fields
    data = {
        "name_zh": vendor.name_zh, "name_en": "Renamed", "slug": vendor.slug,
        "kind": vendor.kind, "status": "published", "version": vendor.version,
        "names-TOTAL_FORMS": 0, "names-INITIAL_FORMS": 0,
        "ai_models-TOTAL_FORMS": 0, "ai_models-INITIAL_FORMS": 0,
        "products-TOTAL_FORMS": 0, "products-INITIAL_FORMS": 0,
    }  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302
    vendor.refresh_from_db()
    assert vendor.name_en == "Renamed" and vendor.status == "draft"


def test_publisher_publishes_through_the_admin_action(client, publisher):
    vendor = VendorFactory(status="in_review", published_at=None)
    client.force_login(publisher)
    client.post(
        reverse("admin:directory_vendor_changelist"),
        {"action": "publish", "_selected_action": [vendor.pk]},
    )
    vendor.refresh_from_db()
    assert vendor.status == "published" and vendor.published_at


def test_history_records_an_edit_and_revert_restores_it(client, publisher):
    model = AIModelFactory(name_en="Before")
    model.name_en = "After"
    model.save()
    first = model.history.earliest()
    client.force_login(publisher)
    url = reverse("admin:directory_aimodel_simple_history", args=[model.pk, first.history_id])
    form = client.get(url)
    assert form.status_code == 200
    data = {
        "name_zh": first.name_zh, "name_en": first.name_en, "slug": first.slug,
        "vendor": first.vendor_id, "tier": first.tier, "status": first.status,
        "version": form.context["adminform"].form.initial["version"],
    }  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302
    model.refresh_from_db()
    assert model.name_en == "Before"
    assert model.history.count() == 3


def csv_upload(text):
    handle = io.BytesIO(text.encode("utf-8"))
    handle.name = "vendors.csv"
    return handle


def test_import_with_one_bad_row_reports_it_and_saves_nothing(client, publisher):
    client.force_login(publisher)
    csv = (
        "slug,name_zh,name_en,kind,uscc,status\n"
        "good-one,好公司,Good,ai_native,,draft\n"
        "bad-one,坏公司,Bad,ai_native,914403001922038217,draft\n"
    )
    response = client.post(
        reverse("admin:directory_vendor_import"),
        {"import_file": csv_upload(csv), "format": "0", "resource": "0"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "914403001922038217" in body or "bad-one" in body
    assert response.context["result"].has_validation_errors()
    invalid = response.context["result"].invalid_rows
    assert [row.number for row in invalid] == [2]
    assert not Vendor.objects.filter(slug__in=["good-one", "bad-one"]).exists()


def test_editor_import_cannot_publish(client, editor):
    client.force_login(editor)
    csv = "slug,name_zh,name_en,kind,status\nsneaky,偷偷,Sneaky,ai_native,published\n"
    response = client.post(
        reverse("admin:directory_vendor_import"),
        {"import_file": csv_upload(csv), "format": "0", "resource": "0"},
    )
    assert response.context["result"].has_validation_errors()
    assert not Vendor.objects.filter(slug="sneaky").exists()


def test_every_content_model_keeps_history():
    for app_label in CONTENT_APPS:
        for model in apps.get_app_config(app_label).get_models():
            if not model.__name__.startswith("Historical"):
                assert hasattr(model, "history"), model.__name__
