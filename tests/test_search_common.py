"""The commonest terms' bitmaps (search.common): chosen at a rebuild, exact through every edit,
and what list pages and site search count from."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

import search
from cases.models import CaseStudy
from core.services import entry_archive
from search import common, registry
from search.backends import backend_for
from search.models import CommonTerm
from search.text import parse_query
from tests.factories import CaseStudyFactory, VerticalFactory

pytestmark = pytest.mark.django_db

QUERIES = ["大模型", "智能", "AI", "大模型 智能"]


@pytest.fixture
def cases(monkeypatch):
    monkeypatch.setattr(common, "MIN_DOCS", 3)
    finance = VerticalFactory(slug="finance", name_zh="金融", name_en="Finance")
    made = [
        CaseStudyFactory(title_zh=f"银行大模型智能客服 {i}", title_en="AI agent", vertical=finance)
        for i in range(4)
    ]
    made += [CaseStudyFactory(title_zh="医院影像质控", title_en="Radiology QA") for _ in range(2)]
    call_command("rebuild_search_index")
    return made


def from_index(query: str) -> set[int]:
    """What the index itself matches (the SQL every uncached search runs)."""
    kind = registry.get(CaseStudy).kind
    sql, params = backend_for(connection).match_sql(kind, parse_query(query))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0] for row in cursor.fetchall()}


def cached(query: str) -> set[int] | None:
    bits = common.bitmap(registry.get(CaseStudy).kind, parse_query(query), using="default")
    return None if bits is None else set(bits)


def assert_cache_is_exact():
    for query in QUERIES:
        assert cached(query) == from_index(query), query


def test_a_rebuild_caches_the_terms_most_documents_hold(cases):
    keys = set(CommonTerm.objects.values_list("key", flat=True))
    assert {"g:大模型", "m:智能", "p:ai"} <= keys
    assert "g:影像" not in keys and "m:影像" not in keys  # in two documents only
    assert cached("影像") is None  # rarer terms are read from the index
    assert_cache_is_exact()


def test_documents_read_after_the_sample_join_the_bitmaps_they_match(monkeypatch, cases):
    # The sample decides the terms; every later document is matched by Keys.matched_by().
    monkeypatch.setattr(common.Collector, "SAMPLE", 2)
    CaseStudyFactory(title_zh="智能 café 大模型", title_en="AIOps 4o", vertical=cases[0].vertical)
    call_command("rebuild_search_index")
    assert {"g:大模型", "m:智能", "p:ai"} <= set(CommonTerm.objects.values_list("key", flat=True))
    assert_cache_is_exact()
    reg = registry.get(CaseStudy)
    keys = common.Keys(CommonTerm.objects.values_list("key", flat=True))
    for case in CaseStudy.objects.all():
        doc = search.indexer.build_document(reg, case)
        assert keys.matched_by(doc) == common._matching(*common._doc_keys(doc), keys.all)


def test_the_cache_follows_every_edit(cases, publisher):
    new = CaseStudyFactory(title_zh="政务大模型智能问答", title_en="AIGC hotline")
    assert_cache_is_exact()
    assert new.pk in cached("大模型") and new.pk in cached("AI")  # a prefix of AIGC

    cases[0].title_zh, cases[0].title_en = "银行风控", "Risk control"
    for name in ("summary", "challenge", "solution", "outcome"):
        setattr(cases[0], f"{name}_zh", "")
        setattr(cases[0], f"{name}_en", "")
    cases[0].save()
    assert_cache_is_exact()

    entry_archive(entry=cases[1], by=publisher)
    assert cases[1].pk not in cached("大模型")
    assert_cache_is_exact()

    draft = CaseStudyFactory(title_zh="大模型草稿", status="draft", published_at=None)
    assert draft.pk not in cached("大模型")  # drafts are never in the index
    draft.delete()
    assert_cache_is_exact()


def test_a_draft_that_was_never_public_does_not_touch_them(cases):
    from django.test.utils import CaptureQueriesContext

    draft = CaseStudyFactory(title_zh="大模型草稿", status="draft", published_at=None)
    with CaptureQueriesContext(connection) as queries:
        draft.title_zh = "大模型草稿二"
        draft.save()
    assert not [q for q in queries if "search_commonterm" in q["sql"]]


def test_list_pages_and_site_search_count_from_it(client, cases):
    assert cached("大模型") is not None
    response = client.get(reverse("cases:case_list"), {"q": "大模型"})
    assert response.context["total"] == len(from_index("大模型"))
    groups = {g.model: g for g in search.site_search("大模型 智能")}
    assert groups[CaseStudy].count == len(from_index("大模型 智能"))
    # A term that is not cached is counted from the index, with the same answer.
    response = client.get(reverse("cases:case_list"), {"q": "影像"})
    assert response.context["total"] == len(from_index("影像")) == 2
