"""Revisions of live entries: propose (an editor's form save or import row), approve, send back.

A revision stores, per changed field, the value the entry had when the editor loaded it and
the proposed one. Approval applies it as the publisher (history records the change under the
editor who made it) unless a field it changes was changed meanwhile: then nothing is applied
and the publisher is told which fields.
"""

from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import editorial
from core.services import can_publish

from .models import Revision


def revisable_fields(model) -> dict[str, models.Field]:
    """Content fields and many-to-many links a revision may carry, by name."""
    fields = {f.name: f for f in editorial.content_fields(model) if not _is_file(f)}
    for field in model._meta.many_to_many:
        fields[field.name] = field
    return fields


def _is_file(field) -> bool:
    return isinstance(field, models.FileField)


def stored_value(field, value):
    """A JSON-able form of a field's value (pks for relations, ISO text for dates)."""
    if field.many_to_many:
        return sorted(getattr(v, "pk", v) for v in value)
    if value is None:
        return None
    if isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")  # 62.0000 and 62 are the same price
    return str(value.isoformat() if hasattr(value, "isoformat") else value)


def current_values(entry, names) -> dict:
    model = type(entry)
    fields = revisable_fields(model)
    fresh = model._base_manager.get(pk=entry.pk)
    out = {}
    for name in names:
        field = fields[name]
        if field.many_to_many:
            out[name] = stored_value(field, getattr(fresh, name).values_list("pk", flat=True))
        else:
            out[name] = stored_value(field, getattr(fresh, field.attname))
    return out


@transaction.atomic
def revision_propose(
    *, entry, proposed: dict, by, source: str, base_version: int | None = None
) -> Revision | None:
    """Keep `proposed` ({field name: value; relations as objects/pks}) as a pending revision
    of live `entry`; None when it changes nothing."""
    model = type(entry)
    fields = revisable_fields(model)
    new = {name: stored_value(fields[name], value) for name, value in proposed.items()}
    old = current_values(entry, new)
    changes = {n: {"old": old[n], "new": new[n]} for n in new if old[n] != new[n]}
    if not changes:
        return None
    current = model._base_manager.filter(pk=entry.pk).values_list("version", flat=True).first()
    return Revision.objects.create(
        content_type=ContentType.objects.get_for_model(model),
        object_id=entry.pk,
        base_version=base_version or current,
        changes=changes,
        source=source,
        author=by if getattr(by, "pk", None) else None,
    )


def _python(field, value):
    if value is None or field.many_to_many:
        return value
    if field.is_relation:
        return value
    return field.to_python(value)


def _require_pending(revision: Revision) -> None:
    if revision.state != Revision.State.PENDING:
        raise ValidationError(_("This revision was already decided."))


@transaction.atomic
def revision_approve(*, revision: Revision, by):
    """Apply a pending revision to its entry, as `by` (a publisher)."""
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    model = revision.content_type.model_class()
    if not can_publish(by, model):
        raise PermissionDenied(_("Only a publisher can approve a revision."))
    _require_pending(revision)
    entry = model._base_manager.select_for_update().get(pk=revision.object_id)
    fields = revisable_fields(model)
    now = current_values(entry, revision.changes)
    moved = [n for n, change in revision.changes.items() if now[n] != change["old"]]
    if moved:
        raise ValidationError(
            _(
                "Not applied: %(fields)s changed since this revision was made. Send it back so "
                "that its editor redoes the change on today's version."
            )
            % {"fields": ", ".join(str(fields[n].verbose_name) for n in moved)}
        )
    links = {}
    for name, change in revision.changes.items():
        field = fields[name]
        if field.many_to_many:
            links[name] = change["new"]
        else:
            setattr(entry, field.attname, _python(field, change["new"]))
    # Stored, like the other reasons (core.services), in English.
    entry._change_reason = f"revision by {revision.author or '?'} approved by {by}"[:100]
    entry._history_user = revision.author or by
    with editorial.acting_as(by):
        entry.full_clean(exclude=[n for n in fields if n not in revision.changes])
        entry.save()
        for name, pks in links.items():
            getattr(entry, name).set(pks)
    revision.state = Revision.State.APPROVED
    revision.decided_by, revision.decided_at = by, timezone.now()
    revision.save()
    return entry


@transaction.atomic
def revision_send_back(*, revision: Revision, by, comment: str) -> Revision:
    model = revision.content_type.model_class()
    if not can_publish(by, model):
        raise PermissionDenied(_("Only a publisher can send a revision back."))
    _require_pending(revision)
    if not comment.strip():
        raise ValidationError(_("Say what needs to change when you send a revision back."))
    revision.state = Revision.State.REJECTED
    revision.decided_by, revision.decided_at = by, timezone.now()
    revision.comment = comment.strip()
    revision.save()
    return revision


def _display(field, value) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if field.many_to_many:
        rows = field.related_model._base_manager.filter(pk__in=value)
        return ", ".join(sorted(str(r) for r in rows)) or "—"
    if field.is_relation:
        row = field.related_model._base_manager.filter(pk=value).first()
        return str(row) if row is not None else str(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def revision_diff(revision: Revision) -> list[dict]:
    """[{field, old, new}] in the model's field order, values as an editor reads them."""
    model = revision.content_type.model_class()
    fields = revisable_fields(model)
    return [
        {
            "field": str(fields[name].verbose_name),
            "old": _display(fields[name], change["old"]),
            "new": _display(fields[name], change["new"]),
        }
        for name, change in sorted(
            revision.changes.items(), key=lambda item: list(fields).index(item[0])
        )
        if name in fields
    ]
