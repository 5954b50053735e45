"""Sync timestamps and cursors over Python's whole datetime range: a 200 or a clear 400.

Audit finding 7: `9999-12-31T23:59:59-14:00` and `0001-01-01T00:00:00+14:00` in `updated_since`
or in a cursor were 500s (their UTC form does not exist, or the answer overflowed in Asia/Shanghai).
"""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.api.params import EARLIEST, LATEST, encode_cursor
from tests.factories import AIModelFactory

pytestmark = pytest.mark.django_db

RESOURCES = ["vendors", "models", "products", "cases", "statistics"]
offsets = st.integers(min_value=-(24 * 60 - 1), max_value=24 * 60 - 1).map(
    lambda minutes: datetime.timezone(datetime.timedelta(minutes=minutes))
)
instants = st.builds(
    lambda naive, tz: naive.replace(tzinfo=tz),
    st.datetimes(min_value=datetime.datetime.min, max_value=datetime.datetime.max),
    offsets,
)
SETTINGS = settings(
    max_examples=60, deadline=None, database=None, suppress_health_check=list(HealthCheck)
)


def representable(value: datetime.datetime) -> bool:
    try:
        return EARLIEST <= value.astimezone(datetime.UTC) <= LATEST
    except OverflowError:
        return False


def assert_answer(response, value, param):
    assert response.status_code in (200, 400), (value, response.status_code)
    body = response.json()
    if representable(value):
        assert response.status_code == 200, (value, body)
    else:
        assert response.status_code == 400, (value, body)
        assert body["code"] == "invalid_parameters"
        assert param in body["errors"]


@pytest.fixture
def entries(db):
    AIModelFactory()


@pytest.mark.parametrize(
    "value",
    [
        "9999-12-31T23:59:59-14:00",
        "0001-01-01T00:00:00+14:00",
        "9999-12-31T23:59:59+00:00",
        "0001-01-01T00:00:00+00:00",
        "9999-12-31T23:59:59.999999-23:59",
    ],
)
@pytest.mark.parametrize("resource", RESOURCES)
def test_the_audits_extreme_timestamps_are_a_400(client, entries, resource, value):
    response = client.get(f"/api/v1/{resource}/", {"updated_since": value})
    assert response.status_code == 400, response.content
    assert "updated_since" in response.json()["errors"]


def test_the_beginning_of_time_still_syncs_everything(client, entries):
    response = client.get("/api/v1/models/", {"updated_since": "0001-01-02T00:00:00Z"})
    assert response.status_code == 200
    assert len(response.json()["results"]) == 1


@SETTINGS
@given(value=instants)
def test_any_updated_since_is_a_200_or_a_400(client, value):
    response = client.get("/api/v1/models/", {"updated_since": value.isoformat()})
    assert_answer(response, value, "updated_since")


@SETTINGS
@given(since=instants, ts=instants, kind=st.sampled_from([0, 1]), pk=st.integers(0, 2**62))
def test_any_cursor_is_a_200_or_a_400(client, since, ts, kind, pk):
    response = client.get("/api/v1/vendors/", {"cursor": encode_cursor(since, ts, kind, pk)})
    assert response.status_code in (200, 400), response.content
    if representable(since) and representable(ts):
        assert response.status_code == 200, response.content
    else:
        assert "cursor" in response.json()["errors"]


@SETTINGS
@given(pk=st.one_of(st.integers(), st.booleans(), st.floats(), st.text(max_size=5)))
def test_any_cursor_key_is_a_200_or_a_400(client, pk):
    now = datetime.datetime.now(datetime.UTC)
    response = client.get("/api/v1/vendors/", {"cursor": encode_cursor(now, now, 0, pk)})
    assert response.status_code in (200, 400), response.content


def test_a_deeply_nested_cursor_is_a_400(client):
    import base64

    raw = base64.urlsafe_b64encode(b"[" * 100_000).decode()
    response = client.get("/api/v1/vendors/", {"cursor": raw})
    assert response.status_code == 400


@pytest.mark.parametrize("value", ["2024-06-01T08:00:00+22:15", "2024-06-01T08:00:00-23:59"])
def test_offsets_postgresql_cannot_store_still_sync(client, entries, value):
    """PostgreSQL refuses UTC offsets past ±15:59; the API compares in UTC."""
    response = client.get("/api/v1/models/", {"updated_since": value})
    assert response.status_code == 200, response.content
    now = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=22, minutes=15)))
    cursor = client.get("/api/v1/models/", {"cursor": encode_cursor(now, now, 0, 1)})
    assert cursor.status_code == 200, cursor.content
