"""What the apps index: each registers a model with its fields, weights and boosts."""

import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import models


class Related:
    """Text of related rows, e.g. `Related("vendors")`: their name_zh and name_en.

    `only={"status": "published"}` keeps the rows that match (an unpublished vendor's name must
    not find the published case linked to it). Read from the instance when one object is
    indexed; loaded for a whole batch with one `values_list()` query per relation when the
    index is rebuilt.
    """

    def __init__(self, path: str, *fields: str, only: dict | None = None):
        self.path = path
        self.fields = fields or ("name_zh", "name_en")
        self.only = dict(only or {})

    def __repr__(self):
        return f"Related({self.path!r}, {', '.join(map(repr, self.fields))}, only={self.only!r})"

    def for_instance(self, obj) -> list[str]:
        value = getattr(obj, self.path, None)
        rows = value.all() if hasattr(value, "all") else [value] if value is not None else []
        rows = [r for r in rows if all(getattr(r, k) == v for k, v in self.only.items())]
        return [getattr(row, name) or "" for row in rows for name in self.fields]

    def bulk(self, model, pks, using) -> dict[int, list[str]]:
        lookups = [f"{self.path}__{name}" for name in self.fields]
        # One filter() call with the values_list: the condition and the values share the join.
        only = {f"{self.path}__{k}": v for k, v in self.only.items()}
        rows = (
            model._base_manager.using(using).filter(pk__in=pks, **only).values_list("pk", *lookups)
        )
        out: dict[int, list[str]] = {}
        for pk, *values in rows:
            if any(v is not None for v in values):
                out.setdefault(pk, []).extend(v or "" for v in values)
        return out


# A field is an attribute path ("vendor.name_zh"), a callable returning text or texts, or
# a Related(...) spec.
FieldSpec = str | Callable[[Any], Any] | Related

EPOCH = date(2000, 1, 1)
MAX_SCORE = (1 << 19) - 1


@dataclass
class Registration:
    model: type[models.Model]
    label: str
    kind: int
    title: list[FieldSpec]
    summary: list[FieldSpec]
    body: list[FieldSpec]
    boosts: dict[str, int]
    date_field: str | None
    queryset: Callable[[], models.QuerySet]
    is_public: Callable[[Any], bool]
    m2m: list[str] = field(default_factory=list)
    depends_on: list[tuple[type[models.Model], Callable[[Any], Iterable]]] = field(
        default_factory=list
    )

    def related_specs(self) -> list[Related]:
        return [s for s in (*self.title, *self.summary, *self.body) if isinstance(s, Related)]

    def texts(self, obj, specs: list[FieldSpec], preloaded=None) -> list[str]:
        out: list[str] = []
        for spec in specs:
            if isinstance(spec, Related):
                value = (
                    preloaded[spec].get(obj.pk, ())
                    if preloaded is not None
                    else spec.for_instance(obj)
                )
            else:
                value = spec(obj) if callable(spec) else _resolve(obj, spec)
            if value is None:
                continue
            if isinstance(value, str):
                out.append(value)
            else:
                out.extend(str(v) for v in value if v)
        return [t for t in out if t]

    def score(self, obj) -> int:
        """Static rank: days since 2000 of the date field, plus a bonus (in days) per boost."""
        score = 0
        when = _resolve(obj, self.date_field) if self.date_field else None
        if isinstance(when, datetime):
            when = when.date()
        if isinstance(when, date):
            score = max(0, (when - EPOCH).days)
        for path, bonus in self.boosts.items():
            if _resolve(obj, path):
                score += bonus
        return min(score, MAX_SCORE)


def _resolve(obj, path: str):
    for part in path.replace("__", ".").split("."):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj


_registry: dict[type[models.Model], Registration] = {}


def register(
    model: type[models.Model],
    *,
    title: list[FieldSpec],
    summary: list[FieldSpec] = (),
    body: list[FieldSpec] = (),
    boosts: dict[str, int] | None = None,
    date_field: str | None = None,
    queryset: Callable[[], models.QuerySet] | None = None,
    is_public: Callable[[Any], bool] | None = None,
    m2m: Iterable[str] = (),
    depends_on: Iterable[tuple[type[models.Model], Callable[[Any], Iterable]]] = (),
) -> Registration:
    """Index `model`: title outranks summary outranks body; boosts are bonus days of recency.

    `queryset()` returns the rows that may be found (published ones), `is_public(obj)` says the
    same of one instance; `m2m` names the many-to-many fields whose changes reindex the row;
    `depends_on` lists (other model, instance → rows of `model` to reindex) pairs.
    """
    from . import signals

    label = model._meta.label_lower
    kind = zlib.crc32(label.encode()) & 0x3FF
    for other in _registry.values():
        if other.kind == kind and other.model is not model:
            raise ValueError(f"search kind collision between {label} and {other.label}")
    registration = Registration(
        model=model,
        label=label,
        kind=kind,
        title=list(title),
        summary=list(summary),
        body=list(body),
        boosts=dict(boosts or {}),
        date_field=date_field,
        queryset=queryset or (lambda: model._default_manager.all()),
        is_public=is_public or (lambda obj: True),
        m2m=list(m2m),
        depends_on=list(depends_on),
    )
    _registry[model] = registration
    signals.connect(registration)
    return registration


def get(model: type[models.Model]) -> Registration:
    try:
        return _registry[model]
    except KeyError:
        concrete = model._meta.concrete_model
        if concrete in _registry:
            return _registry[concrete]
        raise LookupError(f"{model._meta.label} is not registered for search") from None


def registrations() -> list[Registration]:
    return list(_registry.values())
