"""Search: recall on Chinese queries, ranking, index freshness, rebuild, hostile queries."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.utils import timezone

import search
from cases.models import CaseStudy
from core.services import entry_archive, entry_publish
from directory.models import AIModel, Vendor
from search import registry
from search.backends import backend_for
from search.models import IndexedDocument
from tests.factories import (
    AIModelFactory,
    CaseMetricFactory,
    CaseStudyFactory,
    ProductFactory,
    ScenarioFactory,
    VendorFactory,
    VerticalFactory,
)

pytestmark = pytest.mark.django_db


def titles(qs):
    return [case.title_zh for case in qs]


def found(query, model=CaseStudy):
    return set(model.objects.published().search(query).values_list("pk", flat=True))


@pytest.fixture
def library():
    finance = VerticalFactory(slug="finance", name_zh="金融", name_en="Finance")
    government = VerticalFactory(slug="government", name_zh="政务", name_en="Government")
    baidu = VendorFactory(name_zh="百度", name_en="Baidu", summary_zh="", summary_en="")
    ernie = AIModelFactory(name_zh="文心一言", name_en="ERNIE Bot", vendor=baidu)
    return {
        "bank": CaseStudyFactory(
            title_zh="某國有銀行ＡＩ客服升级",
            title_en="AI customer service at a state bank",
            summary_zh="基于GPT-4o大模型的智能客服平台",
            vertical=finance,
            vendors=[baidu],
            ai_models=[ernie],
        ),
        "hotline": CaseStudyFactory(
            title_zh="某市政务热线",
            title_en="City hotline",
            summary_zh="12345热线接入行业大模型",
            client_name="某市政府",
            vertical=government,
        ),
        "imaging": CaseStudyFactory(
            title_zh="三甲医院影像辅助诊断",
            title_en="Imaging at a top hospital",
            client_name="某三甲医院",
            challenge_zh="醫療影像数据量大，阅片压力大",
            solution_en="A Qwen-based vision model reads the scans",
            vertical=VerticalFactory(name_zh="医疗", name_en="Healthcare"),
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("金融", {"bank"}),  # the vertical's name
        ("政务", {"hotline"}),
        ("客服", {"bank"}),
        ("文心", {"bank"}),  # the model's name
        ("医疗影像", {"imaging"}),  # stored in traditional characters
        ("醫療", {"imaging"}),  # queried in traditional characters
        ("银行", {"bank"}),  # stored as 銀行
        ("ＡＩ客服", {"bank"}),  # full-width letters on both sides
        ("ai客服", {"bank"}),
        ("AI 客服", {"bank"}),
        ("GPT-4o大模型", {"bank"}),  # Latin glued to Chinese
        ("gpt4o", {"bank"}),
        ("4o大模", {"bank"}),
        ("大模型", {"bank", "hotline"}),
        ("qw", {"imaging"}),  # Latin prefix
        ("QWEN", {"imaging"}),
        ("某", {"bank", "hotline", "imaging"}),  # one character
        ("影", {"imaging"}),
        ("12345", {"hotline"}),
        ("热线 大模型", {"hotline"}),  # several terms: all must match
        ("客服 政务", set()),
        ("模影", set()),
        ("wen", set()),  # not a word start
        ("x", set()),  # nor a prefix of what separates fields in the index
    ],
)
def test_recall_on_chinese_queries(library, query, expected):
    assert found(query) == {library[name].pk for name in expected}


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '""',
        "'",
        "*",
        "**",
        "NEAR",
        "NEAR(a b)",
        "AND",
        "OR",
        "NOT",
        "a OR b",
        "col:",
        "t:",
        "{t s}: 客服",
        "%",
        "_",
        "\\",
        "%_\\",
        "^",
        "-",
        "(",
        ")",
        "+",
        "客服*",
        '"客服',
        "x1x",
        "'; DROP TABLE search_index; --",
        "\x00",
        "𠀀",
        "😀",
        " " * 50,
        "大" * 500,
        " ".join(["ai"] * 50),
    ],
)
def test_pure_syntax_queries_never_fail(library, query):
    for model in (CaseStudy, Vendor, AIModel):
        qs = model.objects.published().search(query)
        assert qs.count() == len(list(qs)) == len(list(qs[:20]))
    assert isinstance(search.site_search(query), list)


def test_operators_are_searched_as_words():
    case = CaseStudyFactory(title_zh="NEAR AND OR 检索", title_en="")
    assert found("near") == found("AND") == found("or 检索") == {case.pk}


def test_title_outranks_summary_outranks_body_then_boosts():
    now = timezone.now()
    body = CaseStudyFactory(title_zh="案例甲", challenge_zh="提到数字孪生", published_at=now)
    summary = CaseStudyFactory(title_zh="案例乙", summary_zh="数字孪生", published_at=now)
    old_title = CaseStudyFactory(title_zh="数字孪生旧", published_at=now - timedelta(days=900))
    new_title = CaseStudyFactory(title_zh="数字孪生新", published_at=now)
    featured_old = CaseStudyFactory(
        title_zh="数字孪生精选", featured=True, published_at=now - timedelta(days=200)
    )
    ranked = list(CaseStudy.objects.published().search("数字孪生"))
    assert ranked == [featured_old, new_title, old_title, summary, body]
    assert ranked[0].search_rank > ranked[-1].search_rank


def test_verified_vendors_rise():
    plain = VendorFactory(name_zh="星河智能", verified=False)
    verified = VendorFactory(name_zh="星河数据", verified=True)
    assert list(Vendor.objects.published().search("星河")) == [verified, plain]


def test_index_follows_create_edit_publish_archive_delete(publisher):
    case = CaseStudyFactory(title_zh="智慧港口调度", status="draft", published_at=None)
    assert found("港口") == set()  # drafts are never found
    entry_publish(entry=case, by=publisher)
    assert found("港口") == {case.pk}
    case.title_zh = "智慧机场调度"
    case.save()
    assert found("港口") == set()
    assert found("机场") == {case.pk}
    entry_archive(entry=case, by=publisher)
    assert found("机场") == set()
    entry_publish(entry=case, by=publisher)
    assert found("机场") == {case.pk}
    pk = case.pk
    case.status = "draft"  # only drafts can be deleted: unpublish first
    case.save()
    case.delete()
    assert found("机场") == set()
    assert not IndexedDocument.objects.filter(kind=registry.get(CaseStudy).kind, object_id=pk)


def test_index_follows_related_rows():
    case = CaseStudyFactory(title_zh="案例", vendors=[])
    vendor = VendorFactory(name_zh="澜舟科技")
    assert found("澜舟") == set()
    case.vendors.add(vendor)  # many-to-many change
    assert found("澜舟") == {case.pk}
    vendor.name_zh = "澜舟智能"  # a vendor renamed: its cases follow
    vendor.save()
    assert found("澜舟智能") == {case.pk}
    CaseMetricFactory(case=case, name_zh="坐席转接率")  # a metric added
    assert found("转接率") == {case.pk}
    case.vendors.remove(vendor)
    assert found("澜舟") == set()


def test_models_and_products_are_searchable():
    vendor = VendorFactory(name_zh="智谱", verified=True)
    model = AIModelFactory(name_zh="清言", name_en="ChatGLM", vendor=vendor)
    product = ProductFactory(name_zh="智能客服平台", vendor=vendor)
    assert found("chatglm", AIModel) == {model.pk}
    assert found("智谱", AIModel) == {model.pk}  # through the vendor's name
    assert set(product.__class__.objects.published().search("客服平台")) == {product}


def test_rebuild_search_index_command(library, capsys):
    with connection.cursor() as cursor:
        backend_for(connection).clear(cursor)
    IndexedDocument.objects.all().delete()
    assert found("客服") == set()
    call_command("rebuild_search_index")
    assert "rebuilt" in capsys.readouterr().out
    assert found("客服") == {library["bank"].pk}
    assert IndexedDocument.objects.count() == Vendor.objects.count() + AIModel.objects.count() + 3


def test_rebuild_skips_unpublished_rows(capsys):
    CaseStudyFactory(title_zh="草稿港口", status="draft")
    shown = CaseStudyFactory(title_zh="公开港口")
    call_command("rebuild_search_index")
    assert found("港口") == {shown.pk}
    assert "cases.casestudy: 1\n" in capsys.readouterr().out  # what it says it indexed


def test_reindexing_rows_that_are_gone_takes_them_out_of_the_index():
    """reindex_pks indexes rows as they are now: one deleted while indexing was paused (a bulk
    job) leaves the index, not only the rows that still exist are looked at."""
    from search import indexer
    from search.signals import paused

    case = CaseStudyFactory(title_zh="消失的港口")
    kept = CaseStudyFactory(title_zh="留下的港口")
    indexed = IndexedDocument.objects.filter(
        kind=registry.get(CaseStudy).kind, object_id__in=[case.pk, kept.pk]
    )
    assert indexed.count() == 2
    with paused():
        CaseStudy.objects.filter(pk=case.pk).update(status="draft")
        CaseStudy.objects.get(pk=case.pk).delete()
    assert indexed.count() == 2  # paused: the index still has it
    indexer.reindex_pks(CaseStudy, [case.pk, kept.pk])
    assert list(indexed.values_list("object_id", flat=True)) == [kept.pk]


def test_a_rebuild_in_small_batches_indexes_each_row_once():
    """Batches follow each other by pk (keyset pagination): every row once, none twice."""
    from search import indexer

    cases = [CaseStudyFactory(title_zh=f"分批港口{n}") for n in range(5)]
    stats = indexer.rebuild([CaseStudy], batch_size=2)
    assert stats["cases.casestudy"] == 5
    indexed = IndexedDocument.objects.filter(kind=registry.get(CaseStudy).kind)
    assert sorted(indexed.values_list("object_id", flat=True)) == [c.pk for c in cases]
    assert found("分批港口") == {c.pk for c in cases}


def test_a_full_rebuild_leaves_the_index_ready_for_everyday_writes(library):
    """A full rebuild loads in bulk (PostgreSQL: without the GIN index; SQLite: no automatic
    merges, a big page cache) and must undo that at the end: the index is back, the
    connection's page cache is its own size again."""
    from search import indexer

    backend = backend_for(connection)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA cache_size")
            before = cursor.fetchone()[0]
        indexer.rebuild()
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA cache_size")
            assert cursor.fetchone()[0] == before
        else:
            cursor.execute(
                "SELECT 1 FROM pg_indexes WHERE indexname = %s", [f"{backend.table}_vec"]
            )
            assert cursor.fetchone() is not None
    assert found("客服") == {library["bank"].pk}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite backend's dictionary")
def test_a_full_rebuild_trains_the_compression_on_the_documents(library):
    """The SQLite index compresses its stored text against a sample of the documents (kept as
    a dictionary row): a rebuild that sampled nothing would store it all uncompressed."""
    from search import indexer

    indexer.rebuild()
    backend = backend_for(connection)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT data FROM {backend.source} WHERE id = %s", [backend._DICTIONARY_ID])
        row = cursor.fetchone()
    assert row is not None and "客服".encode() in bytes(row[0])


def test_edits_after_a_rebuild_replace_every_token(library):
    """A reindex removes exactly what the rebuild wrote (SQLite: from the stored text)."""
    call_command("rebuild_search_index")
    bank = library["bank"]
    bank.title_zh = "某银行远程开户"
    bank.summary_zh = "视频核验"
    bank.save()
    for gone in ("客服", "客", "智能客服", "GPT-4o大模型", "gpt4o"):
        assert bank.pk not in found(gone), gone
    for query in ("远程开户", "开", "户", "视频核验", "核验"):
        assert found(query) == {bank.pk}, query
    ranked = list(CaseStudy.objects.published().search("开户"))
    assert ranked == [bank]
    call_command("rebuild_search_index")  # the same answers from a fresh build
    assert found("远程开户") == {bank.pk}
    assert bank.pk not in found("客服")


def test_search_chains_with_filters_and_facets(library):
    finance = library["bank"].vertical
    results = CaseStudy.objects.published().search("大模型")
    assert set(results.filter(vertical=finance)) == {library["bank"]}
    assert results.filter(vertical=finance).count() == 1
    facets = dict(
        results.order_by()
        .values_list("vertical__slug")
        .annotate(n=Count("pk"))
        .values_list("vertical__slug", "n")
    )
    assert facets == {"finance": 1, "government": 1}
    # Filtered before searching, or after: the same rows, in rank order.
    before = CaseStudy.objects.published().filter(vertical=finance).search("大模型")
    assert list(before) == list(results.filter(vertical=finance))


def test_explicit_ordering_replaces_rank(library):
    results = CaseStudy.objects.published().search("某").order_by("title_zh")
    assert titles(results) == sorted(titles(results))


def test_exists_and_first(library):
    assert CaseStudy.objects.published().search("政务").exists()
    assert not CaseStudy.objects.published().search("量子").exists()
    assert CaseStudy.objects.published().search("政务").first() == library["hotline"]
    assert not CaseStudy.objects.published().search("政务").filter(vertical=None).exists()


def test_blank_query_changes_nothing(library):
    assert CaseStudy.objects.published().search("  ").count() == 3


def test_pagination_pages_are_disjoint_and_ranked():
    now = timezone.now()
    cases = [
        CaseStudyFactory(title_zh=f"平台案例{i}", published_at=now - timedelta(days=i))
        for i in range(25)
    ]
    results = CaseStudy.objects.published().search("平台")
    first, second = list(results[:10]), list(results[10:20])
    assert first + second + list(results[20:]) == cases
    assert results.count() == 25 and results[20:].count() == 5


@pytest.mark.parametrize("n", [3, 25])
def test_query_count_does_not_grow_with_results(django_assert_num_queries, n):
    vertical = VerticalFactory()
    for i in range(n):
        CaseStudyFactory(
            title_zh=f"智能客服{i}",
            vertical=vertical,
            scenarios=[ScenarioFactory()],
        )
    # common-term lookup + count + ranked walk + rows + 2 prefetches, however many results
    with django_assert_num_queries(6):
        results = (
            CaseStudy.objects.published()
            .select_related("vertical")
            .prefetch_related("vendors", "scenarios")
            .search("客服")
        )
        assert results.count() == n
        page = list(results[:20])
        assert len(page) == min(n, 20)
        assert [case.scenarios.all()[0] for case in page]
    with django_assert_num_queries(5):  # filtered: count, then walk + rows for each page read
        results = CaseStudy.objects.published().search("客服").filter(vertical=vertical)
        assert results.count() == n
        assert len(list(results[:20])) == min(n, 20)
        assert len(list(results[:20].select_related("vertical"))) == min(n, 20)


@pytest.mark.parametrize("n", [2, 12])
def test_site_search_query_count_is_constant(django_assert_num_queries, n):
    for i in range(n):
        VendorFactory(name_zh=f"云启{i}")
    # the common terms' bitmaps of every kind, a count per model, walk + rows where any match
    with django_assert_num_queries(8):
        groups = search.site_search("云启", limit=5)
    by_label = {group.model: group for group in groups}
    assert by_label[Vendor].count == n
    assert len(by_label[Vendor].results) == min(n, 5)


def test_highlight_marks_matches_and_escapes():
    html = search.highlight("<b>某銀行ＡＩ客服</b> with GPT-4o", "ai客服 gpt-4o 银行")
    assert html == ("&lt;b&gt;某<mark>銀行ＡＩ客服</mark>&lt;/b&gt; with <mark>GPT-4o</mark>")
    assert search.highlight("qwen and aqwen", "qw") == "<mark>qw</mark>en and aqwen"
    long = "前言" * 100 + "医疗影像" + "后记" * 100
    snippet = search.highlight(long, "医疗影像", length=40)
    assert "<mark>医疗影像</mark>" in snippet and snippet.startswith("…") and len(snippet) < 80
    assert search.highlight("纯文本", '"') == "纯文本"


def test_highlight_template_filter():
    from django.template import Context, Template

    html = Template("{% load search_tags %}{{ text|highlight:q }}").render(
        Context({"text": "金融<客服>", "q": "客服"})
    )
    assert html == "金融&lt;<mark>客服</mark>&gt;"
