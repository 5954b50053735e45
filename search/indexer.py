"""Keeping the index in step with the data: (re)index objects, remove them, rebuild it all."""

import time
from collections.abc import Iterable

from django.db import connections, router, transaction

from . import registry
from .backends import TIER_ALL, TIER_SUMMARY, TIER_TITLE, Document, backend_for, row_id
from .models import IndexedDocument
from .text import FIELD_BREAK, cjk_characters, index_tokens

BATCH_SIZE = 500


def _stream(texts: list[str]) -> tuple[list[str], list[str]]:
    tokens: list[str] = []
    chars: list[str] = []
    for text in texts:
        field_tokens = index_tokens(text)
        if field_tokens:
            if tokens:
                tokens.append(FIELD_BREAK)
            tokens.extend(field_tokens)
            chars.extend(cjk_characters(text))
    return tokens, chars


def build_document(reg: registry.Registration, obj) -> Document:
    title, title_cjk = _stream(reg.texts(obj, reg.title))
    summary, summary_cjk = _stream(reg.texts(obj, reg.summary))
    body, body_cjk = _stream(reg.texts(obj, reg.body))
    return Document(
        kind=reg.kind,
        pk=obj.pk,
        score=reg.score(obj),
        title=title,
        summary=summary,
        body=body,
        title_cjk=title_cjk,
        summary_cjk=summary_cjk,
        body_cjk=body_cjk,
    )


def _all_row_ids(kind: int, score: int, pk: int) -> list[int]:
    return [row_id(kind, tier, score, pk) for tier in (TIER_ALL, TIER_SUMMARY, TIER_TITLE)]


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
        _remove(reg, [obj.pk for obj in objs], using)
        connection = connections[using]
        with connection.cursor() as cursor:
            backend_for(connection).insert(cursor, docs)
        IndexedDocument.objects.using(using).bulk_create(
            [IndexedDocument(kind=reg.kind, object_id=d.pk, score=d.score) for d in docs]
        )


def remove_objects(model, pks: Iterable[int]) -> None:
    reg = registry.get(model)
    using = _db_for(reg.model)
    with transaction.atomic(using=using):
        _remove(reg, list(pks), using)


def _remove(reg: registry.Registration, pks: list[int], using: str) -> None:
    known = IndexedDocument.objects.using(using).filter(kind=reg.kind, object_id__in=pks)
    rows = list(known.values_list("pk", "object_id", "score"))
    if not rows:
        return
    rowids = [rid for _, pk, score in rows for rid in _all_row_ids(reg.kind, score, pk)]
    connection = connections[using]
    with connection.cursor() as cursor:
        backend_for(connection).delete(cursor, rowids)
    IndexedDocument.objects.using(using).filter(pk__in=[row[0] for row in rows]).delete()


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
                IndexedDocument.objects.using(using).all().delete()
            else:
                for reg in regs:
                    backend.clear(cursor, reg.kind)
                    IndexedDocument.objects.using(using).filter(kind=reg.kind).delete()
        for reg in regs:
            count = 0
            qs = reg.queryset().using(using).order_by("pk")
            last_pk = None
            # Keyset pagination: each batch is a plain query (prefetches included).
            while True:
                page = qs if last_pk is None else qs.filter(pk__gt=last_pk)
                objs = list(page[:batch_size])
                if not objs:
                    break
                docs = [build_document(reg, obj) for obj in objs if reg.is_public(obj)]
                with connection.cursor() as cursor:
                    backend.insert(cursor, docs)
                IndexedDocument.objects.using(using).bulk_create(
                    [IndexedDocument(kind=reg.kind, object_id=d.pk, score=d.score) for d in docs]
                )
                count += len(docs)
                last_pk = objs[-1].pk
                if len(objs) < batch_size:
                    break
            stats[reg.label] = count
        with connection.cursor() as cursor:
            backend.optimize(cursor)
    stats["seconds"] = round(time.perf_counter() - started, 2)
    return stats
