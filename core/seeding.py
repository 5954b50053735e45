"""Idempotent upserts for seed data: a row is saved only when a value really changed."""

from collections import Counter

from django.db import models


def upsert(model, *, lookup: dict, values: dict, m2m: dict | None = None, tally: Counter):
    """Create or update one row; `tally` counts created / updated / unchanged per model."""
    instance = model.objects.filter(**lookup).first()
    label = model._meta.verbose_name_plural
    if instance is None:
        instance = model(**lookup, **values)
        if hasattr(instance, "mark_published") and values.get("status") == "published":
            instance.mark_published()
        instance._change_reason = "seed"
        instance.save()
        outcome = "created"
    else:
        changed = [name for name, value in values.items() if _differs(instance, name, value)]
        if changed:
            for name in changed:
                setattr(instance, name, values[name])
            instance._change_reason = "seed"
            instance.save()
        outcome = "updated" if changed else "unchanged"
    for name, related in (m2m or {}).items():
        manager = getattr(instance, name)
        if set(manager.values_list("pk", flat=True)) != {obj.pk for obj in related}:
            manager.set(related)
            outcome = "updated" if outcome == "unchanged" else outcome
    tally[(label, outcome)] += 1
    return instance


def _differs(instance, name, value) -> bool:
    field = instance._meta.get_field(name)
    current = getattr(instance, field.attname if isinstance(field, models.ForeignKey) else name)
    if isinstance(field, models.ForeignKey):
        value = value.pk if value is not None else None
    else:
        value = field.to_python(value)
    return current != value
