import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases.models import CaseStudy
from core.models import PublicationStatus
from core.services import (
    entry_archive,
    entry_delete,
    entry_publish,
    entry_send_back,
    entry_set_featured,
    entry_submit_for_review,
)
from directory.models import AIModel, Product, Vendor
from tests.factories import (
    AIModelFactory,
    CaseStudyFactory,
    ProductFactory,
    VendorFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("factory", "model"),
    [
        (VendorFactory, Vendor),
        (AIModelFactory, AIModel),
        (ProductFactory, Product),
        (CaseStudyFactory, CaseStudy),
    ],
)
def test_published_excludes_drafts_in_review_and_archived(factory, model):
    shown = factory(status=PublicationStatus.PUBLISHED)
    for status in ("draft", "in_review", "archived"):
        factory(status=status)
    assert list(model.objects.published()) == [shown]


def test_editor_can_submit_but_not_publish(editor):
    vendor = VendorFactory(status="draft")
    entry_submit_for_review(entry=vendor, by=editor)
    assert Vendor.objects.get().status == "in_review"
    with pytest.raises(PermissionDenied):
        entry_publish(entry=vendor, by=editor)
    assert Vendor.objects.get().status == "in_review"


def test_publisher_publishes_and_archives_with_successor(publisher):
    old, new = VendorFactory(status="in_review", published_at=None), VendorFactory()
    entry_publish(entry=old, by=publisher)
    old.refresh_from_db()
    assert old.status == "published" and old.published_at is not None
    entry_archive(entry=old, by=publisher, successor=new)
    old.refresh_from_db()
    assert old.status == "archived" and old.successor == new
    assert old.history.first().history_change_reason == "archived"
    assert old.history.first().history_user == publisher


def test_only_a_publisher_sends_an_entry_back(editor, publisher):
    vendor = VendorFactory(status="in_review")
    with pytest.raises(PermissionDenied):
        entry_send_back(entry=vendor, by=editor, comment="自己退回")
    vendor.refresh_from_db()
    assert vendor.status == "in_review" and vendor.review_comment == ""
    entry_send_back(entry=vendor, by=publisher, comment="补充来源")
    vendor.refresh_from_db()
    assert vendor.status == "draft" and vendor.review_comment == "补充来源"


@pytest.mark.parametrize("featured", [True, False])
def test_only_a_publisher_features_an_entry(editor, publisher, featured):
    """The service refuses an editor before anything is written, even when the flag would not
    change (no "unfeatured" line by an editor in the history, no bump of `updated`)."""
    vendor = VendorFactory(featured=False)
    stamp = Vendor.objects.get().updated
    with pytest.raises(PermissionDenied):
        entry_set_featured(entry=vendor, by=editor, featured=featured)
    assert vendor.history.count() == 1
    assert Vendor.objects.get().featured is False and Vendor.objects.get().updated == stamp
    entry_set_featured(entry=vendor, by=publisher, featured=True)
    assert Vendor.objects.get().featured is True


def test_republishing_keeps_the_first_publication_date(publisher):
    vendor = VendorFactory(status="in_review", published_at=None)
    entry_publish(entry=vendor, by=publisher)
    first = Vendor.objects.get().published_at
    entry_archive(entry=vendor, by=publisher)
    entry_publish(entry=vendor, by=publisher)
    vendor.refresh_from_db()
    assert vendor.status == "published" and vendor.published_at == first


def test_an_entry_cannot_succeed_itself_even_through_another_instance(publisher):
    vendor = VendorFactory()
    same_row = Vendor.objects.get(pk=vendor.pk)  # a different Python object for the same entry
    with pytest.raises(ValidationError):
        entry_archive(entry=vendor, by=publisher, successor=same_row)
    assert Vendor.objects.get().status == "published"


TRANSITIONS = {
    "submit": ("draft", lambda v, by: entry_submit_for_review(entry=v, by=by)),
    "send back": ("in_review", lambda v, by: entry_send_back(entry=v, by=by, comment="再查")),
    "publish": ("in_review", lambda v, by: entry_publish(entry=v, by=by)),
    "archive": ("published", lambda v, by: entry_archive(entry=v, by=by)),
    "feature": ("published", lambda v, by: entry_set_featured(entry=v, by=by, featured=True)),
    "delete": ("draft", lambda v, by: entry_delete(entry=v, by=by)),
}


@pytest.mark.parametrize("name", TRANSITIONS)
def test_a_transition_whose_history_cannot_be_written_changes_nothing(publisher, monkeypatch, name):
    """Each transition is one transaction: the entry, its history line and its tombstone
    are written together or not at all."""
    from simple_history.models import HistoricalRecords

    status, transition = TRANSITIONS[name]
    vendor = VendorFactory(status=status, featured=False)
    before = Vendor.objects.values().get()

    def fail(*args, **kwargs):
        raise RuntimeError("history table unavailable")

    monkeypatch.setattr(HistoricalRecords, "create_historical_record", fail)
    with pytest.raises(RuntimeError):
        transition(vendor, publisher)
    assert list(Vendor.objects.values()) == [before]


def test_the_history_says_what_the_transition_was(publisher):
    vendor = VendorFactory(status="in_review")
    entry_send_back(entry=vendor, by=publisher, comment="来源" * 80)
    reason = vendor.history.first().history_change_reason
    assert reason == f"sent back: {'来源' * 80}"[:100] and len(reason) == 100
    vendor = VendorFactory(featured=False)
    entry_set_featured(entry=vendor, by=publisher, featured=True)
    assert vendor.history.first().history_change_reason == "featured"
    entry_set_featured(entry=vendor, by=publisher, featured=False)
    assert vendor.history.first().history_change_reason == "unfeatured"
