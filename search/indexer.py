"""Keeping the index in step with the data: (re)index objects, remove them, rebuild it all."""

import time
from collections.abc import Iterable

from django.db import connections, router, transaction

from . import common, registry
from .backends import Document, backend_for, row_id
from .models import IndexedDocument
from .text import normalize_fields

BATCH_SIZE = 500


def build_document(reg: registry.Registration, obj, preloaded=None) -> Document:
    sources = tuple(
        normalize_fields(reg.texts(obj, specs, preloaded))
        for specs in (reg.title, reg.summary, reg.body)
    )
    return Document.from_sources(reg.kind, obj.pk, reg.score(obj), sources)


def _db_for(model) -> str:
    return router.db_for_write(model)


def index_objects(model, objs: Iterable) -> None:
    """(Re)index `objs`: public ones get fresh rows, the others leave the index."""
    reg = registry.get(model)
    objs = list(objs)
    if not objs:
        return
    using = _db_for(reg.model)
    docs = [build_document(reg, obj) for obj in objs if reg.is_public(obj)]
    with transaction.atomic(using=using):
        removed = _remove(reg, [obj.pk for obj in objs], using)
        connection = connections[using]
        with connection.cursor() as cursor:
            backend_for(connection).insert(cursor, docs)
        IndexedDocument.objects.using(using).bulk_create(
            [IndexedDocument(kind=reg.kind, object_id=d.pk, score=d.score) for d in docs]
        )
        if removed or docs:  # a draft that was never public changes no common term
            common.apply(reg.kind, removed, docs, using=using)


def remove_objects(model, pks: Iterable[int]) -> None:
    reg = registry.get(model)
    using = _db_for(reg.model)
    pks = list(pks)
    with transaction.atomic(using=using):
        removed = _remove(reg, pks, using)
        if removed:
            common.apply(reg.kind, removed, [], using=using)


def _remove(reg: registry.Registration, pks: list[int], using: str) -> list[int]:
    """Take these objects' documents out of the index; returns the pks that had one."""
    known = IndexedDocument.objects.using(using).filter(kind=reg.kind, object_id__in=pks)
    rows = list(known.values_list("pk", "object_id", "score"))
    if not rows:
        return []
    rowids = [row_id(reg.kind, score, pk) for _, pk, score in rows]
    connection = connections[using]
    with connection.cursor() as cursor:
        backend_for(connection).delete(cursor, rowids)
    IndexedDocument.objects.using(using).filter(pk__in=[row[0] for row in rows]).delete()
    return [pk for _, pk, _ in rows]


def reindex_pks(model, pks: Iterable[int]) -> None:
    """Reindex the rows with these pks as they are in the database now."""
    reg = registry.get(model)
    pks = list(pks)
    if not pks:
        return
    found = list(reg.queryset().filter(pk__in=pks))
    index_objects(reg.model, found)
    missing = set(pks) - {obj.pk for obj in found}
    if missing:
        remove_objects(reg.model, missing)


def _sample(regs: list[registry.Registration], using: str, size: int = 8) -> list[Document]:
    """A few documents of every kind (the SQLite backend compresses against their text)."""
    docs = []
    for reg in regs:
        for obj in reg.queryset().using(using).order_by("-pk")[:size]:
            if reg.is_public(obj):
                docs.append(build_document(reg, obj))
    return docs


def rebuild(models=None, *, using: str | None = None, batch_size: int = BATCH_SIZE) -> dict:
    """Drop and rebuild the index (of `models`, default all registered); returns statistics."""
    regs = [registry.get(m) for m in models] if models else registry.registrations()
    using = using or _db_for(IndexedDocument)
    connection = connections[using]
    backend = backend_for(connection)
    started = time.perf_counter()
    stats = {}
    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            if models is None:
                backend.clear(cursor)
                backend.before_bulk_load(cursor, _sample(regs, using))
                IndexedDocument.objects.using(using).all().delete()
            else:
                for reg in regs:
                    backend.clear(cursor, reg.kind)
                    IndexedDocument.objects.using(using).filter(kind=reg.kind).delete()
        for reg in regs:
            count = 0
            # Related texts come from one values_list() per relation and batch, not prefetches.
            qs = reg.queryset().using(using).prefetch_related(None).order_by("pk")
            collector = common.Collector(reg.kind, total=qs.count())
            related = reg.related_specs()
            last_pk = None
            while True:  # keyset pagination
                page = list((qs if last_pk is None else qs.filter(pk__gt=last_pk))[:batch_size])
                if not page:
                    break
                objs = [obj for obj in page if reg.is_public(obj)]
                pks = [obj.pk for obj in objs]
                preloaded = {spec: spec.bulk(reg.model, pks, using) for spec in related}
                docs = [build_document(reg, obj, preloaded) for obj in objs]
                for doc in docs:
                    collector.add(doc)
                with connection.cursor() as cursor:
                    backend.insert(cursor, docs)
                IndexedDocument.objects.using(using).bulk_create(
                    [IndexedDocument(kind=reg.kind, object_id=d.pk, score=d.score) for d in docs]
                )
                count += len(docs)
                last_pk = page[-1].pk
                if len(page) < batch_size:
                    break
            stats[reg.label] = count
            collector.save(using=using)
        with connection.cursor() as cursor:
            if models is None:
                backend.after_bulk_load(cursor)  # indexes, merges, statistics
            else:
                backend.optimize(cursor)
    stats["seconds"] = round(time.perf_counter() - started, 2)
    return stats
