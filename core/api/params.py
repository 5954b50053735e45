"""Strict query parameters: an unknown or malformed one is a 400 that names it."""

import base64
import binascii
import datetime
import json

from django import forms
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from rest_framework import exceptions

from .errors import invalid

MAX_PAGE_SIZE = 100
PAGE_PARAMS = {"page", "page_size"}
SYNC_PARAMS = {"updated_since", "cursor", "page_size"}
# The instants a sync may start from. A day inside Python's datetime range at both ends, so
# converting to any time zone (answers are rendered in Asia/Shanghai) or subtracting the sync
# overlap never overflows; 0001-01-02T00:00:00Z still means "from the beginning".
EARLIEST = datetime.datetime(1, 1, 2, tzinfo=datetime.UTC)
LATEST = datetime.datetime(9999, 12, 30, tzinfo=datetime.UTC)


class PaginationForm(forms.Form):
    page = forms.IntegerField(min_value=1, required=False)
    page_size = forms.IntegerField(min_value=1, max_value=MAX_PAGE_SIZE, required=False)


def check_known(query_params, allowed: set[str]) -> None:
    """Unknown parameters, and known ones given without a value (`?ordering=`), are a 400:
    a parameter that is sent means something, so an empty one is a mistake to point out."""
    unknown = sorted(set(query_params) - allowed)
    if unknown:
        raise exceptions.ValidationError({name: [_("Unknown parameter.")] for name in unknown})
    empty = sorted(
        name
        for name in query_params
        if any(not value.strip() for value in query_params.getlist(name))
    )
    if empty:
        raise exceptions.ValidationError(
            {name: [_("This parameter needs a value.")] for name in empty}
        )


def clean_pagination(query_params) -> dict:
    form = PaginationForm(query_params)
    if not form.is_valid():
        raise exceptions.ValidationError(
            {
                name: [e["message"] for e in errs]
                for name, errs in form.errors.get_json_data().items()
            }
        )
    return form.cleaned_data


def parse_timestamp(param: str, value: str) -> datetime.datetime:
    try:
        parsed = parse_datetime(value.strip())
    except ValueError:
        parsed = None
    if parsed is None:
        raise invalid(param, _("Give an ISO 8601 timestamp, e.g. 2025-01-31T08:00:00Z."))
    if timezone.is_naive(parsed):
        raise invalid(param, _("Give the timestamp with a UTC offset, e.g. …T08:00:00+08:00."))
    if not in_range(parsed):
        raise invalid(
            param,
            _("Give a time between %(earliest)s and %(latest)s.")
            % {"earliest": EARLIEST.isoformat(), "latest": LATEST.isoformat()},
        )
    # In UTC: PostgreSQL refuses offsets past ±15:59, which ISO 8601 and Python allow.
    return parsed.astimezone(datetime.UTC)


def in_range(value: datetime.datetime) -> bool:
    """Whether an aware datetime lies in [EARLIEST, LATEST] (its UTC form may not exist)."""
    try:
        return EARLIEST <= value.astimezone(datetime.UTC) <= LATEST
    except (OverflowError, ValueError):
        return False


def encode_cursor(since: datetime.datetime, ts: datetime.datetime, kind: int, pk: int) -> str:
    raw = json.dumps([since.isoformat(), ts.isoformat(), kind, pk], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(value: str) -> tuple[datetime.datetime, datetime.datetime, int, int]:
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
        since, ts, kind, pk = json.loads(raw)
        since, ts = parse_datetime(since), parse_datetime(ts)
        if (
            since is None
            or ts is None
            or timezone.is_naive(since)
            or timezone.is_naive(ts)
            or not (in_range(since) and in_range(ts))
            or kind not in (0, 1)
            or not isinstance(pk, int)
            or isinstance(pk, bool)
            or not 0 <= pk < 2**63
        ):
            raise ValueError
    except (ValueError, TypeError, RecursionError, binascii.Error, UnicodeDecodeError):
        raise invalid("cursor", _("This cursor is not one the API gave out.")) from None
    return since.astimezone(datetime.UTC), ts.astimezone(datetime.UTC), kind, pk
