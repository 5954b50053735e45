"""Bitmaps of the commonest terms: a search for a word most documents hold costs a bitmap read.

Counting a term found in 90% of 100,000 documents means reading 90,000 ids out of the index
(25-80 ms of CPU, ten times more at ten times the documents). For the commonest terms of each
kind (the `PER_STREAM` most frequent grams and words with at least `MIN_DOCS` documents,
chosen from a sample while a rebuild reads every document), `CommonTerm` keeps the roaring
bitmap of the documents that match, updated with the index itself in the writer's
transaction. A search whose every term is one of them is then counted (and faceted,
core.listing) by intersecting a few bitmaps; any other search reads its matches from the index
as before, and those are few: its terms are rarer than the cached ones.

A term's key says how a query looks it up (search.text.parse_query):

    g:大模型  a CJK character or trigram, in the grams
    m:智能    a CJK bigram, in the main stream
    p:ai     a Latin word or number, as a prefix (the last Latin word of a term always is)
"""

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from pyroaring import BitMap

from .backends import EXACT_MARK, Document, _is_gram
from .text import CJK_RANGES, CJK_RE, FIELD_BREAK, Term, Token

MIN_DOCS = 1_000
PER_STREAM = 128  # grams and main-stream tokens each: ≤ 256 bitmaps per kind


def _store():
    from .models import CommonTerm  # querysets import this module before models are ready

    return CommonTerm


def key_of(term: Term) -> str | None:
    """The cache key of a one-token query term, or None (phrases are never cached)."""
    if len(term) != 1:
        return None
    token = term[0]
    if _is_gram(term):
        return "g:" + token.text
    if CJK_RE.match(token.text):
        return None if token.prefix or len(token.text) != 2 else "m:" + token.text
    return "p:" + token.text if token.prefix else None


def term_of(key: str) -> Term:
    stream, text = key.split(":", 1)
    return (Token(text, prefix=stream == "p"),)


def _doc_keys(doc: Document) -> tuple[set[str], set[str]]:
    """(exact keys, Latin words) of a document: what decides which cached terms it matches."""
    exact, words = set(), set()
    for part in doc.parts:
        # Exact-name keys (EXACT_MARK) are looked up by the ranking, never by a query term.
        exact.update("g:" + gram for gram in part.grams.split() if gram[0] != EXACT_MARK)
        for token in part.main.split():
            if token == FIELD_BREAK:
                continue
            if CJK_RE.match(token):
                if len(token) == 2:
                    exact.add("m:" + token)
            else:
                words.add(token)
    return exact, words


def _matching(exact: set[str], words: set[str], keys: set[str]) -> set[str]:
    """Which of `keys` a document with these exact keys and Latin words matches."""
    found = exact & keys
    found.update(
        key for word in words for i in range(1, len(word) + 1) if (key := "p:" + word[:i]) in keys
    )
    return found


# The non-CJK tokens of a main stream (Latin words, numbers and the field break): CJK tokens
# are CJK only, so a run of neither space nor CJK is always one whole token.
_NON_CJK_TOKEN_RE = re.compile(rf"[^\s{CJK_RANGES}]+")


class Keys:
    """A set of cached keys, split by stream so that a document is matched against them with
    set intersections over its token lists (no per-token Python work: a rebuild and every
    edit match each document)."""

    def __init__(self, keys: Iterable[str]):
        self.all = set(keys)
        by_stream: dict[str, set[str]] = {"g": set(), "m": set(), "p": set()}
        for key in self.all:
            stream, text = key.split(":", 1)
            by_stream[stream].add(text)
        self.grams, self.mains, self.prefixes = by_stream["g"], by_stream["m"], by_stream["p"]
        self.longest_prefix = max(map(len, self.prefixes), default=0)

    def matched_by(self, doc: Document) -> set[str]:
        """The keys `doc` matches (as `_matching(*_doc_keys(doc), keys)`, only faster)."""
        found: set[str] = set()
        for part in doc.parts:
            if self.grams and part.grams:
                found.update("g:" + g for g in self.grams.intersection(part.grams.split()))
            if self.mains and part.main:
                found.update("m:" + t for t in self.mains.intersection(part.main.split()))
            if self.prefixes and part.main:
                for word in set(_NON_CJK_TOKEN_RE.findall(part.main)) - {FIELD_BREAK}:
                    for i in range(1, min(len(word), self.longest_prefix) + 1):
                        if word[:i] in self.prefixes:
                            found.add("p:" + word[:i])
        return found


def bitmaps(kinds: Iterable[int], terms: Sequence[Term], *, using: str) -> dict[int, BitMap]:
    """For each kind in which every term is cached, the documents matching them all (one
    query for all the kinds; none when a term is a phrase)."""
    keys = [key_of(term) for term in terms]
    if not keys or None in keys:
        return {}
    found: dict[int, dict[str, bytes]] = {}
    rows = _store().objects.using(using).filter(kind__in=list(kinds), key__in=set(keys))
    for kind, key, bits in rows.values_list("kind", "key", "bits"):
        found.setdefault(kind, {})[key] = bytes(bits)
    return {
        kind: BitMap.intersection(*(BitMap.deserialize(by_key[key]) for key in keys))
        for kind, by_key in found.items()
        if len(by_key) == len(set(keys))
    }


def bitmap(kind: int, terms: Sequence[Term], *, using: str) -> BitMap | None:
    """The documents matching every term, when every term is cached; else None."""
    return bitmaps([kind], terms, using=using).get(kind)


def apply(kind: int, removed: Iterable[int], added: Sequence[Document], *, using: str) -> None:
    """Take `removed` out of the kind's cached bitmaps and put `added` in the ones they match.

    Runs in the index writer's transaction; writes only the bitmaps that changed (an edit that
    keeps a document's common words writes none)."""
    removed = BitMap(removed)
    store = _store()
    rows = list(store.objects.using(using).filter(kind=kind).only("key", "bits"))
    keys = Keys(row.key for row in rows)
    joining: dict[str, list[int]] = {}
    for doc in added:
        for key in keys.matched_by(doc):
            joining.setdefault(key, []).append(doc.pk)
    changed = []
    for row in rows:
        before = BitMap.deserialize(bytes(row.bits))
        bits = (before - removed) | BitMap(joining.get(row.key, ()))
        if bits != before:
            row.bits, row.docs = bits.serialize(), len(bits)
            changed.append(row)
    store.objects.using(using).bulk_update(changed, ["bits", "docs"])


class Collector:
    """Gathers a kind's common terms while a rebuild reads each of its documents once.

    The first `SAMPLE` documents decide which terms are common (by their share of the sample,
    projected on `total`); from then on each document is added to the bitmaps it matches."""

    SAMPLE = 2_000

    def __init__(self, kind: int, total: int):
        self.kind, self.total = kind, max(total, 1)
        self.sample: list[tuple[int, set[str], set[str]]] = []
        self.bitmaps: dict[str, BitMap] | None = None

    def add(self, doc: Document) -> None:
        if self.bitmaps is None:
            self.sample.append((doc.pk, *_doc_keys(doc)))
            if len(self.sample) >= self.SAMPLE:
                self._choose()
            return
        for key in self._keys.matched_by(doc):
            self.bitmaps[key].add(doc.pk)

    def _choose(self) -> None:
        counts: Counter[str] = Counter()
        for _pk, exact, words in self.sample:
            counts.update(exact)
            counts.update({"p:" + w[:i] for w in words for i in range(1, len(w) + 1)})
        whole_words = {"p:" + w for _pk, _exact, words in self.sample for w in words}
        needed = MIN_DOCS * len(self.sample) / self.total
        grams, others = [], []
        for key, n in counts.most_common():
            if n < needed:
                break
            if key.startswith("g:"):
                grams.append(key)
            elif not key.startswith("p:") or key in whole_words:
                others.append(key)
        self._keys = Keys(grams[:PER_STREAM] + others[:PER_STREAM])
        self.bitmaps = {key: BitMap() for key in self._keys.all}
        for pk, exact, words in self.sample:
            for key in _matching(exact, words, self._keys.all):
                self.bitmaps[key].add(pk)
        self.sample = []

    def save(self, *, using: str) -> int:
        """Replace the kind's stored common terms with those gathered; returns their number."""
        if self.bitmaps is None:
            self._choose()
        store = _store()
        store.objects.using(using).filter(kind=self.kind).delete()
        rows = [
            store(kind=self.kind, key=key, bits=bits.serialize(), docs=len(bits))
            for key, bits in sorted(self.bitmaps.items())
            if len(bits) >= MIN_DOCS
        ]
        store.objects.using(using).bulk_create(rows)
        return len(rows)
