import pytest
from django.core.exceptions import PermissionDenied

from cases.models import CaseStudy
from core.models import PublicationStatus
from core.services import entry_archive, entry_publish, entry_submit_for_review
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
