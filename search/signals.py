"""Signal handlers that keep the index fresh on save, delete and many-to-many changes."""

import threading
from contextlib import contextmanager
from functools import partial

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save, pre_delete

_state = threading.local()


@contextmanager
def paused():
    """Skip index updates inside the block (bulk imports); rebuild the index afterwards."""
    previous = getattr(_state, "paused", False)
    _state.paused = True
    try:
        yield
    finally:
        _state.paused = previous


def _active() -> bool:
    return not getattr(_state, "paused", False)


def connect(reg) -> None:
    model = reg.model
    uid = f"search:{reg.label}"
    post_save.connect(
        partial(_saved, reg.model), sender=model, weak=False, dispatch_uid=f"{uid}:save"
    )
    post_delete.connect(
        partial(_deleted, reg.model), sender=model, weak=False, dispatch_uid=f"{uid}:delete"
    )
    for name in reg.m2m:
        through = model._meta.get_field(name).remote_field.through
        m2m_changed.connect(
            partial(_m2m_changed, reg.model),
            sender=through,
            weak=False,
            dispatch_uid=f"{uid}:m2m:{name}",
        )
    for other, rows in reg.depends_on:
        dep = f"{uid}:dep:{other._meta.label_lower}"
        post_save.connect(
            partial(_dependency_changed, reg.model, rows),
            sender=other,
            weak=False,
            dispatch_uid=dep,
        )
        pre_delete.connect(
            partial(_dependency_deleting, reg.model, rows),
            sender=other,
            weak=False,
            dispatch_uid=f"{dep}:pre",
        )
        post_delete.connect(
            partial(_dependency_deleted, reg.model),
            sender=other,
            weak=False,
            dispatch_uid=f"{dep}:post",
        )


def _saved(target, sender, instance, raw=False, using=None, **kwargs):
    if not _active():
        return
    from . import indexer

    if raw:
        # Fixture loading: related rows may not exist yet; index once everything is in.
        pk = instance.pk
        transaction.on_commit(lambda: indexer.reindex_pks(target, [pk]), using=using)
        return
    indexer.index_objects(target, [instance])


def _deleted(target, sender, instance, **kwargs):
    if not _active():
        return
    from . import indexer

    indexer.remove_objects(target, [instance.pk])


def _m2m_changed(target, sender, instance, action, reverse, pk_set, **kwargs):
    if not _active() or action not in ("post_add", "post_remove", "post_clear"):
        return
    from . import indexer

    if not reverse:
        indexer.reindex_pks(target, [instance.pk])
    elif pk_set:
        indexer.reindex_pks(target, pk_set)


def _dependency_changed(target, rows, sender, instance, raw=False, **kwargs):
    if not _active() or raw:
        return
    from . import indexer

    pks = [obj.pk for obj in rows(instance)]
    if pks:
        indexer.reindex_pks(target, pks)


def _dependency_deleting(target, rows, sender, instance, **kwargs):
    # Through rows vanish with the instance: note who depended on it while we still can.
    if _active():
        pending = instance.__dict__.setdefault("_search_dependents", {})
        pending[target] = [obj.pk for obj in rows(instance)]


def _dependency_deleted(target, sender, instance, **kwargs):
    pks = instance.__dict__.get("_search_dependents", {}).pop(target, None)
    if _active() and pks:
        from . import indexer

        indexer.reindex_pks(target, pks)


def _clear_after_flush(sender, plan=None, using="default", **kwargs):
    # `flush` (between transactional tests) empties every model table but not the index
    # tables, and emits post_migrate without a plan; a real `migrate` always passes one.
    if plan is not None:
        return
    from django.db import connections

    from .backends import backend_for

    connection = connections[using]
    with connection.cursor() as cursor:
        backend_for(connection).clear(cursor)


def connect_flush(app_config) -> None:
    post_migrate.connect(_clear_after_flush, sender=app_config, dispatch_uid="search:flush")
