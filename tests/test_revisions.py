"""An editor's change to a live entry waits as a revision; nothing public changes until a
publisher approves it in the review queue (issue 14)."""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from core.editorial import EditorialPermissionDenied, acting_as
from directory.models import AIModel, Vendor
from revisions.models import Revision
from tests.factories import AIModelFactory, VendorFactory, VerticalFactory
from tests.test_editorial_safety import form_data

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def edit(client, entry, **values):
    url = reverse(f"admin:directory_{entry._meta.model_name}_change", args=[entry.pk])
    data = form_data(client.get(url))
    data.update(values)
    return client.post(url, data)


def public_state(client, vendor):
    page = client.get(vendor.get_absolute_url()).content.decode()
    api = client.get(f"/api/v1/vendors/{vendor.slug}/").json()
    found = set(Vendor.objects.published().search("百度智能").values_list("pk", flat=True))
    return page, api, found


def test_an_editors_form_edit_of_a_published_entry_changes_nothing_public_until_approved(
    editor, publisher
):
    vendor = VendorFactory(name_zh="百度", summary_zh="搜索与云")
    before = Vendor.objects.get(pk=vendor.pk)
    response = edit(client_for(editor), vendor, name_zh="百度智能", summary_zh="")
    assert response.status_code == 302
    stored = Vendor.objects.get(pk=vendor.pk)
    assert (stored.name_zh, stored.summary_zh, stored.version, stored.status) == (
        "百度",
        "搜索与云",
        before.version,
        "published",
    )
    anonymous = Client()
    page, api, found = public_state(anonymous, vendor)
    assert "百度智能" not in page and api["name_zh"] == "百度" and found == set()

    revision = Revision.objects.pending().get()
    assert revision.author == editor and revision.base_version == before.version
    queue = client_for(publisher).get(reverse("admin_review_queue")).content.decode()
    assert "百度智能" in queue and "搜索与云" in queue  # the change, field by field

    response = client_for(publisher).post(
        reverse("admin_review_queue"), {"revision": revision.pk, "decision": "approve"}
    )
    assert response.status_code == 302
    stored = Vendor.objects.get(pk=vendor.pk)
    assert (stored.name_zh, stored.summary_zh, stored.version) == (
        "百度智能",
        "",
        before.version + 1,
    )
    page, api, found = public_state(anonymous, vendor)
    assert "百度智能" in page and api["name_zh"] == "百度智能" and found == {vendor.pk}
    last = stored.history.first()
    assert last.history_user == editor and "approved" in last.history_change_reason
    assert Revision.objects.get().state == Revision.State.APPROVED


def test_links_of_a_live_entry_travel_in_the_revision(editor, publisher):
    finance, health = VerticalFactory(slug="finance"), VerticalFactory(slug="health")
    model = AIModelFactory(verticals=[finance])
    edit(client_for(editor), model, verticals=[str(health.pk)])
    assert list(AIModel.objects.get(pk=model.pk).verticals.all()) == [finance]
    revision = Revision.objects.pending().get()
    client_for(publisher).post(
        reverse("admin_review_queue"), {"revision": revision.pk, "decision": "approve"}
    )
    assert list(AIModel.objects.get(pk=model.pk).verticals.all()) == [health]


def test_a_publishers_own_edit_goes_live_at_once(publisher):
    vendor = VendorFactory(name_zh="百度")
    edit(client_for(publisher), vendor, name_zh="百度集团")
    assert Vendor.objects.get(pk=vendor.pk).name_zh == "百度集团"
    assert not Revision.objects.exists()


def test_an_editor_edits_a_draft_directly(editor):
    vendor = VendorFactory(status="draft", published_at=None, name_zh="草稿")
    edit(client_for(editor), vendor, name_zh="草稿二")
    assert Vendor.objects.get(pk=vendor.pk).name_zh == "草稿二"
    assert not Revision.objects.exists()


def test_approving_after_the_field_changed_meanwhile_applies_nothing(editor, publisher):
    vendor = VendorFactory(name_zh="百度")
    edit(client_for(editor), vendor, name_zh="百度智能")
    edit(client_for(publisher), vendor, name_zh="百度公司")
    revision = Revision.objects.pending().get()
    response = client_for(publisher).post(
        reverse("admin_review_queue"), {"revision": revision.pk, "decision": "approve"}, follow=True
    )
    assert Vendor.objects.get(pk=vendor.pk).name_zh == "百度公司"
    assert Revision.objects.get().state == Revision.State.PENDING
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_a_stale_form_is_still_refused_for_a_revision(editor, publisher):
    vendor = VendorFactory(name_zh="百度")
    client = client_for(editor)
    url = reverse("admin:directory_vendor_change", args=[vendor.pk])
    data = form_data(client.get(url))
    edit(client_for(publisher), vendor, name_zh="百度公司")
    data["name_zh"] = "百度智能"
    response = client.post(url, data)
    assert response.status_code == 200  # the form again, with the conflict
    assert not Revision.objects.exists()


def test_sending_a_revision_back_needs_a_comment_and_changes_nothing(editor, publisher):
    vendor = VendorFactory(name_zh="百度")
    edit(client_for(editor), vendor, name_zh="百度智能")
    revision = Revision.objects.pending().get()
    queue = reverse("admin_review_queue")
    client_for(publisher).post(queue, {"revision": revision.pk, "decision": "send_back"})
    assert Revision.objects.get().state == Revision.State.PENDING
    client_for(publisher).post(
        queue, {"revision": revision.pk, "decision": "send_back", "comment": "来源?"}
    )
    assert Revision.objects.get().state == Revision.State.REJECTED
    assert Vendor.objects.get(pk=vendor.pk).name_zh == "百度"


def test_an_editor_cannot_approve_a_revision(editor):
    vendor = VendorFactory(name_zh="百度")
    edit(client_for(editor), vendor, name_zh="百度智能")
    revision = Revision.objects.pending().get()
    client_for(editor).post(
        reverse("admin_review_queue"), {"revision": revision.pk, "decision": "approve"}
    )
    assert Vendor.objects.get(pk=vendor.pk).name_zh == "百度"


def test_every_other_write_path_refuses_an_editors_direct_change_to_a_live_entry(editor):
    vendor = VendorFactory(name_zh="百度")
    model = AIModelFactory()
    with acting_as(editor):
        vendor.name_zh = "改名"
        with pytest.raises(EditorialPermissionDenied):
            vendor.save()
        with pytest.raises(EditorialPermissionDenied):
            Vendor.objects.filter(pk=vendor.pk).update(name_zh="改名")
        vertical = VerticalFactory()
        with pytest.raises(EditorialPermissionDenied), transaction.atomic():
            model.verticals.add(vertical)
    assert Vendor.objects.get(pk=vendor.pk).name_zh == "百度"


def test_a_vendors_live_model_cannot_be_changed_through_the_inline_by_an_editor(editor):
    vendor = VendorFactory(status="draft", published_at=None)
    model = AIModelFactory(vendor=vendor, name_zh="文心")
    client = client_for(editor)
    url = reverse("admin:directory_vendor_change", args=[vendor.pk])
    page = client.get(url)
    data = form_data(page)
    formset = next(
        f.formset for f in page.context["inline_admin_formsets"] if f.formset.model is AIModel
    )
    for i, form in enumerate(formset.forms):
        for name in form.fields:
            value = form[name].value()
            if value is not None and not isinstance(value, bool):
                data[form.add_prefix(name)] = str(getattr(value, "pk", value))
        data[formset.forms[i].add_prefix("name_zh")] = "文心改"
    response = client.post(url, data)
    assert response.status_code == 200
    assert AIModel.objects.get(pk=model.pk).name_zh == "文心"


def test_public_suggestions_are_listed_as_new_not_as_sent_back(publisher):
    VendorFactory(
        status="draft",
        published_at=None,
        slug="suggested-abc123",
        name_zh="访客建议",
        review_comment="Visitor suggestion via the public form.",
    )
    response = client_for(publisher).get(reverse("admin_review_queue"))
    assert [row["entry"].name_zh for row in response.context["suggested"]] == ["访客建议"]
    assert response.context["sent_back"] == []
