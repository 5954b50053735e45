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

from .text import CJK_RE, FIELD_BREAK, Streams, Term

_BREAK = f" {FIELD_BREAK} "

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
    """One object's index content: token streams of its title, summary and body fields."""

    kind: int
    pk: int
    score: int
    title: Streams = field(default_factory=Streams)
    summary: Streams = field(default_factory=Streams)
    body: Streams = field(default_factory=Streams)

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
    # FTS5 keeps every token, so the break must be one no query can reach, not even as a
    # prefix: a non-ASCII symbol (a token for the `ascii` tokenizer, never one of ours).
    field_break = " \u00a6 "

    words = "search_word"
    max_expansion = 32

    def create_schema(self, cursor) -> None:
        # `ascii` only splits on ASCII separators: our tokens arrive pre-cut, space-separated.
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {self.table} USING fts5(t, s, b, tokenize='ascii')"
        )
        # The Latin words ever indexed: a prefix query is expanded into the words it covers.
        # (fts5vocab lists them too, but counts every word's documents on the way: slow.)
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {self.words} (word TEXT PRIMARY KEY) WITHOUT ROWID"
        )

    def drop_schema(self, cursor) -> None:
        cursor.execute("DROP TABLE IF EXISTS search_index_vocab")
        cursor.execute(f"DROP TABLE IF EXISTS {self.words}")
        cursor.execute(f"DROP TABLE IF EXISTS {self.table}")

    def insert(self, cursor, docs: Iterable[Document]) -> None:
        docs, rows = list(docs), []
        for doc in docs:
            title, summary, body = (
                part.text().replace(_BREAK, self.field_break)
                for part in (doc.title, doc.summary, doc.body)
            )
            rows.append((row_id(doc.kind, TIER_ALL, doc.score, doc.pk), title, summary, body))
            if title or summary:
                rows.append((row_id(doc.kind, TIER_SUMMARY, doc.score, doc.pk), title, summary, ""))
            if title:
                rows.append((row_id(doc.kind, TIER_TITLE, doc.score, doc.pk), title, "", ""))
        if rows:
            cursor.executemany(
                f"INSERT INTO {self.table} (rowid, t, s, b) VALUES (%s, %s, %s, %s)", rows
            )
            words = set().union(*(p.words for d in docs for p in (d.title, d.summary, d.body)))
            cursor.executemany(
                f"INSERT OR IGNORE INTO {self.words} (word) VALUES (%s)", [(w,) for w in words]
            )

    def delete(self, cursor, rowids: Sequence[int]) -> None:
        for start in range(0, len(rowids), 500):
            chunk = rowids[start : start + 500]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM {self.table} WHERE rowid IN ({marks})", chunk)

    def clear(self, cursor, kind: int | None = None) -> None:
        if kind is None:
            cursor.execute(f"DELETE FROM {self.table}")
            cursor.execute(f"DELETE FROM {self.words}")
        else:
            low = kind << KIND_SHIFT
            cursor.execute(
                f"DELETE FROM {self.table} WHERE rowid BETWEEN %s AND %s",
                [low, low | ((1 << KIND_SHIFT) - 1)],
            )

    def optimize(self, cursor) -> None:
        cursor.execute(f"INSERT INTO {self.table} ({self.table}) VALUES ('optimize')")

    def before_bulk_load(self, cursor) -> None:
        pass

    def after_bulk_load(self, cursor) -> None:
        pass

    @staticmethod
    def _phrase(term: Term) -> str:
        parts = [
            '"' + tok.text.replace('"', '""') + '"' + ("*" if tok.prefix else "") for tok in term
        ]
        return "(" + " + ".join(parts) + ")"

    def expression(self, terms: Sequence[Term]) -> tuple[str, list]:
        """An SQL expression for the FTS5 query string, and its parameters.

        Every token is quoted, so the user's text never reaches FTS5 syntax. A lone Latin
        prefix (`qw`, `ai`) becomes an OR of the words it covers, read from the word list in
        the same statement: FTS5 walks an OR lazily (a LIMIT stops it early), whereas a prefix
        query without a prefix index first merges every matching word's full list.
        """
        pieces, params = [], []
        for i, term in enumerate(terms):
            glue = " AND " if i else ""
            token = term[0]
            if len(term) == 1 and token.prefix and not CJK_RE.match(token.text):
                pieces.append(
                    "(SELECT CASE WHEN count(*) BETWEEN 1 AND %s "
                    "THEN %s || '(' || group_concat('\"' || term || '\"', ' OR ') || ')' "
                    f"ELSE %s END FROM (SELECT word AS term FROM {self.words} "
                    "WHERE word >= %s AND word < %s LIMIT %s))"
                )
                params += [
                    self.max_expansion,
                    glue,
                    glue + self._phrase(term),
                    token.text,
                    token.text + "\U0010ffff",
                    self.max_expansion + 1,
                ]
            else:
                pieces.append("%s")
                params.append(glue + self._phrase(term))
        return " || ".join(pieces), params

    def match_sql(self, kind: int, terms: Sequence[Term]) -> tuple[str, list]:
        """SQL selecting the pks of the objects of `kind` that match."""
        low, high = tier_range(kind, TIER_ALL)
        expression, params = self.expression(terms)
        return (
            f"SELECT rowid & {PK_MASK} FROM {self.table} "
            f"WHERE {self.table} MATCH ({expression}) AND rowid BETWEEN %s AND %s",
            [*params, low, high],
        )

    def ranked(self, cursor, kind, terms, limit=None, within: tuple[str, list] | None = None):
        low, high = kind_range(kind)
        expression, params = self.expression(terms)
        sql = (
            f"SELECT rowid FROM {self.table} "
            f"WHERE {self.table} MATCH ({expression}) AND rowid BETWEEN %s AND %s"
        )
        params += [low, high]
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
        expression, params = self.expression(terms)
        cursor.execute(
            f"SELECT count(*) FROM {self.table} WHERE {self.table} MATCH ({expression}) "
            "AND rowid BETWEEN %s AND %s",
            [*params, low, high],
        )
        return cursor.fetchone()[0]

    def size_bytes(self, cursor) -> int:
        try:
            cursor.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE %s", [self.table + "_%"])
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
        # The planner prices `tsvector @@ tsquery` like a cheap comparison, so for a common
        # term it prefers a sequential scan that detoasts every document's vector (50× slower
        # than the GIN bitmap). Priced at its real cost, the index wins. Needs a superuser;
        # without one, counts of very common terms are merely slower.
        cursor.execute("SAVEPOINT search_tuning")
        try:
            cursor.execute("ALTER FUNCTION ts_match_vq(tsvector, tsquery) COST 100")
            cursor.execute("RELEASE SAVEPOINT search_tuning")
        except Exception:
            cursor.execute("ROLLBACK TO SAVEPOINT search_tuning")

    def create_index(self, cursor) -> None:
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {self.table}_vec ON {self.table} USING gin (vec)"
        )

    def before_bulk_load(self, cursor) -> None:
        """A GIN index is built far faster in one go than row by row."""
        cursor.execute(f"DROP INDEX IF EXISTS {self.table}_vec")

    def after_bulk_load(self, cursor) -> None:
        self.create_index(cursor)

    def drop_schema(self, cursor) -> None:
        cursor.execute(f"DROP TABLE IF EXISTS {self.table}")

    def insert(self, cursor, docs: Iterable[Document]) -> None:
        # Fields end with a break lexeme that ts_delete() removes afterwards, leaving a gap in
        # positions so that no phrase spans two fields.
        ids, texts = [], []
        for doc in docs:
            title, summary = doc.title.text(), doc.summary.text()
            ids.append(row_id(doc.kind, TIER_ALL, doc.score, doc.pk))
            texts.append(_BREAK.join([title, summary, doc.body.text()]))
            if title or summary:
                ids.append(row_id(doc.kind, TIER_SUMMARY, doc.score, doc.pk))
                texts.append(_BREAK.join([title, summary]))
            if title:
                ids.append(row_id(doc.kind, TIER_TITLE, doc.score, doc.pk))
                texts.append(title)
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
        def lexeme(tok):
            quoted = "'" + tok.text.replace("\\", "\\\\").replace("'", "''") + "'"
            return quoted + ":*" if tok.prefix else quoted

        return " & ".join("(" + " <-> ".join(map(lexeme, term)) + ")" for term in terms)

    def match_sql(self, kind: int, terms: Sequence[Term]) -> tuple[str, list]:
        low, high = tier_range(kind, TIER_ALL)
        return (
            f"SELECT id & {PK_MASK} FROM {self.table} "
            "WHERE id BETWEEN %s AND %s AND vec @@ %s::tsquery",
            [low, high, self.expression(terms)],
        )

    probe_rows = 500

    def ranked(self, cursor, kind, terms, limit=None, within: tuple[str, list] | None = None):
        """Matching ids, best first.

        GIN cannot return rows in id order, so a term found in most documents is best served
        by walking the primary key backwards and testing each row, and any other term by the
        GIN bitmap and a sort; the planner cannot tell the two apart (it guesses, and a wrong
        guess costs seconds at 100k). So one statement does both: it tests the best
        `probe_rows` rows first (title rows: short vectors), and only when they hold fewer
        than `limit` matches takes the bitmap, whose `ORDER BY id + 0` rules out the walk.
        """
        low, high = kind_range(kind)
        query = self.expression(terms)
        if within is not None or limit is None:
            sql = f"SELECT id FROM {self.table} WHERE id BETWEEN %s AND %s AND vec @@ %s::tsquery"
            params = [low, high, query]
            if within is not None:
                sql += f" AND (id & {PK_MASK}) IN ({within[0]})"
                params += list(within[1])
            sql += " ORDER BY id + 0 DESC"
            if limit is not None:
                sql += " LIMIT %s"
                params.append(limit)
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(
            f"WITH probe AS MATERIALIZED ("
            f" SELECT id FROM (SELECT id, vec FROM {self.table} WHERE id BETWEEN %s AND %s"
            f" ORDER BY id DESC LIMIT %s) best WHERE vec @@ %s::tsquery ORDER BY id DESC LIMIT %s)"
            f" SELECT id FROM probe WHERE (SELECT count(*) FROM probe) >= %s"
            f" UNION ALL"
            f" SELECT id FROM (SELECT id FROM {self.table} WHERE id BETWEEN %s AND %s"
            f" AND vec @@ %s::tsquery ORDER BY id + 0 DESC LIMIT %s) bitmap"
            f" WHERE (SELECT count(*) FROM probe) < %s"
            f" ORDER BY id DESC",
            [low, high, self.probe_rows, query, limit, limit, low, high, query, limit, limit],
        )
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
