"""The two index backends: FTS5 tables on SQLite, a GIN-indexed tsvector table on PostgreSQL.

Both store one row per document, under a 61-bit id that encodes how it ranks:

    kind (10 bits) | static score (19 bits) | object pk (32 bits)

and keep the document's title, summary and body apart (FTS5 columns; PostgreSQL weights A, B
and D), so a search walks the matches three times by descending id — matches in the title,
in the title or summary, anywhere — and meets documents in rank order (title match >
summary match > body match, then verified/featured/recent by static score). The first page
needs only the first few matches of each walk, however common the term; the total is a
count of the matches anywhere.
"""

import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .text import (
    CJK_RE,
    FIELD_BREAK,
    Streams,
    Term,
    Token,
    exact_keys,
    streams_of,
    words_of,
)

KIND_SHIFT, SCORE_SHIFT = 51, 32
PK_MASK = (1 << 32) - 1
SCORE_BITS = 19

# Rank tiers: where the terms matched. A rank is `tier << SCORE_BITS | score`.
TIER_TITLE, TIER_SUMMARY, TIER_ALL = 3, 2, 1
# Above every tier: the query is one of the document's names, whole (`问道` is 问道 itself,
# before 云中问道). Never stored: `ranked(exact=…)` finds them by their title's keys.
TIER_EXACT = 4
# Marks a title's exact-match keys among its grams: no query token starts with it.
EXACT_MARK = "§"
EXACT_LIMIT = 10


def row_id(kind: int, score: int, pk: int) -> int:
    return (kind << KIND_SHIFT) | (score << SCORE_SHIFT) | pk


def kind_range(kind: int) -> tuple[int, int]:
    base = kind << KIND_SHIFT
    return base, base | ((1 << KIND_SHIFT) - 1)


def object_pk(rowid: int) -> int:
    return rowid & PK_MASK


def rank_of(tier: int, rowid: int) -> int:
    score = (rowid >> SCORE_SHIFT) & ((1 << SCORE_BITS) - 1)
    return (tier << SCORE_BITS) | score


@dataclass
class Document:
    """One object's index content: the normalised text and token streams of its three parts."""

    kind: int
    pk: int
    score: int
    sources: tuple[str, str, str] = ("", "", "")  # normalised title, summary, body
    parts: tuple[Streams, Streams, Streams] = field(
        default_factory=lambda: (Streams(), Streams(), Streams())
    )

    @classmethod
    def from_sources(cls, kind: int, pk: int, score: int, sources: tuple[str, str, str]):
        title, summary, body = (streams_of(s) for s in sources)
        keys = " ".join(EXACT_MARK + key for key in exact_keys(sources[0]))
        if keys:
            title.grams = f"{title.grams} {keys}" if title.grams else keys
        # A gram is looked up in the title; in the title or summary; anywhere: each part
        # needs only the grams the parts before it lack (a fifth fewer tokens to index).
        seen = set(title.grams.split())
        summary.grams = " ".join(g for g in summary.grams.split() if g not in seen)
        seen.update(summary.grams.split())
        body.grams = " ".join(g for g in body.grams.split() if g not in seen)
        return cls(kind, pk, score, sources, (title, summary, body))

    @property
    def row_id(self) -> int:
        return row_id(self.kind, self.score, self.pk)


def _is_gram(term: Term) -> bool:
    """A lone CJK character or trigram: looked up in the position-less grams."""
    if len(term) != 1:
        return False
    token = term[0]
    return not token.prefix and len(token.text) in (1, 3) and bool(CJK_RE.match(token.text))


def split_terms(terms: Sequence[Term]) -> tuple[list[Term], list[Term]]:
    """(phrase terms, for the positional stream; gram terms, for the grams)."""
    return [t for t in terms if not _is_gram(t)], [t for t in terms if _is_gram(t)]


class SQLiteBackend:
    """Two contentless FTS5 tables with columns t, s, b, and the text they were built from.

    `search_index` holds the positional stream (phrases), `search_grams` the trigrams and
    characters with `detail=column` (no positions: 40% smaller). Contentless tables keep no
    copy of their text; deleting a row from one needs the tokens it was built from (SQLite
    before 3.43 has no contentless-delete), so `search_source` keeps each document's
    normalised text, compressed, and a reindex re-tokenises it to delete the old row.
    """

    table = "search_index"
    grams = "search_grams"
    source = "search_source"
    words = "search_word"
    # FTS5 keeps every token, so the break must be one no query can reach, not even as a
    # prefix: a non-ASCII symbol (a token for the `ascii` tokenizer, never one of ours).
    field_break = "\u00a6"
    max_expansion = 32
    bulk_cache_kib = -262144  # 256 MiB of page cache while a rebuild loads the index
    _sep = "\x1e"

    def create_schema(self, cursor) -> None:
        # `ascii` only splits on ASCII separators: our tokens arrive pre-cut, space-separated.
        # columnsize=0: nothing reads per-column token counts (no bm25).
        common = "t, s, b, tokenize='ascii', content='', columnsize=0"
        cursor.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS {self.table} USING fts5({common})")
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {self.grams} USING fts5({common}, detail=column)"
        )
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {self.source} (id INTEGER PRIMARY KEY, data BLOB NOT NULL)"
        )
        # The Latin words ever indexed: a prefix query is expanded into the words it covers.
        # (fts5vocab lists them too, but counts every word's documents on the way: slow.)
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {self.words} (word TEXT PRIMARY KEY) WITHOUT ROWID"
        )

    def drop_schema(self, cursor) -> None:
        for table in (self.words, self.source, self.grams, self.table):
            cursor.execute(f"DROP TABLE IF EXISTS {table}")

    def _columns(self, parts) -> tuple[list[str], list[str]]:
        mains = [p.main.replace(FIELD_BREAK, self.field_break) for p in parts]
        return mains, [p.grams for p in parts]

    def insert(self, cursor, docs: Iterable[Document]) -> None:
        main_rows, gram_rows, source_rows = [], [], []
        primed = None  # a compressor that has read the dictionary: copied for each document
        for doc in docs:
            if primed is None:
                primed = zlib.compressobj(6, zdict=self._dictionary(cursor))
            rowid = doc.row_id
            mains, grams = self._columns(doc.parts)
            main_rows.append((rowid, *mains))
            gram_rows.append((rowid, *grams))
            compressor = primed.copy()
            data = compressor.compress(self._sep.join(doc.sources).encode()) + compressor.flush()
            source_rows.append((rowid, data))
        if not main_rows:
            return
        for table, rows in ((self.table, main_rows), (self.grams, gram_rows)):
            cursor.executemany(
                f"INSERT INTO {table} (rowid, t, s, b) VALUES (%s, %s, %s, %s)", rows
            )
        cursor.executemany(f"INSERT INTO {self.source} (id, data) VALUES (%s, %s)", source_rows)
        words = words_of(row[i] for row in main_rows for i in (1, 2, 3)) - {self.field_break}
        cursor.executemany(
            f"INSERT OR IGNORE INTO {self.words} (word) VALUES (%s)", [(w,) for w in words]
        )

    def delete(self, cursor, rowids: Sequence[int]) -> None:
        for start in range(0, len(rowids), 500):
            chunk = list(rowids[start : start + 500])
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"SELECT id, data FROM {self.source} WHERE id IN ({marks})", chunk)
            self._delete_rows(cursor, cursor.fetchall())

    def _delete_rows(self, cursor, rows) -> None:
        """Remove index rows given their stored text: FTS5's 'delete' with the same tokens."""
        main_rows, gram_rows = [], []
        zdict = self._dictionary(cursor) if rows else None
        for rowid, data in rows:
            sources = self._decompress(data, zdict).split(self._sep)
            mains, grams = self._columns(Document.from_sources(0, 0, 0, tuple(sources)).parts)
            main_rows.append((rowid, *mains))
            gram_rows.append((rowid, *grams))
        for table, rows_ in ((self.table, main_rows), (self.grams, gram_rows)):
            cursor.executemany(
                f"INSERT INTO {table} ({table}, rowid, t, s, b) VALUES ('delete', %s, %s, %s, %s)",
                rows_,
            )
        cursor.executemany(f"DELETE FROM {self.source} WHERE id = %s", [(r[0],) for r in rows])

    # The texts are short and share most of their words: compressed alone they shrink to
    # ~60%, against a dictionary of sample documents (zlib's preset dictionary) to ~15-25%.
    # The dictionary is chosen by a full rebuild, which rewrites every row; row -1 keeps it.
    _DICTIONARY_ID = -1
    _DEFAULT_DICTIONARY = "大模型 智能 平台 数据 服务 ai model".encode()

    def _dictionary(self, cursor) -> bytes:
        cursor.execute(f"SELECT data FROM {self.source} WHERE id = %s", [self._DICTIONARY_ID])
        row = cursor.fetchone()
        return bytes(row[0]) if row else self._DEFAULT_DICTIONARY

    @staticmethod
    def _decompress(data: bytes, zdict: bytes) -> str:
        return zlib.decompressobj(zdict=zdict).decompress(data).decode()

    def before_bulk_load(self, cursor, sample: Sequence[Document] = ()) -> None:
        text = self._sep.join(self._sep.join(doc.sources) for doc in sample).encode()
        if text:
            cursor.execute(
                f"INSERT INTO {self.source} (id, data) VALUES (%s, %s)",
                [self._DICTIONARY_ID, text[-32768:]],
            )
        # Segments are merged once at the end ('optimize') rather than while loading, with a
        # page cache that holds them (this connection only, until after_bulk_load()).
        for table in (self.table, self.grams):
            cursor.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('automerge', 0)")
        cursor.execute("PRAGMA cache_size")
        self._cache_size = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = {self.bulk_cache_kib}")

    def clear(self, cursor, kind: int | None = None) -> None:
        if kind is None:
            # Dropping is far faster than deleting every row of an FTS5 table.
            self.drop_schema(cursor)
            self.create_schema(cursor)
            return
        low, high = kind_range(kind)
        cursor.execute(
            f"SELECT id, data FROM {self.source} WHERE id BETWEEN %s AND %s",
            [max(low, 0), high],
        )
        self._delete_rows(cursor, cursor.fetchall())

    def optimize(self, cursor) -> None:
        for table in (self.table, self.grams):
            cursor.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")

    def after_bulk_load(self, cursor) -> None:
        for table in (self.table, self.grams):
            cursor.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('automerge', 4)")
        self.optimize(cursor)
        cursor.execute(f"PRAGMA cache_size = {int(getattr(self, '_cache_size', -2000))}")

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

    def _where(self, kind: int, terms, columns: str = "") -> tuple[str, str, list]:
        """(table, WHERE clause, params) of the rows of `kind` matching every term.

        Phrase terms are matched in the positional table, gram terms in the grams; a query
        with both walks the first and looks the others up. `columns` ("t", "t s") restricts
        every term to those columns.
        """
        low, high = kind_range(kind)
        phrases, grams = split_terms(terms)
        clauses, params = [], []
        for table, group in ((self.table, phrases), (self.grams, grams)):
            if not group:
                continue
            expression, expression_params = self.expression(group)
            if columns:
                expression = f"'{{{columns}}} : (' || {expression} || ')'"
            if not clauses:
                driver = table
                clauses.append(f"{table} MATCH ({expression}) AND rowid BETWEEN %s AND %s")
            else:
                clauses.append(
                    f"rowid IN (SELECT rowid FROM {table} WHERE {table} MATCH ({expression}) "
                    "AND rowid BETWEEN %s AND %s)"
                )
            params += [*expression_params, low, high]
        return driver, " AND ".join(clauses), params

    def match_sql(self, kind: int, terms: Sequence[Term]) -> tuple[str, list]:
        """SQL selecting the pks of the objects of `kind` that match."""
        table, where, params = self._where(kind, terms)
        return f"SELECT rowid & {PK_MASK} FROM {table} WHERE {where}", params

    def ranked(
        self, cursor, kind, terms, limit=None, within: tuple[str, list] | None = None, exact=""
    ):
        """(pk, rank) of matching documents, best first; a document may recur, lower.

        `exact` (`text.exact_key()` of the query): matching documents with that name come
        first, found by the title's key among the grams (in the same statement)."""
        selects, params = [], []
        if exact:
            table, where, where_params = self._where(kind, terms)
            low, high = kind_range(kind)
            # A name equal to the query as letters may still not match its terms (`deep
            # seek` is no phrase of `DeepSeek`): only documents the search finds move up.
            sql = (
                f"SELECT {TIER_EXACT} AS tier, g.rowid FROM {self.grams} AS g"
                f" WHERE g.{self.grams} MATCH %s AND g.rowid BETWEEN %s AND %s"
                f" AND EXISTS (SELECT 1 FROM {table} WHERE {where} AND rowid = g.rowid)"
            )
            params += ['{t} : "' + (EXACT_MARK + exact).replace('"', '""') + '"', low, high]
            params += where_params
            if within is not None:
                sql += f" AND (g.rowid & {PK_MASK}) IN ({within[0]})"
                params += list(within[1])
            selects.append(f"SELECT * FROM ({sql} ORDER BY g.rowid DESC LIMIT {EXACT_LIMIT})")
        for tier, columns in ((TIER_TITLE, "t"), (TIER_SUMMARY, "t s"), (TIER_ALL, "")):
            table, where, where_params = self._where(kind, terms, columns)
            sql = f"SELECT {tier} AS tier, rowid FROM {table} WHERE {where}"
            params += where_params
            if within is not None:
                sql += f" AND (rowid & {PK_MASK}) IN ({within[0]})"
                params += list(within[1])
            sql += " ORDER BY rowid DESC"
            if limit is not None:
                sql += " LIMIT %s"
                params.append(limit)
            selects.append(f"SELECT * FROM ({sql})")
        cursor.execute(" UNION ALL ".join(selects), params)
        rows = sorted(cursor.fetchall(), key=lambda row: (-row[0], -row[1]))
        return [(object_pk(rowid), rank_of(tier, rowid)) for tier, rowid in rows]

    def count(self, cursor, kind, terms) -> int:
        table, where, params = self._where(kind, terms)
        cursor.execute(f"SELECT count(*) FROM {table} WHERE {where}", params)
        return cursor.fetchone()[0]

    def size_bytes(self, cursor) -> int:
        names = [self.table + "_%", self.grams + "_%", self.source, self.words]
        try:
            cursor.execute(
                "SELECT sum(pgsize) FROM dbstat WHERE "
                + " OR ".join(["name LIKE %s"] * len(names)),
                names,
            )
            return cursor.fetchone()[0] or 0
        except Exception:  # dbstat is an optional SQLite module
            total = 0
            for sql in (
                f"SELECT sum(length(block)) FROM {self.table}_data",
                f"SELECT sum(length(block)) FROM {self.grams}_data",
                f"SELECT sum(length(data)) FROM {self.source}",
            ):
                cursor.execute(sql)
                total += cursor.fetchone()[0] or 0
            return total


class PostgresBackend:
    """A tsvector table with a GIN index, up to three rows per document (one per tier).

    GIN cannot tell which part of a document a lexeme came from, so the title and the title
    + summary are indexed again in their own rows, under ids that sort by tier first:

        kind (10 bits) | tier (2 bits) | static score (19 bits) | object pk (32 bits)

    A vector holds the positional stream (ts_delete() removes the field breaks, leaving gaps
    that no phrase spans) and the grams without positions (no phrase uses them).
    """

    table = "search_entry"
    _KIND, _TIER = 53, 51
    # Grams are lexemes of their own, without positions (array_to_tsvector(): no parser) and
    # marked, so that no phrase's prefix token (`AI影` → 'ai' <-> '影':*) meets a lexeme
    # without positions, which makes PostgreSQL's phrase match fail.
    gram_mark = "|"

    def _id(self, rowid: int, tier: int) -> int:
        kind = rowid >> KIND_SHIFT
        return (kind << self._KIND) | (tier << self._TIER) | (rowid & ((1 << KIND_SHIFT) - 1))

    def _kind_range(self, kind: int, tier: int = TIER_ALL) -> tuple[int, int]:
        low = (kind << self._KIND) | (tier << self._TIER)
        high = (kind << self._KIND) | ((1 << self._KIND) - 1)
        return low, high if tier == TIER_ALL else low | ((1 << self._TIER) - 1)

    def _tier_range(self, kind: int, tier: int) -> tuple[int, int]:
        low = (kind << self._KIND) | (tier << self._TIER)
        return low, low | ((1 << self._TIER) - 1)

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

    def before_bulk_load(self, cursor, sample: Sequence[Document] = ()) -> None:
        """A GIN index is built far faster in one go than row by row."""
        cursor.execute(f"DROP INDEX IF EXISTS {self.table}_vec")

    def after_bulk_load(self, cursor) -> None:
        # Memory for the GIN build (this transaction only): fewer, larger sorted runs.
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        self.create_index(cursor)
        self.optimize(cursor)

    def drop_schema(self, cursor) -> None:
        cursor.execute(f"DROP TABLE IF EXISTS {self.table}")

    def insert(self, cursor, docs: Iterable[Document]) -> None:
        # Each part is parsed once; the tier rows are concatenations of the parts' vectors
        # (`||` shifts positions past the left side's, and each part ends with a break that
        # ts_delete() removes, so no phrase spans two parts).
        columns = [[] for _ in range(7)]
        for doc in docs:
            columns[0].append(doc.row_id)
            for i, part in enumerate(doc.parts):
                columns[1 + i].append(f"{part.main} {FIELD_BREAK}" if part else "")
                columns[4 + i].append(
                    self.gram_mark + part.grams.replace(" ", " " + self.gram_mark)
                    if part.grams
                    else ""
                )
        if not columns[0]:
            return
        vectors = (
            "SELECT x.id, ts_delete(to_tsvector('simple', x.t), %(brk)s) AS t,"
            " ts_delete(to_tsvector('simple', x.s), %(brk)s) AS s,"
            " ts_delete(to_tsvector('simple', x.b), %(brk)s) AS b,"
            " array_to_tsvector(string_to_array(x.gt, ' ')) AS gt,"
            " array_to_tsvector(string_to_array(x.gs, ' ')) AS gs,"
            " array_to_tsvector(string_to_array(x.gb, ' ')) AS gb"
            " FROM unnest(%(ids)s::bigint[], %(t)s::text[], %(s)s::text[], %(b)s::text[],"
            " %(gt)s::text[], %(gs)s::text[], %(gb)s::text[]) AS x(id, t, s, b, gt, gs, gb)"
        )
        kind_mask = (1 << KIND_SHIFT) - 1
        tier_id = (
            f"((v.id >> {KIND_SHIFT}) << {self._KIND}) | (%(tier{{}})s::bigint << {self._TIER})"
            f" | (v.id & {kind_mask})"
        )
        cursor.execute(
            f"WITH v AS MATERIALIZED ({vectors}) "
            f"INSERT INTO {self.table} (id, vec) "
            f"SELECT {tier_id.format(1)}, v.t || v.s || v.b || v.gt || v.gs || v.gb FROM v "
            f"UNION ALL SELECT {tier_id.format(2)}, v.t || v.s || v.gt || v.gs FROM v "
            f"WHERE v.t <> '' OR v.s <> '' "
            f"UNION ALL SELECT {tier_id.format(3)}, v.t || v.gt FROM v WHERE v.t <> ''",
            {
                "brk": FIELD_BREAK,
                "ids": columns[0],
                **dict(zip(("t", "s", "b", "gt", "gs", "gb"), columns[1:], strict=True)),
                "tier1": TIER_ALL,
                "tier2": TIER_SUMMARY,
                "tier3": TIER_TITLE,
            },
        )

    def delete(self, cursor, rowids: Sequence[int]) -> None:
        ids = [self._id(r, tier) for r in rowids for tier in (TIER_ALL, TIER_SUMMARY, TIER_TITLE)]
        if ids:
            cursor.execute(f"DELETE FROM {self.table} WHERE id = ANY(%s)", [ids])

    def clear(self, cursor, kind: int | None = None) -> None:
        if kind is None:
            cursor.execute(f"TRUNCATE {self.table}")
        else:
            cursor.execute(
                f"DELETE FROM {self.table} WHERE id BETWEEN %s AND %s", list(self._kind_range(kind))
            )

    def optimize(self, cursor) -> None:
        cursor.execute(f"ANALYZE {self.table}")

    @classmethod
    def expression(cls, terms: Sequence[Term]) -> str:
        def lexeme(tok):
            quoted = "'" + tok.text.replace("\\", "\\\\").replace("'", "''") + "'"
            return quoted + ":*" if tok.prefix else quoted

        def term_query(term):
            if _is_gram(term):
                return lexeme(Token(cls.gram_mark + term[0].text))
            return "(" + " <-> ".join(map(lexeme, term)) + ")"

        return " & ".join(map(term_query, terms))

    def match_sql(self, kind: int, terms: Sequence[Term]) -> tuple[str, list]:
        low, high = self._tier_range(kind, TIER_ALL)
        return (
            f"SELECT id & {PK_MASK} FROM {self.table} "
            "WHERE id BETWEEN %s AND %s AND vec @@ %s::tsquery",
            [low, high, self.expression(terms)],
        )

    probe_rows = 500

    def ranked(
        self, cursor, kind, terms, limit=None, within: tuple[str, list] | None = None, exact=""
    ):
        """(pk, rank) of matching documents, best first; a document may recur, lower.

        `exact`: matching documents with that name (`text.exact_key()`) come first.

        GIN cannot return rows in id order, so a term found in most documents is best served
        by walking the primary key backwards and testing each row, and any other term by the
        GIN bitmap and a sort; the planner cannot tell the two apart (it guesses, and a wrong
        guess costs seconds at 100k). So one statement does both: it tests the best
        `probe_rows` rows first (title rows: short vectors), and only when they hold fewer
        than `3 · limit` matches takes the bitmap, whose `ORDER BY id + 0` rules out the walk.
        """
        low, high = self._kind_range(kind)
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
                params.append(3 * limit)
        else:
            limit *= 3  # up to three rows per document
            sql, params = (
                f"WITH probe AS MATERIALIZED ("
                f" SELECT id FROM (SELECT id, vec FROM {self.table} WHERE id BETWEEN %s AND %s"
                f" ORDER BY id DESC LIMIT %s) best WHERE vec @@ %s::tsquery"
                f" ORDER BY id DESC LIMIT %s)"
                f" SELECT id FROM probe WHERE (SELECT count(*) FROM probe) >= %s"
                f" UNION ALL"
                f" SELECT id FROM (SELECT id FROM {self.table} WHERE id BETWEEN %s AND %s"
                f" AND vec @@ %s::tsquery ORDER BY id + 0 DESC LIMIT %s) bitmap"
                f" WHERE (SELECT count(*) FROM probe) < %s"
                f" ORDER BY id DESC",
                [low, high, self.probe_rows, query, limit, limit, low, high, query, limit, limit],
            )
        mask = (1 << self._TIER) - 1
        if not exact:
            cursor.execute(sql, params)
            return [
                (object_pk(pid), rank_of((pid >> self._TIER) & 3, pid & mask))
                for (pid,) in cursor.fetchall()
            ]
        # The exact matches join the walk in the same statement, marked by a second column.
        name = self.expression([(Token(self.gram_mark + EXACT_MARK + exact),)])
        exact_low, exact_high = self._tier_range(kind, TIER_ALL)
        exact_sql = (
            f"SELECT id, {TIER_EXACT} FROM {self.table} WHERE id BETWEEN %s AND %s"
            " AND vec @@ %s::tsquery"
        )
        exact_params = [exact_low, exact_high, f"{name} & ({query})"]
        if within is not None:
            exact_sql += f" AND (id & {PK_MASK}) IN ({within[0]})"
            exact_params += list(within[1])
        # `id + 0`: from the GIN bitmap, never a walk of the primary key testing each row — a
        # name key is rare, so a walk for a common query term would read every document.
        cursor.execute(
            f"SELECT * FROM ({exact_sql} ORDER BY id + 0 DESC LIMIT {EXACT_LIMIT}) e"
            f" UNION ALL SELECT id, 0 FROM ({sql}) r",
            [*exact_params, *params],
        )
        rows = [(pid, tier or (pid >> self._TIER) & 3) for pid, tier in cursor.fetchall()]
        rows.sort(key=lambda row: (-row[1], -(row[0] & mask)))
        return [(object_pk(pid), rank_of(tier, pid & mask)) for pid, tier in rows]

    def count(self, cursor, kind, terms) -> int:
        low, high = self._tier_range(kind, TIER_ALL)
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
