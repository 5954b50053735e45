"""Property: for random mixed Chinese/English texts, a search returns exactly the texts that
contain the query, in the sense the index promises (see `_contains` below)."""

import os
import re

import pytest
from django.db import transaction
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from directory.models import Vendor
from search.text import CJK_RANGES, fold_separators, normalize, parse_query
from tests.factories import VendorFactory

pytestmark = pytest.mark.django_db

# Simplified and traditional forms, full-width letters, a few Latin words and digits, and the
# separators people type, FTS operators included.
CJK = list("大模型金融医疗影像客服平台政务文心银行云") + list("醫療銀行雲體")
LATIN = ["qwen", "gpt", "ai", "Ai", "ＡＩ", "ｑｗｅｎ", "4o", "72b", "near", "and", "x"]
SEPARATORS = [" ", "-", ",", "。", "、", "（", "）", '"', "*", ":", "%", "_", "\\", "\u3000"]

piece = st.one_of(
    st.sampled_from(CJK),
    st.sampled_from(CJK).map(lambda c: c * 2),
    st.sampled_from(LATIN),
    st.sampled_from(SEPARATORS),
)
texts = st.lists(piece, min_size=1, max_size=14).map("".join).filter(lambda t: len(t) <= 110)

RUN_RE = re.compile(rf"([{CJK_RANGES}]+)|((?:(?![{CJK_RANGES}])[^\W\d_])+)|(\d+)")


def _runs(text: str) -> list[tuple[str, int]]:
    """Maximal runs of CJK characters (kind 1), letters (2) or digits (3), normalised; the
    separators people write inside names do not break a CJK run (悟道·天鹰 = 悟道天鹰)."""
    return [(m.group(), m.lastindex) for m in RUN_RE.finditer(fold_separators(normalize(text)))]


def _term_in(term: list[tuple[str, int]], doc: list[tuple[str, int]]) -> bool:
    """A query term matches where its runs line up with consecutive runs of the text.

    Separators are ignored. A single run matches inside a CJK run, or as the prefix of a
    word; with several runs the first must end a run of the text (a whole word if Latin),
    the middle ones equal runs of the text, and the last start one (prefix).
    """
    if len(term) == 1:
        run, kind = term[0]
        return any(k == kind and (run in r if kind == 1 else r.startswith(run)) for r, k in doc)
    for i in range(len(doc) - len(term) + 1):
        window = doc[i : i + len(term)]
        if any(k != qk for (_, k), (_, qk) in zip(window, term, strict=True)):
            continue
        (first, kind), (last, _) = term[0], term[-1]
        if not (window[0][0].endswith(first) if kind == 1 else window[0][0] == first):
            continue
        middle = zip(window[1:-1], term[1:-1], strict=True)
        if all(w == q for (w, _), (q, _) in middle) and window[-1][0].startswith(last):
            return True
    return False


def _contains(text: str, query: str) -> bool:
    terms = [_runs(raw) for raw in normalize(query).split()]
    doc = _runs(text)
    return all(_term_in(term, doc) for term in terms if term)


@settings(
    max_examples=int(os.environ.get("SEARCH_PROPERTY_EXAMPLES", 60)),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    docs=st.lists(texts, min_size=1, max_size=6),
    pick=st.integers(min_value=0),
    cut=st.tuples(st.integers(min_value=0), st.integers(min_value=1)),
)
# A phrase ending in a one-character prefix token (`客模模ai影`), whose character is also a gram.
@example(docs=["4o行融客客模模ai影影融銀銀"], pick=0, cut=(5, 5))
def test_search_finds_exactly_the_texts_containing_the_query(db, docs, pick, cut):
    source = docs[pick % len(docs)]
    start = cut[0] % len(source)
    query = source[start : start + 1 + cut[1] % 12]
    assume(parse_query(query))
    with transaction.atomic():
        vendors = [
            VendorFactory(name_zh=text, name_en="", summary_zh="", summary_en="", province="")
            for text in docs
        ]
        found = Vendor.objects.published().search(query)
        expected = {v.pk for v, text in zip(vendors, docs, strict=True) if _contains(text, query)}
        assert {v.pk for v in found} == expected
        assert found.count() == len(expected)
        if all(RUN_RE.fullmatch(c) and c in "".join(CJK) for c in query):
            # Any run of Chinese characters is found in every text that holds it.
            assert vendors[pick % len(docs)].pk in expected
        transaction.set_rollback(True)


def engine_finds(text: str, query: str) -> bool:
    """What the real search says about one text (the property above trusts `_contains`)."""
    vendor = VendorFactory(name_zh=text, name_en="", summary_zh="", summary_en="", province="")
    return vendor in Vendor.objects.published().search(query)


# Known answers: both the test's own `_contains` and the real search must agree with them, so a
# broken ground truth cannot make the property above pass against a broken engine.
FOUND = [
    ("医疗影像", "疗影"),
    ("医疗影像", "像"),
    ("qwen大模型", "qwen大"),
    ("GPT-4o大模型", "4o大模"),
    ("金融，客服", "融，客"),
    # Separators inside names fold (issue 14): spacing and · - _ / between CJK characters.
    ("医疗 影像", "医疗影像"),
    ("悟道·天鹰", "道天"),
    ("悟道天鹰", "悟道-天鹰"),
    ("ＱＷＥＮ大模型", "qwen"),
    ("醫療影像", "医疗"),
]
NOT_FOUND = [
    ("医疗影像", "医像"),
    ("医疗，影像", "医疗影像"),
    ("qwen", "wen"),
    ("金融客服", "客服金融"),
]


@pytest.mark.parametrize(("text", "query"), FOUND)
def test_ground_truth_and_the_engine_find_what_is_there(text, query):
    assert _contains(text, query)
    assert engine_finds(text, query)


@pytest.mark.parametrize(("text", "query"), NOT_FOUND)
def test_ground_truth_and_the_engine_reject_what_is_not_there(text, query):
    assert not _contains(text, query)
    assert not engine_finds(text, query)
