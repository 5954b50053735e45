"""What keeps the API's incremental sync exact, in one place.

* An entry that leaves the published set (archived, moved back to draft or review, deleted) gets a
  `Tombstone`; publishing it again removes the tombstone. Entries that were never published get
  none, so a draft's slug never reaches a partner.
* A taxonomy term (vertical, scenario, …) that is deleted gets a tombstone too.
* Rows an entry owns (a case's metrics, a series' points: a CASCADE foreign key to a publishable
  model) and its many-to-many links, changed from either side, bump the entry's `updated`, so
  the change is synced (a clear from the other side, `vendor.cases.clear()`, names no ids: the
  entries still linked when it starts are touched).

Writes that bypass `save()`/`delete()` (`QuerySet.update()`, raw SQL) are not seen: status changes
go through `core.services`.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.utils import timezone

from .models import PublicationStatus, PublishableModel, TaxonomyTerm, Tombstone


def record_removal(instance, reason: str) -> None:
    Tombstone.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(instance),
        object_id=instance.pk,
        defaults={"slug": instance.slug, "reason": reason, "removed_at": timezone.now()},
    )


def clear_removal(instance) -> None:
    Tombstone.objects.filter(
        content_type=ContentType.objects.get_for_model(instance),
        object_id=instance.pk,
    ).delete()


def _remember_stored_status(sender, instance, **kwargs):
    stored = None
    if instance.pk is not None and not instance._state.adding:
        stored = (
            sender._base_manager.filter(pk=instance.pk).values_list("status", flat=True).first()
        )
    instance._sync_stored_status = stored


def _entry_saved(sender, instance, created, **kwargs):
    stored = getattr(instance, "_sync_stored_status", None)
    if instance.status == PublicationStatus.PUBLISHED:
        if not created and stored != PublicationStatus.PUBLISHED:
            clear_removal(instance)
    elif stored == PublicationStatus.PUBLISHED:
        reason = (
            Tombstone.Reason.ARCHIVED
            if instance.status == PublicationStatus.ARCHIVED
            else Tombstone.Reason.UNPUBLISHED
        )
        record_removal(instance, reason)


def _entry_deleted(sender, instance, **kwargs):
    was_public = instance.status == PublicationStatus.PUBLISHED
    if was_public or _has_tombstone(instance):
        record_removal(instance, Tombstone.Reason.DELETED)


def _term_deleted(sender, instance, **kwargs):
    record_removal(instance, Tombstone.Reason.DELETED)


def _has_tombstone(instance) -> bool:
    return Tombstone.objects.filter(
        content_type=ContentType.objects.get_for_model(instance),
        object_id=instance.pk,
    ).exists()


def _touch(model, pks) -> None:
    pks = [pk for pk in pks if pk is not None]
    if pks:
        model._base_manager.filter(pk__in=pks).update(updated=timezone.now())


def _child_changed_handler(field: models.ForeignKey):
    def handler(sender, instance, **kwargs):
        _touch(field.related_model, [getattr(instance, field.attname)])

    return handler


def _links_changed_handler(owner, field: models.ManyToManyField):
    def handler(sender, instance, action, reverse, model, pk_set, **kwargs):
        if action not in ("post_add", "post_remove", "pre_clear"):
            return
        if not reverse:
            _touch(owner, [instance.pk])
        elif action == "pre_clear":
            # `vendor.cases.clear()` names no ids: the entries still linked now lose the link.
            _touch(
                owner,
                owner._base_manager.filter(**{field.name: instance.pk}).values_list(
                    "pk", flat=True
                ),
            )
        else:
            _touch(owner, pk_set)

    return handler


def connect() -> None:
    """Wire the signals for every concrete publishable model and taxonomy term (AppConfig.ready)."""
    for model in apps.get_models():
        if issubclass(model, PublishableModel):
            uid = f"core.sync:{model._meta.label}"
            pre_save.connect(_remember_stored_status, sender=model, dispatch_uid=uid)
            post_save.connect(_entry_saved, sender=model, dispatch_uid=uid)
            post_delete.connect(_entry_deleted, sender=model, dispatch_uid=uid)
            for field in model._meta.many_to_many:
                m2m_changed.connect(
                    _links_changed_handler(model, field),
                    sender=field.remote_field.through,
                    dispatch_uid=f"{uid}:{field.name}",
                    weak=False,
                )
        elif issubclass(model, TaxonomyTerm):
            post_delete.connect(
                _term_deleted, sender=model, dispatch_uid=f"core.sync:{model._meta.label}"
            )
        for field in model._meta.concrete_fields:
            if (
                isinstance(field, models.ForeignKey)
                and field.remote_field.on_delete is models.CASCADE
                and issubclass(field.related_model, PublishableModel)
            ):
                handler = _child_changed_handler(field)
                uid = f"core.sync:{model._meta.label}.{field.name}"
                post_save.connect(handler, sender=model, dispatch_uid=uid, weak=False)
                post_delete.connect(handler, sender=model, dispatch_uid=uid, weak=False)
