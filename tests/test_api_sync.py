"""Exact incremental sync: a partner's mirror always ends equal to the published set."""

import datetime

import pytest
from django.utils import timezone

from cases.models import CaseStudy
from core.services import entry_archive, entry_publish, entry_send_back
from directory.models import Vendor
from tests.factories import CaseStudyFactory, FilingFactory, VendorFactory, VerticalFactory

pytestmark = pytest.mark.django_db


class Mirror:
    """What a partner keeps: rows by id, applied from sync pages until `next` is null."""

    def __init__(self, client, resource):
        self.client, self.resource, self.rows, self.since = client, resource, {}, None
        self.pages = 0

    def sync(self, page_size=2):
        since = self.since or "2000-01-01T00:00:00+00:00"
        url = f"/api/v1/{self.resource}/"
        params = {"updated_since": since, "page_size": page_size}
        while True:
            response = self.client.get(url, params)
            assert response.status_code == 200, response.content
            body = response.json()
            self.pages += 1
            for row in body["results"]:
                self.rows[row["id"]] = row
            for stone in body["tombstones"]:
                self.rows.pop(stone["id"], None)
            if body["next"] is None:
                self.since = body["next_updated_since"]
                return body
            url, params = body["next"], {}

    def equals_published(self):
        listed = self.client.get(f"/api/v1/{self.resource}/", {"page_size": 100}).json()
        return {r["id"]: r for r in listed["results"]} == self.rows


def test_sync_walkthrough_create_edit_archive_delete(client, publisher):
    vertical = VerticalFactory()
    cases = [CaseStudyFactory(vertical=vertical) for _ in range(5)]
    CaseStudyFactory(status="draft")
    mirror = Mirror(client, "cases")
    mirror.sync()
    assert mirror.pages == 3 and len(mirror.rows) == 5 and mirror.equals_published()

    # Between two syncs: create, publish, edit, archive, unpublish, delete, touch a vendor link.
    created = CaseStudyFactory(vertical=vertical, title_zh="新案例")
    draft = CaseStudyFactory(status="in_review")
    entry_publish(entry=draft, by=publisher)
    cases[0].title_zh = "改过的标题"
    cases[0].save()
    entry_archive(entry=cases[1], by=publisher)
    cases[2].status = "in_review"  # an editor's fix after publication: back to review
    cases[2].save()
    entry_send_back(entry=cases[2], by=publisher, comment="needs a source")
    cases[3].status = "draft"  # only drafts can be deleted: unpublish first
    cases[3].save()
    cases[3].delete()
    cases[4].vendors.add(VendorFactory(slug="new-partner"))
    CaseStudyFactory(status="draft").delete()  # never published: no tombstone needed

    body = mirror.sync()
    assert mirror.equals_published()
    ids = set(mirror.rows)
    assert created.pk in ids and draft.pk in ids
    assert not ids & {cases[1].pk, cases[2].pk, cases[3].pk}
    assert mirror.rows[cases[0].pk]["title_zh"] == "改过的标题"
    assert "new-partner" in [v["slug"] for v in mirror.rows[cases[4].pk]["vendors"]]
    assert body["next"] is None

    # Republishing an archived entry brings it back on the next sync.
    entry_publish(entry=CaseStudy.objects.get(pk=cases[1].pk), by=publisher)
    mirror.sync()
    assert cases[1].pk in mirror.rows and mirror.equals_published()


def test_tombstones_say_why_and_name_the_slug(client, publisher):
    gone, retired = CaseStudyFactory(slug="gone"), CaseStudyFactory(slug="retired")
    start = timezone.now() - datetime.timedelta(seconds=1)
    entry_archive(entry=retired, by=publisher)
    gone.status = "draft"  # only drafts can be deleted: unpublish first
    gone.save()
    gone.delete()
    body = client.get("/api/v1/cases/", {"updated_since": start.isoformat()}).json()
    reasons = {s["slug"]: s["reason"] for s in body["tombstones"]}
    assert reasons == {"gone": "deleted", "retired": "archived"}


def test_never_published_entries_leave_no_tombstone(client):
    CaseStudyFactory(slug="secret-draft", status="draft").delete()
    body = client.get("/api/v1/cases/", {"updated_since": "2000-01-01T00:00:00Z"}).json()
    assert body["tombstones"] == []


def test_deleted_taxonomy_terms_become_tombstones(client):
    VerticalFactory(slug="obsolete").delete()
    body = client.get("/api/v1/verticals/", {"updated_since": "2000-01-01T00:00:00Z"}).json()
    assert [s["slug"] for s in body["tombstones"]] == ["obsolete"]


def test_sync_order_is_stable_and_cursor_walk_has_no_gaps(client):
    stamp = timezone.now()
    made = [CaseStudyFactory() for _ in range(7)]
    CaseStudy.objects.filter(pk__in=[c.pk for c in made]).update(updated=stamp)  # all tied
    url, params, seen = "/api/v1/cases/", {"updated_since": stamp.isoformat(), "page_size": 3}, []
    while url:
        body = client.get(url, params).json()
        seen += [row["id"] for row in body["results"]]
        url, params = body["next"], {}
    assert seen == sorted(c.pk for c in made)


def test_unchanged_page_gets_304_and_a_change_gets_a_new_etag(client):
    case = CaseStudyFactory()
    for url in (
        "/api/v1/cases/",
        f"/api/v1/cases/{case.slug}/",
        "/api/v1/cases/?updated_since=2000-01-01T00:00:00Z",
    ):
        first = client.get(url)
        assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
        again = client.get(url, headers={"If-None-Match": first["ETag"]})
        assert again.status_code == 304 and again.content == b""
        since = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})
        assert since.status_code == 304
        case.title_zh += "!"
        case.save()
        changed = client.get(url, headers={"If-None-Match": first["ETag"]})
        assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


def archive_case(entry, publisher):
    entry_archive(entry=entry, by=publisher)


def delete_term(entry, publisher):
    entry.delete()


@pytest.mark.parametrize(
    ("resource", "factory", "remove"),
    [("cases", CaseStudyFactory, archive_case), ("verticals", VerticalFactory, delete_term)],
    ids=["archived case", "deleted vertical"],
)
def test_removing_the_newest_entry_moves_last_modified_forward(
    client, publisher, resource, factory, remove
):
    """A mirror that polls with If-Modified-Since must hear of a removal: the tombstone is a
    change, so the old date gets a 200 (without the entry), not a 304."""
    hour_ago = timezone.now() - datetime.timedelta(hours=1)
    kept, newest = factory(), factory()
    model = type(kept)
    model.objects.filter(pk=kept.pk).update(updated=hour_ago - datetime.timedelta(hours=1))
    model.objects.filter(pk=newest.pk).update(updated=hour_ago)
    url = f"/api/v1/{resource}/"
    before = client.get(url)
    assert before.status_code == 200 and len(before.json()["results"]) == 2
    remove(model.objects.get(pk=newest.pk), publisher)
    after = client.get(url, headers={"If-Modified-Since": before["Last-Modified"]})
    assert after.status_code == 200
    assert [row["id"] for row in after.json()["results"]] == [kept.pk]


def test_head_with_a_known_etag_gets_304(client):
    """The API answers conditional HEAD requests itself (Django's ConditionalGetMiddleware only
    looks at GET), so a mirror can check for changes without downloading anything."""
    case = CaseStudyFactory()
    for url in ("/api/v1/cases/", f"/api/v1/cases/{case.slug}/"):
        first = client.get(url)
        head = client.head(url)
        assert head.status_code == 200 and head["ETag"] == first["ETag"]
        assert head["Last-Modified"] == first["Last-Modified"]
        again = client.head(url, headers={"If-None-Match": first["ETag"]})
        assert again.status_code == 304 and again.content == b""
        since = client.head(url, headers={"If-Modified-Since": first["Last-Modified"]})
        assert since.status_code == 304


def test_links_and_owned_rows_move_the_entry_into_the_next_sync(client):
    """Adding, removing or clearing a link (from either side), and adding or deleting a row the
    entry owns (a case's metric), bump the entry's `updated`, so the next sync carries it."""
    case, vendor = CaseStudyFactory(), VendorFactory()
    long_ago = timezone.now() - datetime.timedelta(days=1)

    def moved(change) -> bool:
        CaseStudy.objects.filter(pk=case.pk).update(updated=long_ago)
        since = timezone.now() - datetime.timedelta(hours=1)
        change()
        body = client.get("/api/v1/cases/", {"updated_since": since.isoformat()}).json()
        return [row["id"] for row in body["results"]] == [case.pk]

    assert moved(lambda: case.vendors.add(vendor))
    assert moved(lambda: case.vendors.remove(vendor))
    assert moved(lambda: vendor.cases.add(case))  # the other side of the link
    assert moved(lambda: case.vendors.clear())
    assert moved(lambda: case.metrics.create(name_zh="坐席占比", before=80, after=35, unit="%"))
    assert moved(lambda: case.metrics.get().delete())
    assert not moved(lambda: None)


def test_rows_that_only_point_at_an_entry_leave_it_out_of_the_next_sync(client):
    """Only rows an entry owns (a CASCADE key: a case's metrics) move it. A CAC filing naming a
    vendor is not part of the vendor's row: importing or editing filings must not make every
    linked vendor look changed to partners (a re-download, a new ETag and Last-Modified)."""
    vendor = VendorFactory()
    long_ago = timezone.now() - datetime.timedelta(days=1)

    def moved(change) -> bool:
        Vendor.objects.filter(pk=vendor.pk).update(updated=long_ago)
        since = timezone.now() - datetime.timedelta(hours=1)
        change()
        body = client.get("/api/v1/vendors/", {"updated_since": since.isoformat()}).json()
        return [row["id"] for row in body["results"]] == [vendor.pk]

    filing = FilingFactory()
    assert not moved(lambda: FilingFactory(vendor=vendor))
    filing.vendor = vendor
    assert not moved(filing.save)
    assert not moved(filing.delete)
    assert moved(lambda: vendor.names.create(name="某某智能", kind="short"))


def test_clearing_a_link_from_the_other_side_reaches_the_mirror(client):
    """`vendor.cases.clear()` names no cases (Django sends pre_clear/post_clear without ids): the
    cases that lose the vendor must still come in the next sync, without it."""
    vendor, other = VendorFactory(), VendorFactory()
    linked = [CaseStudyFactory(vendors=[vendor, other]), CaseStudyFactory(vendors=[vendor])]
    unrelated = CaseStudyFactory(vendors=[other])
    CaseStudy.objects.update(updated=timezone.now() - datetime.timedelta(days=1))
    CaseStudyFactory(vendors=[other])  # the newest row: the next sync starts after the others
    mirror = Mirror(client, "cases")
    mirror.sync(page_size=10)
    assert {v["slug"] for v in mirror.rows[linked[0].pk]["vendors"]} == {vendor.slug, other.slug}

    vendor.cases.clear()

    synced = {row["id"] for row in mirror.sync(page_size=10)["results"]}
    assert {case.pk for case in linked} <= synced and unrelated.pk not in synced
    assert [v["slug"] for v in mirror.rows[linked[0].pk]["vendors"]] == [other.slug]
    assert mirror.rows[linked[1].pk]["vendors"] == []
    assert mirror.equals_published()
    assert list(CaseStudy.objects.get(pk=unrelated.pk).vendors.all()) == [other]


def test_editing_a_live_entry_leaves_the_tombstones_alone():
    """Only a change of status in or out of the published set reads or writes tombstones:
    creating a published entry or editing a live one costs no tombstone query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as created:
        vendor = VendorFactory()
    vendor = Vendor.objects.get(pk=vendor.pk)
    vendor.summary_zh = "新的简介"
    with CaptureQueriesContext(connection) as edited:
        vendor.save()
    for queries in (created, edited):
        assert not [q["sql"] for q in queries.captured_queries if "core_tombstone" in q["sql"]]


def test_a_republished_entry_leaves_no_tombstone_behind(client, publisher):
    """A mirror that starts from scratch after archive → republish gets the entry, not a
    stale tombstone that would drop it again."""
    case = CaseStudyFactory()
    entry_archive(entry=case, by=publisher)
    entry_publish(entry=CaseStudy.objects.get(pk=case.pk), by=publisher)
    fresh = Mirror(client, "cases")
    body = fresh.sync(page_size=10)
    assert body["tombstones"] == [] and list(fresh.rows) == [case.pk]
    assert fresh.equals_published()
