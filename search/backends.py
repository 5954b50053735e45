"""The two index backends: an FTS5 table on SQLite, a GIN-indexed tsvector table on PostgreSQL.

Both store up to three rows per document, with a 63-bit id that encodes how it ranks:

    kind (10 bits) | tier (2 bits) | static score (19 bits) | object pk (32 bits)

Tier 3 holds the title, tier 2 title + summary, tier 1 everything (title, summary, body). A
walk of the matching rows of one kind by descending id therefore meets documents in rank order
(title match > summary match > body match, then verified/featured/recent by static score), so
the first page needs only the first few matching rows (`ORDER BY id DESC LIMIT 3·n`), however
common the term; the total is a count of the tier-1 rows.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .text import FIELD_BREAK, Term

KIND_SHIFT, TIER_SHIFT, SCORE_SHIFT = 53, 51, 32
PK_MASK = (1 << 32) - 1
TIER_TITLE, TIER_SUMMARY, TIER_ALL = 3, 2, 1


def row_id(kind: int, tier: int, score: int, pk: int) -> int:
    return (kind << KIND_SHIFT) | (tier << TIER_SHIFT) | (score << SCORE_SHIFT) | pk


def kind_range(kind: int) -> tuple[int, int]:
    base = kind << KIND_SHIFT
    return base | (TIER_ALL << TIER_SHIFT), base | ((1 << KIND_SHIFT) - 1)


def tier_range(kind: int, tier: int) -> tuple[int, int]:
    low = (kind << KIND_SHIFT) | (tier << TIER_SHIFT)
    return low, low | ((1 << TIER_SHIFT) - 1)


def object_pk(rowid: int) -> int:
    return rowid & PK_MASK


@dataclass
class Document:
    """One object's index content: token streams per field group (fields joined by a break)."""

    kind: int
    pk: int
    score: int
    title: list[str] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    title_cjk: list[str] = field(default_factory=list)
    summary_cjk: list[str] = field(default_factory=list)
    body_cjk: list[str] = field(default_factory=list)

    def row_ids(self) -> list[int]:
        return [row_id(self.kind, tier, self.score, self.pk) for tier in self.tiers()]

    def tiers(self) -> list[int]:
        tiers = [TIER_ALL]
        if self.summary or self.title:
            tiers.append(TIER_SUMMARY)
        if self.title:
            tiers.append(TIER_TITLE)
        return tiers


class SQLiteBackend:
    table = "search_index"

    def create_schema(self, cursor) -> None:
        # `ascii` only splits on ASCII separators: our tokens arrive pre-cut, space-separated.
        # prefix='1' keeps one-character prefix queries (a lone 金, a Latin initial) cheap.
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {self.table} "
            "USING fts5(t, s, b, tokenize='ascii', prefix='1')"
        )

    def drop_schema(self, cursor) -> None:
        cursor.execute(f"DROP TABLE IF EXISTS {self.table}")

    def insert(self, cursor, docs: Iterable[Document]) -> None:
        rows = []
        for doc in docs:
            title, summary, body = " ".join(doc.title), " ".join(doc.summary), " ".join(doc.body)
            rows.append((row_id(doc.kind, TIER_ALL, doc.score, doc.pk), title, summary, body))
            if title or summary:
                rows.append((row_id(doc.kind, TIER_SUMMARY, doc.score, doc.pk), title, summary, ""))
            if title:
                rows.append((row_id(doc.kind, TIER_TITLE, doc.score, doc.pk), title, "", ""))
        if rows:
            cursor.executemany(
                f"INSERT INTO {self.table} (rowid, t, s, b) VALUES (%s, %s, %s, %s)", rows
            )

    def delete(self, cursor, rowids: Sequence[int]) -> None:
        for start in range(0, len(rowids), 500):
            chunk = rowids[start : start + 500]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM {self.table} WHERE rowid IN ({marks})", chunk)

    def clear(self, cursor, kind: int | None = None) -> None:
        if kind is None:
            cursor.execute(f"DELETE FROM {self.table}")
        else:
            low = kind << KIND_SHIFT
            cursor.execute(
                f"DELETE FROM {self.table} WHERE rowid BETWEEN %s AND %s",
                [low, low | ((1 << KIND_SHIFT) - 1)],
            )

    def optimize(self, cursor) -> None:
        cursor.execute(f"INSERT INTO {self.table} ({self.table}) VALUES ('optimize')")

    @staticmethod
    def expression(terms: Sequence[Term]) -> str:
        phrases = []
        for term in terms:
            parts = [
                '"' + tok.text.replace('"', '""') + '"' + ("*" if tok.prefix else "")
                for tok in term
            ]
            phrases.append("(" + " + ".join(parts) + ")")
        return " AND ".join(phrases)

    def match_sql(self, kind: int, terms: Sequence[Term]) -> tuple[str, list]:
        """SQL selecting the pks of the objects of `kind` that match."""
        low, high = tier_range(kind, TIER_ALL)
        return (
            f"SELECT rowid & {PK_MASK} FROM {self.table} "
            f"WHERE {self.table} MATCH %s AND rowid BETWEEN %s AND %s",
            [self.expression(terms), low, high],
        )

    def ranked(self, cursor, kind, terms, limit=None, within: tuple[str, list] | None = None):
        low, high = kind_range(kind)
        sql = (
            f"SELECT rowid FROM {self.table} "
            f"WHERE {self.table} MATCH %s AND rowid BETWEEN %s AND %s"
        )
        params = [self.expression(terms), low, high]
        if within is not None:
            sql += f" AND (rowid & {PK_MASK}) IN ({within[0]})"
            params += list(within[1])
        sql += " ORDER BY rowid DESC"
        if limit is not None:
            sql += " LIMIT %s"
            params.append(limit)
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]

    def count(self, cursor, kind, terms) -> int:
        low, high = tier_range(kind, TIER_ALL)
        cursor.execute(
            f"SELECT count(*) FROM {self.table} WHERE {self.table} MATCH %s "
            "AND rowid BETWEEN %s AND %s",
            [self.expression(terms), low, high],
        )
        return cursor.fetchone()[0]

    def size_bytes(self, cursor) -> int:
        try:
            cursor.execute(
                "SELECT sum(pgsize) FROM dbstat WHERE name = %s OR name LIKE %s",
                [self.table, self.table + "\\_%"],
            )
            return cursor.fetchone()[0] or 0
        except Exception:  # dbstat is an optional SQLite module
            total = 0
            for sql in (
                f"SELECT sum(length(block)) FROM {self.table}_data",
                f"SELECT sum(length(c0) + length(c1) + length(c2)) FROM {self.table}_content",
            ):
                cursor.execute(sql)
                total += cursor.fetchone()[0] or 0
            return total


class PostgresBackend:
    table = "search_entry"

    def create_schema(self, cursor) -> None:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {self.table} "
            "(id bigint PRIMARY KEY, vec tsvector NOT NULL)"
        )
        self.create_index(cursor)

    def create_index(self, cursor) -> None:
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {self.table}_vec ON {self.table} USING gin (vec)"
        )

    def drop_schema(self, cursor) -> None:
        cursor.execute(f"DROP TABLE IF EXISTS {self.table}")

    @staticmethod
    def _text(streams: list[list[str]], cjk: list[list[str]]) -> str:
        # Fields end with a break lexeme that ts_delete() removes afterwards, leaving a gap in
        # positions so no phrase spans two fields; every CJK character also becomes a lexeme
        # (after the streams) so one-character queries are exact lexeme lookups.
        parts = []
        for stream in streams:
            parts.extend(stream)
            parts.append(FIELD_BREAK)
        for chars in cjk:
            parts.extend(chars)
        return " ".join(parts)

    def insert(self, cursor, docs: Iterable[Document]) -> None:
        ids, texts = [], []
        for doc in docs:
            ids.append(row_id(doc.kind, TIER_ALL, doc.score, doc.pk))
            texts.append(
                self._text(
                    [doc.title, doc.summary, doc.body],
                    [doc.title_cjk, doc.summary_cjk, doc.body_cjk],
                )
            )
            if doc.title or doc.summary:
                ids.append(row_id(doc.kind, TIER_SUMMARY, doc.score, doc.pk))
                texts.append(self._text([doc.title, doc.summary], [doc.title_cjk, doc.summary_cjk]))
            if doc.title:
                ids.append(row_id(doc.kind, TIER_TITLE, doc.score, doc.pk))
                texts.append(self._text([doc.title], [doc.title_cjk]))
        if ids:
            cursor.execute(
                f"INSERT INTO {self.table} (id, vec) "
                "SELECT x.id, ts_delete(to_tsvector('simple', x.body), %s) "
                "FROM unnest(%s::bigint[], %s::text[]) AS x(id, body)",
                [FIELD_BREAK, ids, texts],
            )

    def delete(self, cursor, rowids: Sequence[int]) -> None:
        if rowids:
            cursor.execute(f"DELETE FROM {self.table} WHERE id = ANY(%s)", [list(rowids)])

    def clear(self, cursor, kind: int | None = None) -> None:
        if kind is None:
            cursor.execute(f"TRUNCATE {self.table}")
        else:
            low = kind << KIND_SHIFT
            cursor.execute(
                f"DELETE FROM {self.table} WHERE id BETWEEN %s AND %s",
                [low, low | ((1 << KIND_SHIFT) - 1)],
            )

    def optimize(self, cursor) -> None:
        cursor.execute(f"ANALYZE {self.table}")

    @staticmethod
    def expression(terms: Sequence[Term]) -> str:
        def lexeme(tok, alone):
            quoted = "'" + tok.text.replace("\\", "\\\\").replace("'", "''") + "'"
            if tok.prefix and not (alone and tok.is_single_cjk):
                quoted += ":*"
            return quoted

        phrases = [
            "(" + " <-> ".join(lexeme(tok, len(term) == 1) for tok in term) + ")" for term in terms
        ]
        return " & ".join(phrases)

    def match_sql(self, kind: int, terms: Sequence[Term]) -> tuple[str, list]:
        low, high = tier_range(kind, TIER_ALL)
        return (
            f"SELECT id & {PK_MASK} FROM {self.table} "
            "WHERE id BETWEEN %s AND %s AND vec @@ %s::tsquery",
            [low, high, self.expression(terms)],
        )

    def ranked(self, cursor, kind, terms, limit=None, within: tuple[str, list] | None = None):
        low, high = kind_range(kind)
        sql = f"SELECT id FROM {self.table} WHERE id BETWEEN %s AND %s AND vec @@ %s::tsquery"
        params = [low, high, self.expression(terms)]
        if within is not None:
            sql += f" AND (id & {PK_MASK}) IN ({within[0]})"
            params += list(within[1])
        sql += " ORDER BY id DESC"
        if limit is not None:
            sql += " LIMIT %s"
            params.append(limit)
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]

    def count(self, cursor, kind, terms) -> int:
        low, high = tier_range(kind, TIER_ALL)
        cursor.execute(
            f"SELECT count(*) FROM {self.table} WHERE id BETWEEN %s AND %s AND vec @@ %s::tsquery",
            [low, high, self.expression(terms)],
        )
        return cursor.fetchone()[0]

    def size_bytes(self, cursor) -> int:
        cursor.execute("SELECT pg_total_relation_size(%s)", [self.table])
        return cursor.fetchone()[0] or 0


def backend_for(connection):
    if connection.vendor == "postgresql":
        return PostgresBackend()
    if connection.vendor == "sqlite":
        return SQLiteBackend()
    raise NotImplementedError(f"search has no backend for {connection.vendor}")
