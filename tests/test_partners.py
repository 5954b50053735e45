"""Partner API keys: hashed at rest, shown once, revocable, rate-limited, with a daily quota."""

import hashlib
import re

import pytest
from django.urls import reverse

from partners.models import APIKey, APIKeyUsage
from partners.services import api_key_create, api_key_revoke, today
from partners.throttles import AnonymousRateThrottle
from tests.factories import CaseStudyFactory

pytestmark = pytest.mark.django_db


def test_keys_are_stored_only_as_a_digest(api_key):
    key, raw = api_key
    stored = APIKey.objects.values().get(pk=key.pk)
    assert raw not in str(stored)
    assert stored["digest"] == hashlib.sha256(raw.encode()).hexdigest()
    assert raw.startswith(stored["prefix"]) and len(stored["prefix"]) < len(raw) / 3


def test_the_admin_shows_a_new_key_once(client, superuser):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:partners_apikey_add"),
        {
            "name": "Mirror",
            "owner": "Procurement portal",
            "contact_email": "",
            "rate_limit_per_minute": 60,
            "daily_quota": 1000,
            "usage-TOTAL_FORMS": 0,
            "usage-INITIAL_FORMS": 0,
        },
        follow=True,
    )
    assert response.status_code == 200
    message = next(str(m) for m in response.context["messages"])
    raw = re.search(r"atlas_\S+", message).group()
    key = APIKey.objects.get()
    assert key.digest == hashlib.sha256(raw.encode()).hexdigest()
    page = client.get(reverse("admin:partners_apikey_change", args=[key.pk])).content.decode()
    assert raw not in page and key.prefix in page


def test_a_key_reads_and_unknown_or_revoked_keys_are_refused(client, api_key):
    key, raw = api_key
    assert client.get("/api/v1/cases/", headers={"X-API-Key": raw}).status_code == 200
    unknown = client.get("/api/v1/cases/", headers={"X-API-Key": "atlas_nope"})
    assert unknown.status_code == 401 and unknown.json()["code"] == "key_unknown"
    assert "X-API-Key" in unknown["WWW-Authenticate"]
    api_key_revoke(key=key)
    revoked = client.get("/api/v1/cases/", headers={"X-API-Key": raw})
    assert revoked.status_code == 403 and revoked.json()["code"] == "key_revoked"


def test_exports_need_a_key(client):
    response = client.get("/api/v1/export/cases.csv")
    assert response.status_code == 401 and response.json()["detail"]


def test_daily_quota_gives_429_with_retry_after_and_usage_is_persisted(client):
    key, raw = api_key_create(name="Q", owner="Portal", daily_quota=3)
    codes = [
        client.get("/api/v1/verticals/", headers={"X-API-Key": raw}).status_code for _ in "12345"
    ]
    assert codes == [200, 200, 200, 429, 429]
    refused = client.get("/api/v1/verticals/", headers={"X-API-Key": raw})
    assert 0 < int(refused["Retry-After"]) <= 24 * 3600
    assert refused.json()["retry_after"] == int(refused["Retry-After"])
    assert APIKeyUsage.objects.get(key=key, day=today()).requests == 6


def test_per_key_rate_limit_gives_429(client):
    _key, raw = api_key_create(name="R", owner="Portal", rate_limit_per_minute=2)
    codes = [
        client.get("/api/v1/verticals/", headers={"X-API-Key": raw}).status_code for _ in "123"
    ]
    assert codes == [200, 200, 429]
    other = api_key_create(name="S", owner="Portal")[1]
    assert client.get("/api/v1/verticals/", headers={"X-API-Key": other}).status_code == 200


def test_anonymous_reads_share_a_low_rate(client, monkeypatch):
    monkeypatch.setattr(AnonymousRateThrottle, "rate", lambda self, request: "2/m")
    codes = [client.get("/api/v1/verticals/").status_code for _ in "123"]
    assert codes == [200, 200, 429]
    assert int(client.get("/api/v1/verticals/")["Retry-After"]) > 0


def test_usage_per_day_is_visible_in_the_admin(client, superuser):
    key, raw = api_key_create(name="Usage", owner="Research platform")
    for _ in range(3):
        client.get("/api/v1/verticals/", headers={"X-API-Key": raw})
    client.force_login(superuser)
    listing = client.get(reverse("admin:partners_apikey_changelist")).content.decode()
    assert "Research platform" in listing
    page = client.get(reverse("admin:partners_apikey_change", args=[key.pk])).content.decode()
    assert ">3<" in page.replace(" ", "")


def test_export_streams_csv_and_ndjson_of_the_published_set(client, api_key):
    CaseStudyFactory(slug="a", title_zh="银行,客服")
    CaseStudyFactory(slug="b")
    CaseStudyFactory(slug="draft", status="draft")
    headers = {"X-API-Key": api_key[1]}
    csv_response = client.get("/api/v1/export/cases.csv", headers=headers)
    assert csv_response.streaming and csv_response["Content-Type"].startswith("text/csv")
    lines = b"".join(csv_response.streaming_content).decode().splitlines()
    assert lines[0].startswith("id,slug,title_zh") and len(lines) == 3
    assert '"银行,客服"' in lines[1]
    nd = client.get("/api/v1/export/cases.ndjson", headers=headers)
    rows = [line for line in b"".join(nd.streaming_content).decode().splitlines() if line]
    assert len(rows) == 2 and all(row.startswith("{") for row in rows)
    assert client.get("/api/v1/export/nothing.csv", headers=headers).status_code == 404


def test_a_key_keeps_its_contact_and_shows_only_its_first_characters():
    key, raw = api_key_create(name="C", owner="Portal", contact_email="ops@example.com")
    key.refresh_from_db()
    assert key.contact_email == "ops@example.com"
    assert key.prefix == raw[:12] and key.prefix.startswith("atlas_")  # "atlas_" + 6 of 43
    again, _raw = api_key_create(name="C2", owner="Portal", key=key)  # a new secret, same row
    assert again.contact_email == "ops@example.com"


@pytest.mark.parametrize(
    ("clock", "seconds"),
    [("23:59:58.500000", 2), ("23:59:59.500000", 1), ("12:00:00", 12 * 3600 + 1)],
)
def test_retry_after_a_daily_quota_reaches_just_past_midnight(monkeypatch, clock, seconds):
    """Retry-After rounds up: a partner that waits exactly that long is in the new day."""
    import datetime

    from django.utils import timezone

    from partners import services

    now = timezone.make_aware(datetime.datetime.fromisoformat(f"2026-12-03T{clock}"))
    monkeypatch.setattr(services.timezone, "localtime", lambda: now)
    assert services.seconds_until_tomorrow() == seconds
