"""Editors never lose an edit, published entries are archived not deleted, a review queue."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext

from cases.models import CaseStudy
from core.models import DeletionRefused, EditConflict, PublicationStatus
from core.services import entry_archive, entry_delete, entry_publish, entry_submit_for_review
from directory.models import AIModel, Product, Vendor
from insights.models import StatSeries
from tests.factories import (
    AIModelFactory,
    CaseStudyFactory,
    ProductFactory,
    StatSeriesFactory,
    UserFactory,
    VendorFactory,
)

pytestmark = pytest.mark.django_db

FACTORIES = [
    (VendorFactory, Vendor),
    (AIModelFactory, AIModel),
    (ProductFactory, Product),
    (CaseStudyFactory, CaseStudy),
    (StatSeriesFactory, StatSeries),
]


def form_data(response) -> dict:
    """What a browser would post back from an admin change form, untouched."""
    data = {}
    form = response.context["adminform"].form
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = str(value)
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        for name in formset.management_form.fields:
            data[formset.management_form.add_prefix(name)] = formset.management_form[name].value()
    return data


def zh(message: str, **params) -> str:
    """A message as the admin shows it: always in the default language, zh-hans."""
    with translation.override("zh-hans"):
        return (gettext(message) % params) if params else gettext(message)


def label(model, field: str) -> str:
    with translation.override("zh-hans"):
        return str(capfirst(model._meta.get_field(field).verbose_name))


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# ── no lost updates ──────────────────────────────────────────────────────────────────────


def test_second_of_two_editors_is_refused_and_told_what_changed(editor, publisher):
    model = AIModelFactory(name_en="Pangu", summary_en="Old summary")
    url = reverse("admin:directory_aimodel_change", args=[model.pk])
    alice, bob = login(editor), login(publisher)
    alice_form, bob_form = form_data(alice.get(url)), form_data(bob.get(url))

    bob_form["name_en"] = "Pangu 5"
    assert bob.post(url, bob_form).status_code == 302

    alice_form["summary_en"] = "Alice's careful summary"
    refused = alice.post(url, alice_form)
    assert refused.status_code == 200
    page = refused.content.decode()
    assert (
        zh(
            "Not saved: someone else saved this entry while you were editing it. "
            "Your edits are still in the form below."
        )
        in page
    )
    assert "publisher" in page  # who saved meanwhile
    changed = zh(
        "Changed meanwhile — %(field)s: “%(old)s” → “%(new)s”",
        field=label(AIModel, "name_en"),
        old="Pangu",
        new="Pangu 5",
    )
    assert changed in page  # what changed meanwhile
    assert "Alice&#x27;s careful summary" in page  # her edit is still in the form
    model.refresh_from_db()
    assert (model.name_en, model.summary_en) == ("Pangu 5", "Old summary")

    # Having seen the changes, she keeps Bob's name and saves her summary on purpose.
    again = form_data(refused)
    again["name_en"] = "Pangu 5"
    assert alice.post(url, again).status_code == 302
    # The entry is live: her change waits for review (issue 14), then lands on Bob's version.
    from revisions.models import Revision
    from revisions.services import revision_approve

    model.refresh_from_db()
    assert (model.name_en, model.summary_en) == ("Pangu 5", "Old summary")
    revision_approve(revision=Revision.objects.pending().get(), by=publisher)
    model.refresh_from_db()
    assert (model.name_en, model.summary_en) == ("Pangu 5", "Alice's careful summary")


def test_a_form_without_its_version_is_refused(publisher):
    vendor = VendorFactory(name_en="Before")
    url = reverse("admin:directory_vendor_change", args=[vendor.pk])
    client = login(publisher)
    data = form_data(client.get(url))
    del data["version"]
    data["name_en"] = "After"
    assert client.post(url, data).status_code == 200
    vendor.refresh_from_db()
    assert vendor.name_en == "Before"


@pytest.mark.parametrize(("factory", "model"), FACTORIES)
def test_a_stale_copy_never_overwrites_a_newer_save(factory, model):
    entry = factory(summary_en="first") if hasattr(model, "summary_en") else factory()
    mine, theirs = model.objects.get(pk=entry.pk), model.objects.get(pk=entry.pk)
    theirs.slug = "theirs"
    theirs.save()
    mine.slug = "mine"
    with pytest.raises(EditConflict), transaction.atomic():
        mine.save()
    assert model.objects.get(pk=entry.pk).slug == "theirs"
    assert mine.version == theirs.version - 1  # the refused copy keeps the version it had


def test_saving_a_copy_of_a_draft_deleted_meanwhile_is_not_silently_lost():
    """Someone deleted the draft an editor still has open: the editor's save stores it again
    (Django's save of a missing row), never reports success having stored nothing."""
    draft = VendorFactory(status="draft", published_at=None, name_en="Before")
    mine = Vendor.objects.get(pk=draft.pk)
    Vendor.objects.get(pk=draft.pk).delete()
    mine.name_en = "Mine"
    mine.save()
    assert Vendor.objects.get(pk=draft.pk).name_en == "Mine"


def test_a_workflow_action_on_a_stale_copy_is_refused(publisher):
    vendor = VendorFactory(status="in_review", published_at=None)
    stale = Vendor.objects.get(pk=vendor.pk)
    vendor.name_en = "Renamed"
    vendor.save()
    with pytest.raises(EditConflict), transaction.atomic():
        entry_publish(entry=stale, by=publisher)
    assert Vendor.objects.get(pk=vendor.pk).status == "in_review"


def test_save_with_update_fields_also_bumps_the_version():
    vendor = VendorFactory()
    vendor.name_en = "X"
    vendor.save(update_fields=["name_en"])
    assert Vendor.objects.get(pk=vendor.pk).version == vendor.version == 2


# ── published entries are archived, not deleted ──────────────────────────────────────────


@pytest.mark.parametrize(("factory", "model"), FACTORIES)
@pytest.mark.parametrize("status", ["in_review", "published", "archived"])
def test_only_drafts_can_be_deleted_at_the_model_level(factory, model, status):
    entry = factory(status=status)
    with pytest.raises(DeletionRefused), transaction.atomic():
        entry.delete()
    with pytest.raises(DeletionRefused), transaction.atomic():
        model.objects.filter(pk=entry.pk).delete()
    assert model.objects.filter(pk=entry.pk).exists()
    draft = factory(status="draft")
    draft.delete()
    assert not model.objects.filter(pk=draft.pk).exists()


def test_delete_service_allows_drafts_only(editor):
    draft, published = VendorFactory(status="draft"), VendorFactory()
    with pytest.raises(ValidationError), transaction.atomic():
        entry_delete(entry=published, by=editor)
    entry_delete(entry=draft, by=editor)
    assert list(Vendor.objects.all()) == [published]
    outsider = UserFactory(username="outsider")
    with translation.override("en"), pytest.raises(Exception, match="may not delete"):
        entry_delete(entry=VendorFactory(status="draft"), by=outsider)


def test_admin_offers_no_delete_for_published_entries(publisher):
    published, draft = VendorFactory(), VendorFactory(status="draft")
    client = login(publisher)
    change = client.get(reverse("admin:directory_vendor_change", args=[published.pk]))
    assert not change.context["has_delete_permission"]
    delete_url = reverse("admin:directory_vendor_delete", args=[published.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert Vendor.objects.filter(pk=published.pk).exists()
    draft_delete = reverse("admin:directory_vendor_delete", args=[draft.pk])
    assert client.post(draft_delete, {"post": "yes"}).status_code == 302
    assert not Vendor.objects.filter(pk=draft.pk).exists()


def test_bulk_delete_with_a_published_entry_deletes_nothing(publisher):
    published, draft = VendorFactory(name_zh="已发布"), VendorFactory(status="draft")
    client = login(publisher)
    response = client.post(
        reverse("admin:directory_vendor_changelist"),
        {"action": "delete_selected", "_selected_action": [published.pk, draft.pk], "post": "yes"},
        follow=True,
    )
    assert (
        zh(
            "Nothing deleted: only drafts can be deleted, and these are not: %(names)s. "
            "Archive published entries instead.",
            names=str(published),
        )
        in response.content.decode()
    )
    assert Vendor.objects.count() == 2
    client.post(
        reverse("admin:directory_vendor_changelist"),
        {"action": "delete_selected", "_selected_action": [draft.pk], "post": "yes"},
    )
    assert list(Vendor.objects.all()) == [published]


def test_archiving_keeps_the_url_and_the_history(client, publisher):
    old, new = VendorFactory(), VendorFactory()
    entry_archive(entry=old, by=publisher, successor=new)
    response = client.get(old.get_absolute_url())
    assert response.status_code == 410  # the retired notice, at the same URL
    page = response.content.decode()
    assert old.name_zh in page and f'href="{new.get_absolute_url()}"' in page
    assert old.history.count() == 2


def test_the_retired_notice_never_names_an_unpublished_successor(client, publisher):
    old, new = VendorFactory(), VendorFactory(name_zh="尚未公开的继任者")
    entry_archive(entry=old, by=publisher, successor=new)
    Vendor.objects.filter(pk=new.pk).update(status=PublicationStatus.DRAFT)
    response = client.get(old.get_absolute_url())
    assert response.status_code == 410
    page = response.content.decode()
    assert old.name_zh in page
    assert new.name_zh not in page and new.get_absolute_url() not in page
    api = client.get(f"/api/v1/vendors/{old.slug}/")
    assert api.status_code == 410 and api.json()["successor"] is None


@pytest.mark.parametrize(("factory", "model"), FACTORIES)
@pytest.mark.parametrize("status", ["draft", "in_review"])
def test_visitors_never_see_a_draft(client, factory, model, status):
    entry = factory(status=status, published_at=None)
    url = entry.get_absolute_url()
    if "#" not in url:  # a series lives on the insights page, not on its own URL
        assert client.get(url).status_code == 404


# ── history with diffs ───────────────────────────────────────────────────────────────────


def test_history_page_shows_who_changed_which_field_from_what_to_what(publisher):
    vendor = VendorFactory(name_en="Zhipu")
    client = login(publisher)
    url = reverse("admin:directory_vendor_change", args=[vendor.pk])
    data = form_data(client.get(url))
    data["name_en"] = "Zhipu AI"
    assert client.post(url, data).status_code == 302
    page = client.get(reverse("admin:directory_vendor_history", args=[vendor.pk]))
    html = page.content.decode()
    assert f"{label(Vendor, 'name_en')}:</strong>" in html and "Zhipu AI" in html
    assert ">publisher<" in html
    assert f"{label(Vendor, 'version')}:</strong>" not in html  # bookkeeping stays out


# ── the review queue ─────────────────────────────────────────────────────────────────────


def test_review_queue_lists_what_waits_by_whom_since_when(editor, publisher):
    vendor = VendorFactory(name_zh="待审服务商", status="draft")
    case = CaseStudyFactory(title_zh="待审案例", status="draft")
    entry_submit_for_review(entry=vendor, by=editor)
    entry_submit_for_review(entry=case, by=editor)
    VendorFactory(name_zh="已发布服务商")
    page = login(publisher).get(reverse("admin_review_queue"))
    assert page.status_code == 200
    rows = page.context["waiting"]
    assert [r["entry"] for r in rows] == [vendor, case]  # oldest first
    html = page.content.decode()
    assert "待审服务商" in html and "待审案例" in html and "已发布服务商" not in html
    assert ">editor<" in html and zh("Approve and publish") in html


def test_review_queue_page_takes_a_bounded_number_of_queries(editor, publisher):
    """A few queries per kind of entry the queue lists, however many entries wait."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(publisher)

    def queries_with(waiting: int) -> int:
        for n in range(waiting):
            entry = VendorFactory(status="draft", slug=f"v{waiting}-{n}")
            entry_submit_for_review(entry=entry, by=editor)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("admin_review_queue")).status_code == 200
        return len(captured)

    queries_with(0)  # the session's and permissions' first reads
    few = queries_with(1)
    assert queries_with(12) == few
    assert few <= 30


def decide(client, entry, decision, comment=""):
    from django.contrib.contenttypes.models import ContentType

    return client.post(
        reverse("admin_review_queue"),
        {
            "content_type": ContentType.objects.get_for_model(entry).pk,
            "object_id": entry.pk,
            "decision": decision,
            "comment": comment,
        },
        follow=True,
    )


def test_publisher_approves_from_the_queue(editor, publisher):
    vendor = VendorFactory(status="draft", published_at=None)
    entry_submit_for_review(entry=vendor, by=editor)
    decide(login(publisher), vendor, "approve")
    vendor.refresh_from_db()
    assert vendor.status == "published" and vendor.published_at
    assert vendor.history.first().history_user == publisher


def test_publisher_sends_back_with_a_comment_the_editor_then_sees(editor, publisher):
    case = CaseStudyFactory(status="draft")
    entry_submit_for_review(entry=case, by=editor)
    client = login(publisher)
    refused = decide(client, case, "send_back", comment="   ")
    assert zh("Say what needs to change when you send an entry back.") in refused.content.decode()
    case.refresh_from_db()
    assert case.status == "in_review"
    decide(client, case, "send_back", comment="客户名称需要匿名化")
    case.refresh_from_db()
    assert case.status == PublicationStatus.DRAFT and case.review_comment == "客户名称需要匿名化"
    editor_view = login(editor).get(reverse("admin_review_queue")).content.decode()
    assert "客户名称需要匿名化" in editor_view


def test_editor_cannot_approve_from_the_queue(editor):
    vendor = VendorFactory(status="draft")
    entry_submit_for_review(entry=vendor, by=editor)
    client = login(editor)
    page = client.get(reverse("admin_review_queue")).content.decode()
    assert zh("A publisher decides.") in page and 'value="approve"' not in page
    decide(client, vendor, "approve")
    vendor.refresh_from_db()
    assert vendor.status == "in_review"


def test_review_queue_needs_a_staff_login(client):
    response = client.get(reverse("admin_review_queue"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_admin_index_links_to_the_queue_with_its_count(editor, publisher):
    entry_submit_for_review(entry=VendorFactory(status="draft"), by=editor)
    html = login(publisher).get(reverse("admin:index")).content.decode()
    with translation.override("zh-hans"):
        waiting = ngettext(
            "Review queue: %(counter)s entry waiting",
            "Review queue: %(counter)s entries waiting",
            1,
        ) % {"counter": 1}
    assert reverse("admin_review_queue") in html and waiting in html


def test_a_save_racing_past_the_form_check_is_still_refused(publisher, monkeypatch):
    """Another save lands between the form's version check and the UPDATE: the database
    refuses it (the UPDATE matches no row at the loaded version) and the admin says so."""
    vendor = VendorFactory(name_en="Original")
    url = reverse("admin:directory_vendor_change", args=[vendor.pk])
    client = login(publisher)
    data = form_data(client.get(url))
    Vendor.objects.filter(pk=vendor.pk).update(version=vendor.version + 1, name_en="Racer")
    monkeypatch.setattr(
        "core.admin.PublishableAdminForm._current_version", lambda form: int(data["version"])
    )
    data["name_en"] = "Late"
    response = client.post(url, data, follow=True)
    assert zh("Not saved: someone else saved this entry a moment ago.") in response.content.decode()
    assert Vendor.objects.get(pk=vendor.pk).name_en == "Racer"
