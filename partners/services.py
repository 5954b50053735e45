"""Writes for partner API keys: create (the only time the key is seen), revoke, count a request."""

import datetime
import hashlib
import secrets

from django.db import connection, transaction
from django.utils import timezone

from .models import APIKey, APIKeyRequest, APIKeyUsage

KEY_PREFIX = "atlas_"


def api_key_digest(raw_key: str) -> str:
    return hashlib.sha256(raw_key.encode()).hexdigest()


@transaction.atomic
def api_key_create(
    *,
    name: str,
    owner: str,
    by=None,
    contact_email: str = "",
    rate_limit_per_minute: int | None = None,
    daily_quota: int | None = None,
    key: APIKey | None = None,
) -> tuple[APIKey, str]:
    """Create (or fill in an unsaved) key; returns it with the raw key, which is never stored."""
    raw = KEY_PREFIX + secrets.token_urlsafe(32)
    key = key or APIKey()
    key.name, key.owner = name, owner
    key.contact_email = contact_email or key.contact_email
    if rate_limit_per_minute is not None:
        key.rate_limit_per_minute = rate_limit_per_minute
    if daily_quota is not None:
        key.daily_quota = daily_quota
    key.prefix = raw[: len(KEY_PREFIX) + 6]
    key.digest = api_key_digest(raw)
    key.created_by = by if by is not None and by.is_authenticated else None
    key.save()
    return key, raw


def api_key_revoke(*, key: APIKey) -> APIKey:
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
    return key


def api_key_find(raw_key: str) -> APIKey | None:
    return APIKey.objects.filter(digest=api_key_digest(raw_key)).first()


def today() -> datetime.date:
    return timezone.localdate()


def api_key_count_request(*, key: APIKey, day: datetime.date | None = None) -> int:
    """Add one request to the key's count for the day, atomically; returns the new count."""
    day = day or today()
    table = connection.ops.quote_name(APIKeyUsage._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (key_id, day, requests) VALUES (%s, %s, 1) "
            f"ON CONFLICT (key_id, day) DO UPDATE SET requests = {table}.requests + 1 "
            "RETURNING requests",
            [key.pk, day],
        )
        return cursor.fetchone()[0]


def seconds_until_tomorrow() -> int:
    now = timezone.localtime()
    tomorrow = timezone.make_aware(
        datetime.datetime.combine(now.date() + datetime.timedelta(days=1), datetime.time.min)
    )
    return max(1, int((tomorrow - now).total_seconds()) + 1)


def api_key_request_create(*, data: dict) -> APIKeyRequest:
    request = APIKeyRequest(**data)
    request.full_clean()
    request.save()
    return request


@transaction.atomic
def api_key_request_approve(*, key_request: APIKeyRequest, by) -> tuple[APIKey, str] | None:
    """Issue the key a pending request asks for; returns it with the raw key (shown once)."""
    key_request = APIKeyRequest.objects.select_for_update().get(pk=key_request.pk)
    if key_request.status != APIKeyRequest.Status.PENDING:
        return None
    key, raw = api_key_create(
        name=key_request.intended_use[:100],
        owner=key_request.organisation,
        by=by,
        contact_email=key_request.contact_email,
    )
    key_request.status = APIKeyRequest.Status.APPROVED
    key_request.key = key
    key_request.decided_by = by
    key_request.decided_at = timezone.now()
    key_request.save(update_fields=["status", "key", "decided_by", "decided_at"])
    return key, raw


def api_key_request_decline(*, key_request: APIKeyRequest, by) -> bool:
    updated = APIKeyRequest.objects.filter(
        pk=key_request.pk, status=APIKeyRequest.Status.PENDING
    ).update(status=APIKeyRequest.Status.DECLINED, decided_by=by, decided_at=timezone.now())
    return bool(updated)
