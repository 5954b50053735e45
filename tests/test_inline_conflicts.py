"""Inline rows never silently overwrite: a vendor's models and products carry their versions.

Audit finding 3: one editor's save of a vendor page reverted another editor's rename of one of
its models (the inline rows had no version), with no warning to either.
"""

import pytest
from django.contrib import admin
from django.urls import reverse

from cases.models import CaseMetric
from core.admin import PublishableInline
from core.models import PublishableModel
from directory.models import AIModel, Product
from tests.factories import (
    AIModelFactory,
    CaseMetricFactory,
    CaseStudyFactory,
    ProductFactory,
    VendorFactory,
)
from tests.test_editorial_safety import form_data, login, zh

pytestmark = pytest.mark.django_db

CONFLICT = (
    "Not saved: someone else saved this entry while you were editing it. "
    "Your edits are still in the form below."
)


def page_data(response) -> dict:
    """What a browser posts back from an admin page, inline rows included, untouched."""
    data = form_data(response)
    for inline in response.context["inline_admin_formsets"]:
        for form in inline.formset.forms:
            for name in form.fields:
                value = form[name].value()
                if isinstance(value, bool):
                    if value:
                        data[form.add_prefix(name)] = "on"
                elif value is not None:
                    data[form.add_prefix(name)] = str(value)
    return data


def row_prefix(response, model, pk) -> str:
    for inline in response.context["inline_admin_formsets"]:
        for form in inline.formset.forms:
            if inline.formset.model is model and form.instance.pk == pk:
                return form.prefix
    raise AssertionError(f"no inline row for {model.__name__} {pk}")


@pytest.mark.parametrize(
    ("factory", "model"), [(AIModelFactory, AIModel), (ProductFactory, Product)]
)
def test_a_vendor_save_never_reverts_a_row_renamed_meanwhile(editor, publisher, factory, model):
    # A draft vendor: an editor's save of a live one is a revision (issue 14), not a write.
    vendor = VendorFactory(status="draft", published_at=None)
    row = factory(vendor=vendor, name_en="Pangu")
    vendor_url = reverse("admin:directory_vendor_change", args=[vendor.pk])
    alice = login(editor)
    alice_page = alice.get(vendor_url)
    alice_data = page_data(alice_page)

    # Bob renames the row on its own page meanwhile.
    bob = login(publisher)
    row_url = reverse(f"admin:directory_{model._meta.model_name}_change", args=[row.pk])
    bob_data = form_data(bob.get(row_url))
    bob_data["name_en"] = "Pangu 5"
    assert bob.post(row_url, bob_data).status_code == 302

    # Alice saves the vendor page she loaded before: refused, with the main form's message.
    alice_data["summary_en"] = "Alice's summary"
    refused = alice.post(vendor_url, alice_data)
    assert refused.status_code == 200
    page = refused.content.decode()
    assert zh(CONFLICT) in page
    assert "publisher" in page  # who saved meanwhile
    row.refresh_from_db()
    vendor.refresh_from_db()
    assert row.name_en == "Pangu 5"
    assert vendor.summary_en != "Alice's summary"  # nothing of the page was saved

    # Having seen it, she keeps Bob's name and saves on purpose.
    again = page_data(refused)
    again[f"{row_prefix(refused, model, row.pk)}-name_en"] = "Pangu 5"
    assert alice.post(vendor_url, again).status_code == 302
    row.refresh_from_db()
    vendor.refresh_from_db()
    assert (row.name_en, vendor.summary_en) == ("Pangu 5", "Alice's summary")


def test_an_untouched_vendor_page_saves_its_rows_without_conflict(publisher):
    vendor = VendorFactory()
    AIModelFactory(vendor=vendor)
    url = reverse("admin:directory_vendor_change", args=[vendor.pk])
    client = login(publisher)
    assert client.post(url, page_data(client.get(url))).status_code == 302


def test_owned_rows_are_covered_by_the_parents_version(editor, publisher):
    """A case's metrics have no version of their own: the case's version covers them, since
    saving the case page always saves the case."""
    case = CaseStudyFactory()
    metric = CaseMetricFactory(case=case, name_en="Latency")
    url = reverse("admin:cases_casestudy_change", args=[case.pk])
    alice, bob = login(editor), login(publisher)
    alice_data, bob_data = page_data(alice.get(url)), page_data(bob.get(url))
    prefix = row_prefix(bob.get(url), CaseMetric, metric.pk)
    bob_data[f"{prefix}-name_en"] = "Latency (p95)"
    assert bob.post(url, bob_data).status_code == 302
    refused = alice.post(url, alice_data)
    assert refused.status_code == 200
    assert zh(CONFLICT) in refused.content.decode()
    metric.refresh_from_db()
    assert metric.name_en == "Latency (p95)"


def test_every_inline_of_an_entry_carries_its_version():
    for model_admin in admin.site._registry.values():
        for inline in model_admin.inlines:
            if issubclass(inline.model, PublishableModel):
                assert issubclass(inline, PublishableInline), inline
