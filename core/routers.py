"""Read replicas: reads go to a replica, writes to the primary, and a client that just wrote
(or code inside a transaction) reads from the primary so it sees its own writes."""

import random
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

_use_primary: ContextVar[bool] = ContextVar("atlas_use_primary", default=False)


@contextmanager
def use_primary():
    """Send every read in this block to the primary (read-your-writes for this request/thread)."""
    token = _use_primary.set(True)
    try:
        yield
    finally:
        _use_primary.reset(token)


def reads_pinned_to_primary() -> bool:
    return _use_primary.get()


def replica_aliases() -> list[str]:
    return list(getattr(settings, "DATABASE_REPLICAS", []))


class PrimaryReplicaRouter:
    """`default` is the primary; the aliases in settings.DATABASE_REPLICAS serve reads."""

    def db_for_read(self, model, **hints):
        replicas = replica_aliases()
        if not replicas or _use_primary.get():
            return DEFAULT_DB_ALIAS
        # Inside atomic() the reads belong to the same transaction as the writes.
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        instance = hints.get("instance")
        if instance is not None and instance._state.db == DEFAULT_DB_ALIAS:
            # Related objects of a row loaded from the primary come from the primary too.
            return DEFAULT_DB_ALIAS
        return random.choice(replicas)

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replicas hold the same rows as the primary.
        databases = {DEFAULT_DB_ALIAS, *replica_aliases()}
        if obj1._state.db in databases and obj2._state.db in databases:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # Replicas receive the schema through replication, never through migrate.
        return db == DEFAULT_DB_ALIAS
