"""Who may set an entry's status and editorial fields: the one rule every write path meets.

`PublishableModel.save()` asks `check_write()` before it writes, so the change form, inlines, the
history page's revert, admin actions, imports, the review queue, the API and management commands
all meet the same rule, and a path added later inherits it without knowing it exists.

The rule needs to know on whose behalf a write happens: the *actor*. `ActorMiddleware` makes it
the request's user for the whole request; `core.services` make it the `by=` user of each
transition; management commands (run by an operator with shell access) act as `SYSTEM`. Code
that writes with no actor at all is treated like an editor: it can write drafts, never publish.
"""

import contextlib
import contextvars
import functools

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


class _System:
    """The operator: management commands, migrations, fixtures. May do anything."""

    is_authenticated = True

    def __str__(self) -> str:
        return "system"

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = _System()

# Only a publisher may change these (status: except between draft and in review).
EDITORIAL_FIELDS = ("status", "published_at", "featured", "successor", "is_sample")
EDITOR_STATUSES = ("draft", "in_review")
PUBLIC_STATUSES = ("published", "archived")
# What a new entry holds when nobody set anything.
NEW_ENTRY = {
    "status": "draft",
    "published_at": None,
    "featured": False,
    "successor": None,
    "is_sample": False,
}

_actor: contextvars.ContextVar = contextvars.ContextVar("atlas_actor", default=None)


@contextlib.contextmanager
def acting_as(actor):
    """Writes inside this block are made on behalf of `actor` (a user, or SYSTEM)."""
    token = _actor.set(actor)
    try:
        yield actor
    finally:
        _actor.reset(token)


def as_operator(handle):
    """For a management command's `handle`: it writes as SYSTEM also when called in-process
    (`call_command` from a script or a benchmark), not only through manage.py."""

    @functools.wraps(handle)
    def wrapper(*args, **kwargs):
        with acting_as(SYSTEM):
            return handle(*args, **kwargs)

    return wrapper


def current_actor():
    return _actor.get()


class EditorialPermissionDenied(PermissionDenied):
    """A write would change status or an editorial field its actor may not change."""

    def __init__(self, refused: dict[str, str]):
        self.refused = refused
        super().__init__(" ".join(refused.values()))


def may_publish(actor, model) -> bool:
    """Publishers (and superusers, and SYSTEM) hold `<app>.publish_<model>`; editors do not."""
    if actor is SYSTEM:
        return True
    opts = model._meta
    return bool(
        actor is not None
        and getattr(actor, "is_authenticated", False)
        and actor.has_perm(f"{opts.app_label}.publish_{opts.model_name}")
    )


def _attname(model, field: str) -> str:
    return model._meta.get_field(field).attname


def _stored(entry, using=None) -> dict | None:
    """The editorial fields as the database holds them now (None for an entry not saved yet)."""
    if entry.pk is None or entry._state.adding:
        return None
    model = type(entry)
    attnames = {_attname(model, f): f for f in EDITORIAL_FIELDS}
    manager = model._base_manager.using(using or entry._state.db or "default")
    row = manager.filter(pk=entry.pk).values(*attnames).first()
    return None if row is None else {attnames[a]: v for a, v in row.items()}


def _status_label(model, value) -> str:
    return str(dict(model._meta.get_field("status").flatchoices).get(value, value))


def refusals(
    *, actor, model, before: dict | None, after: dict, fields=EDITORIAL_FIELDS
) -> dict[str, str]:
    """The changes from `before` (None: a new entry) to `after` that `actor` may not make,
    as {field: why}. Empty when every change is allowed."""
    if may_publish(actor, model):
        return {}
    old = before or NEW_ENTRY
    changed = {f for f in fields if f in after and after[f] != old[f]}
    refused = {}
    if "status" in changed and not (
        old["status"] in EDITOR_STATUSES and after["status"] in EDITOR_STATUSES
    ):
        refused["status"] = _(
            "Only a publisher can change the status from “%(old)s” to “%(new)s”."
        ) % {
            "old": _status_label(model, old["status"]),
            "new": _status_label(model, after["status"]),
        }
    if "published_at" in changed:
        refused["published_at"] = _("Only a publisher can change when an entry was published.")
    if "featured" in changed:
        refused["featured"] = _("Only a publisher can feature an entry or stop featuring it.")
    if old["status"] in PUBLIC_STATUSES:
        for field in ("successor", "is_sample"):
            if field in changed:
                refused[field] = _(
                    "Only a publisher can change “%(field)s” of a published or archived entry."
                ) % {"field": model._meta.get_field(field).verbose_name}
    return refused


def entry_values(entry) -> dict:
    model = type(entry)
    return {f: getattr(entry, _attname(model, f)) for f in EDITORIAL_FIELDS}


def entry_refusals(entry, *, actor=None, using=None, fields=EDITORIAL_FIELDS) -> dict[str, str]:
    """`refusals()` for saving `entry` as it is in memory now, by `actor` (default: current)."""
    actor = current_actor() if actor is None else actor
    model = type(entry)
    if may_publish(actor, model):  # no query for the people who may change everything
        return {}
    return refusals(
        actor=actor,
        model=model,
        before=_stored(entry, using),
        after=entry_values(entry),
        fields=fields,
    )


# What an editor's save may still change on a live entry: the workflow's own bookkeeping.
BOOKKEEPING_FIELDS = ("version", "created", "updated", "submitted_by", "submitted_at")
BOOKKEEPING_FIELDS += ("review_comment",)


def content_fields(model) -> list:
    """The fields whose change on a live entry waits for a publisher (a revision)."""
    skip = {*EDITORIAL_FIELDS, *BOOKKEEPING_FIELDS}
    return [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key and f.name not in skip and f.attname not in skip
    ]


def live_content_refusals(entry, *, actor=None, using=None, update_fields=None) -> dict[str, str]:
    """A live (published or archived) entry's content changes only by a publisher's hand or
    through a revision a publisher approved (revisions.services); {"__all__": why} otherwise."""
    actor = current_actor() if actor is None else actor
    model = type(entry)
    if may_publish(actor, model) or entry.pk is None or entry._state.adding:
        return {}
    fields = content_fields(model)
    if update_fields is not None:
        names = set(update_fields)
        fields = [f for f in fields if f.name in names or f.attname in names]
        if not fields:
            return {}
    manager = model._base_manager.using(using or entry._state.db or "default")
    stored = manager.filter(pk=entry.pk).values("status", *(f.attname for f in fields)).first()
    if stored is None or stored["status"] not in PUBLIC_STATUSES:
        return {}
    changed = [f for f in fields if getattr(entry, f.attname) != stored[f.attname]]
    if not changed:
        return {}
    return {
        "__all__": _(
            "“%(entry)s” is live: a change to it (%(fields)s) waits for a publisher as a "
            "revision and cannot be saved directly."
        )
        % {"entry": entry, "fields": ", ".join(str(f.verbose_name) for f in changed)}
    }


def check_write(entry, *, update_fields=None, using=None) -> None:
    """Raise EditorialPermissionDenied when saving `entry` would break the rule."""
    refused = live_content_refusals(entry, using=using, update_fields=update_fields)
    if refused:
        raise EditorialPermissionDenied(refused)
    fields = EDITORIAL_FIELDS
    if update_fields is not None:
        model = type(entry)
        names = set(update_fields)
        fields = tuple(f for f in EDITORIAL_FIELDS if f in names or _attname(model, f) in names)
        if not fields:
            return
    refused = entry_refusals(entry, using=using, fields=fields)
    if refused:
        raise EditorialPermissionDenied(refused)


def check_update(model, values: dict) -> None:
    """`QuerySet.update()` of editorial fields or content: only for those who may change
    everything (an editor's bulk update could reach live entries without a revision)."""
    watched = [*EDITORIAL_FIELDS, *(f.name for f in content_fields(model))]
    touched = [f for f in watched if f in values or _attname(model, f) in values]
    if touched and not may_publish(current_actor(), model):
        raise EditorialPermissionDenied(
            {f: _("Only a publisher can change “%(field)s”.") % {"field": f} for f in touched}
        )
