"""The CAC register: the real file imports whole, faults reported, idempotent, searchable."""

import csv
import io
import json
import re
from collections import Counter

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from directory.models import AIModel, Vendor, VendorName
from filings.models import Filing, FilingBatch, ImportAnomaly, ImportRun
from filings.numbers import parse_date, parse_number, region_slug
from filings.services import filing_link, filings_import
from filings.sources import RegisterFileError
from tests.factories import AIModelFactory, VendorFactory

pytestmark = pytest.mark.django_db

REGISTER = settings.CAC_REGISTER_FILE


@pytest.fixture(scope="module")
def register_data():
    assert REGISTER.exists(), (
        f"The CAC register mirror is read from {REGISTER} (../shared/data/cac/ beside the "
        "project, or CAC_REGISTER_FILE): it is not part of the project."
    )
    return json.loads(REGISTER.read_text(encoding="utf-8"))


@pytest.fixture
def seeded():
    call_command("load_seed", stdout=io.StringIO())


def import_register(**kwargs):
    return filings_import(path=REGISTER, by_label="test", **kwargs)


# -- numbers, regions, dates ------------------------------------------------------------------


def test_numbers_are_read_from_the_right():
    beian = parse_number("Beijing-MiniCPM-V-202510200133")
    assert (beian.kind, beian.name, beian.serial, beian.problem) == (
        "beian",
        "MiniCPM-V",
        "0133",
        "",
    )
    dengji = parse_number("Beijing-BianYing-20240428S0001")
    assert (dengji.kind, dengji.date.isoformat(), dengji.serial) == ("dengji", "2024-04-28", "0001")
    assert parse_number("Beijing-WenXinYiYan-20230821").kind == "beian"
    assert parse_number("Jiangsu-SiWeiXiangLiangZhiSuanYun-").problem == "truncated"
    assert parse_number("Jiangsu-SiWeiXiangLiangZhiSuanYun-").kind is None
    assert parse_number("ZheJiang-HuaShu-20250609000026").problem == "malformed"
    # Case and region spelling variants fold to one key.
    assert parse_number("ZheJiang-A-20240101").key == parse_number("Zhejiang-a-20240101").key
    assert parse_number("Xizang-A-20240101").key == parse_number("Tibet-A-20240101").key
    assert parse_number("ShanXi-A-20240101").regions == {"shanxi", "shaanxi"}


def test_missing_serials_are_reported_as_runs():
    """What the serial-gap anomaly tells an editor: the missing serials, runs shortened."""
    from filings.services import _runs

    assert _runs([3, 5, 6, 7, 10, 11, 14]) == ["3", "5–7", "10–11", "14"]
    assert _runs([]) == []


def test_regions_and_dates_as_printed():
    assert region_slug("宁夏回族自治区") == "ningxia"
    assert region_slug("国资委") == "sasac"
    assert region_slug("火星") == ""
    late = parse_date("2025/6/30（补登）")
    assert late.date.isoformat() == "2025-06-30" and late.late and late.mark == "(补登)"
    assert parse_date("2024/3/18").mark == ""
    assert parse_date("不详").date is None


# -- the whole file ---------------------------------------------------------------------------


def test_the_whole_register_imports_and_every_row_is_a_filing_or_a_reported_anomaly(
    register_data, seeded
):
    result = import_register()
    run = result.run
    rows = sum(len(b["rows"]) for b in register_data["batches"])
    assert rows == 1401 and run.rows == rows
    assert run.created + run.skipped == rows and run.updated == 0

    skipped = Counter(
        ImportAnomaly.objects.filter(run=run, skipped=True).values_list("batch", flat=True)
    )
    filings = Counter(Filing.objects.values_list("batch__period", flat=True))
    for batch in register_data["batches"]:
        period = batch["period"]
        assert filings[period] + skipped[period] == len(batch["rows"]), period
    # The report's own figures for the three 2024 batches (备案 and 登记 together).
    assert [filings["2024-04"], filings["2024-08"], filings["2024-11"]] == [117, 97, 95]
    assert (
        Filing.objects.filter(kind="beian").count() + Filing.objects.filter(kind="dengji").count()
        == Filing.objects.count()
    )


def test_the_real_faults_are_found_reported_and_decided(seeded):
    run = import_register().run
    found = Counter(run.anomalies.values_list("code", flat=True))
    # Header rows inside the data: four batches print the 登记 header again mid-list.
    headers = run.anomalies.filter(code="header_row")
    assert sorted(headers.values_list("batch", flat=True)) == [
        "2024-08", "2024-11", "2025-01", "2025-03",
    ]  # fmt: skip
    assert all(a.skipped for a in headers)
    # …and the rows under them are 登记, whatever the mirror tagged.
    assert Filing.objects.get(number="Beijing-BianYing-20240428S0001").kind == "dengji"
    # Name and organisation swapped in six 2025-03 rows: swapped back and reported.
    assert found["swapped_columns"] == 6
    sensetime = Filing.objects.get(number__startswith="Guangdong-ShangTangAIDaiMa")
    assert sensetime.organisation == "深圳市商汤科技有限公司"
    assert sensetime.service_name == "商汤AI代码生成模型"
    # A truncated number, tagged 备案 but listed among the 登记 rows.
    cut = Filing.objects.get(number="Jiangsu-SiWeiXiangLiangZhiSuanYun-")
    assert cut.kind == "dengji" and cut.source_tag == "备案"
    assert run.anomalies.filter(code="truncated_number", number=cut.number).exists()
    assert run.anomalies.filter(code="kind_mismatch", number=cut.number).exists()
    assert run.anomalies.filter(code="malformed_number", batch="2025-08").exists()
    # Region prefix against 属地.
    carrot = run.anomalies.get(code="region_mismatch", number="Beijing-CarrotAI-202407030002")
    assert "江苏省" in carrot.decision
    assert run.anomalies.filter(code="unknown_region", number__startswith="Shinghai-").exists()
    # Dates with （补登）: read, flagged, reported.
    late = Filing.objects.filter(late_registration=True)
    assert late.count() == found["date_mark"] == 39
    assert Filing.objects.get(number="Fujian-BaiZe-20250624S0001").filed_on.isoformat() == (
        "2025-06-30"
    )
    # Serials: out of order in 2024-04, a 登记 serial missing between 2025-08 and 2025-10.
    assert run.anomalies.filter(code="serial_order", batch="2024-04").count() == 2
    assert run.anomalies.filter(code="serial_gap", batch="2025-10").exists()
    # …reported on the row an editor checks: the first 登记 row of the batch that starts late.
    start = run.anomalies.get(code="serial_gap", batch="2025-10", detail__contains="2025-08")
    first = Filing.objects.filter(batch__period="2025-10", kind="dengji").order_by("row").first()
    assert (start.row, start.number) == (first.row, first.number)
    # Every anomaly says what was decided.
    assert not run.anomalies.filter(decision="").exists()


def test_organisations_match_vendors_by_legal_name_and_the_rest_become_draft_vendors(seeded):
    run = import_register().run
    baidu = Vendor.objects.get(slug="baidu")
    assert set(baidu.filings.values_list("organisation", flat=True)) == {"北京百度网讯科技有限公司"}
    assert baidu.filings.count() == 4
    alibaba = Vendor.objects.get(slug="alibaba-cloud")
    assert "淘宝（中国）软件有限公司" in set(alibaba.filings.values_list("organisation", flat=True))
    # Models are linked through the filing numbers editors recorded.
    assert Filing.objects.get(number="Beijing-WenXinYiYan-20230821").ai_model.slug == "ernie-bot"
    # No filing is left without a vendor: unmatched organisations are draft vendors now.
    assert not Filing.objects.filter(vendor=None).exists()
    drafts = Vendor.objects.filter(status="draft", slug__startswith="filer-")
    assert drafts.count() == run.vendors_created > 1000
    assert not Vendor.objects.published().filter(slug__startswith="filer-").exists()
    # One draft per organisation (names that differ only in bracket width or case are one).
    unmatched = Filing.objects.filter(vendor__in=drafts).values_list("organisation_key", flat=True)
    assert len(set(unmatched)) == drafts.count()


def test_reimport_changes_nothing_and_an_edited_row_shows_as_a_change(
    register_data, seeded, tmp_path
):
    import_register()
    before = dict(Filing.objects.values_list("pk", "updated"))
    vendors = Vendor.objects.count()
    again = import_register().run
    assert (again.created, again.updated, again.vendors_created, again.linked) == (0, 0, 0, 0)
    assert again.unchanged == 1397 and not again.changes
    assert dict(Filing.objects.values_list("pk", "updated")) == before
    assert Vendor.objects.count() == vendors

    edited = json.loads(json.dumps(register_data))
    row = edited["batches"][0]["rows"][0]
    row["模型名称"] = "文心一言（更正）"
    row["备注"] = "新列"  # a column nobody here has seen
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(edited, ensure_ascii=False), encoding="utf-8")
    run = filings_import(path=path, by_label="test").run
    assert run.updated == 1 and run.created == 0
    (change,) = run.changes
    assert change["number"] == "Beijing-WenXinYiYan-20230821"
    assert change["fields"]["service_name"] == ["文心一言", "文心一言（更正）"]
    assert change["fields"]["extra"] == [{}, {"备注": "新列"}]
    assert run.anomalies.filter(code="extra_column", detail="备注").exists()
    filing = Filing.objects.get(number="Beijing-WenXinYiYan-20230821")
    assert filing.extra == {"备注": "新列"} and filing.updated > before[filing.pk]


def test_a_new_batch_adds_only_its_rows(register_data, tmp_path):
    first = {"batches": register_data["batches"][:-1]}
    path = tmp_path / "first.json"
    path.write_text(json.dumps(first, ensure_ascii=False), encoding="utf-8")
    filings_import(path=path, by_label="test")
    run = import_register().run
    assert run.created == len(register_data["batches"][-1]["rows"]) == 121
    assert run.updated == 0


# -- other files: CSV and XLSX attachments, bad files ------------------------------------------


def write_csv(path, rows, encoding="utf-8"):
    with open(path, "w", encoding=encoding, newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


TITLE = ["生成式人工智能服务已备案信息（2026年6月）"]  # a title line above the header
BEIAN_HEADER = ["序号", "属地", "大模型名称", "备案单位", "备案编号", "备案时间", "备注"]
DENGJI_HEADER = ["序号", "属地", "应用/功能名称", "登记单位", "上线编号", "登记时间", ""]
ATTACHMENT_ROWS = [
    TITLE,
    BEIAN_HEADER,
    ["900", "北京市", "测试大模型", "北京测试科技有限公司", "Beijing-CeShi-202605010001",
     "2026/5/20", "首批"],
    ["901", "上海市", "另一模型", "上海另一科技有限公司", "Shanghai-LingYi-202605010002",
     "2026/5/21", ""],
    DENGJI_HEADER,
    ["600", "广东省", "客服助手", "广州客服科技有限公司", "Guangdong-KeFu-20260501S0001",
     "2026/5/1（补登）", ""],
]  # fmt: skip


def test_an_attachment_csv_with_both_sections_imports(tmp_path):
    path = write_csv(tmp_path / "生成式人工智能服务已备案信息（2026年6月）.csv", ATTACHMENT_ROWS)
    run = filings_import(path=path, by_label="test").run
    assert FilingBatch.objects.get().period == "2026-06"  # read from the file name
    assert run.created == 3 and run.skipped == 1
    app = Filing.objects.get(number="Guangdong-KeFu-20260501S0001")
    assert (
        app.kind == "dengji"
        and app.late_registration
        and app.organisation == "广州客服科技有限公司"
    )
    assert Filing.objects.get(serial=900).extra == {"备注": "首批"}
    assert run.anomalies.filter(code="extra_column", detail="备注").exists()
    assert run.anomalies.filter(code="header_row", skipped=True).count() == 1


def test_overlong_cells_are_cut_to_their_columns(tmp_path):
    """A malformed register cell longer than its column is cut, not a failed import (and the
    same length on SQLite as on PostgreSQL, which would refuse it)."""
    rows = [list(row) for row in ATTACHMENT_ROWS]
    rows[2][1] = "北京市" * 20  # 属地, 60 characters
    rows[2][2] = "模型" * 200  # service name, 400 characters
    run = filings_import(path=write_csv(tmp_path / "备案（2026年6月）.csv", rows), by_label="t").run
    assert run.created == 3
    filing = Filing.objects.get(serial=900)
    assert (len(filing.region), len(filing.service_name)) == (40, 300)


def test_an_xlsx_with_the_older_headers_and_a_dengji_only_csv_import(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["序号", "属地", "模型名称", "备案单位", "备案号", "备案时间"])
    sheet.append([1, "浙江省", "模型甲", "杭州甲科技有限公司", "ZheJiang-Jia-20240101", "2024/1/5"])
    workbook.save(tmp_path / "a.xlsx")
    filings_import(path=tmp_path / "a.xlsx", period="2024-02", by_label="test")
    jia = Filing.objects.get()
    assert (jia.kind, jia.serial, jia.province, jia.filed_on.isoformat()) == (
        "beian", 1, "zhejiang", "2024-01-05",
    )  # fmt: skip

    path = write_csv(
        tmp_path / "dengji.csv",
        [
            ["序号", "属地", "应用/功能名称", "登记单位", "上线编号", "登记时间"],
            [
                "1",
                "国资委",
                "央企助手",
                "中国某集团有限公司",
                "ZhongYangQiYe-ZhuShou-20240301S0001",
                "2024/3/1",
            ],
        ],
    )
    filings_import(path=path, period="2024-04", by_label="test")
    soe = Filing.objects.get(kind="dengji")
    assert soe.province == "sasac" and soe.vendor.kind == "soe"


def bad_files(tmp_path):
    write_csv(tmp_path / "unknown.csv", [["foo", "bar"], ["1", "2"]])
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    write_csv(tmp_path / "gbk.csv", ATTACHMENT_ROWS[1:], encoding="gbk")
    (tmp_path / "empty.csv").write_bytes(b"")
    (tmp_path / "empty.json").write_text("  \n", encoding="utf-8")
    (tmp_path / "table.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    return {
        "unknown.csv": "columns are not the register's",
        "broken.json": "not valid JSON",
        "gbk.csv": "GBK",
        "empty.csv": "empty",
        "empty.json": "empty",
        "table.xlsx": "not a readable XLSX",
    }


@translation.override("en")
def test_bad_files_get_a_clear_message_and_change_nothing(tmp_path):
    write_csv(tmp_path / "ok.csv", ATTACHMENT_ROWS[1:3])
    filings_import(path=tmp_path / "ok.csv", period="2026-06", by_label="test")
    counts = [m.objects.count() for m in (Filing, FilingBatch, ImportRun, Vendor, VendorName)]
    for name, message in bad_files(tmp_path).items():
        with pytest.raises(RegisterFileError, match=message):
            filings_import(path=tmp_path / name, period="2026-08", by_label="test")
        with pytest.raises(CommandError, match=message):
            call_command("import_cac_filings", str(tmp_path / name), "--period", "2026-08")
    assert counts == [
        m.objects.count() for m in (Filing, FilingBatch, ImportRun, Vendor, VendorName)
    ]


@translation.override("en")
def test_the_command_prints_the_report_and_writes_it_as_csv(tmp_path):
    out = io.StringIO()
    report = tmp_path / "report.csv"
    path = write_csv(tmp_path / "x.csv", ATTACHMENT_ROWS[1:])
    call_command(
        "import_cac_filings", str(path), "--period", "2026-06", "--report", str(report), stdout=out
    )
    text = out.getvalue()
    assert "Header row inside the data" in text and "2026-06: 4 rows = 3 added" in text
    rows = list(csv.reader(io.StringIO(report.read_text(encoding="utf-8"))))
    assert rows[0][:5] == ["batch", "row", "serial", "number", "anomaly"]
    assert any(r[4] == "header_row" and r[1] == "3" for r in rows[1:])
    missing = io.StringIO()
    call_command(
        "import_cac_filings", str(tmp_path / "nope.json"), "--skip-missing", stdout=missing
    )
    assert "skipped" in missing.getvalue()


# -- search and pages -------------------------------------------------------------------------


def test_search_finds_every_filing_by_number_service_and_any_two_characters_of_its_organisation():
    import_register()
    filings = list(Filing.objects.all())
    for filing in filings:
        assert filing in Filing.objects.search(filing.number), filing.number
        assert filing in Filing.objects.search(filing.service_name), filing.service_name
    by_bigram: dict[str, set[int]] = {}
    for filing in filings:
        for pair in re.findall(r"(?=([\u4e00-\u9fff]{2}))", filing.organisation):
            by_bigram.setdefault(pair, set()).add(filing.pk)
    assert len(by_bigram) > 3000
    for pair, pks in by_bigram.items():
        assert pks <= set(Filing.objects.search(pair).values_list("pk", flat=True)), pair


def test_vendor_page_lists_every_filing_of_its_legal_entities(client, seeded):
    import_register()
    page = client.get("/en/vendors/zhipu-ai/").content.decode()
    names = set(VendorName.objects.filter(vendor__slug="zhipu-ai").values_list("key", flat=True))
    filings = Filing.objects.filter(organisation_key__in=names)
    assert filings.count() >= 5
    for filing in filings:
        assert filing.number in page
    assert "北京智谱兴曜科技有限公司" in page  # a subsidiary's 登记 (AutoGLM)


def test_register_page_facets_search_and_filing_page(client, seeded):
    import_register()
    page = client.get("/en/filings/")
    assert page.context["total"] == 1397
    groups = {g.name: g for g in page.context["facet_groups"]}
    assert {"kind", "province", "batch", "year", "linked"} <= set(groups)
    batches = {o.value: o.count for o in groups["batch"].options}
    assert (batches["2024-04"], batches["2024-08"], batches["2024-11"]) == (117, 97, 95)
    kinds = {o.value: o.count for o in groups["kind"].options}
    assert kinds["beian"] + kinds["dengji"] == 1397
    assert client.get("/en/filings/?kind=dengji&batch=2024-08").context["total"] == 26
    assert client.get("/en/filings/?province=sasac").context["total"] == 16
    linked = client.get("/en/filings/?linked=true").context["total"]
    assert linked == Filing.objects.filter(vendor__status="published").count() > 20
    found = client.get("/en/filings/?q=Beijing-WenXinYiYan-20230821")
    assert [f.number for f in found.context["object_list"]] == ["Beijing-WenXinYiYan-20230821"]
    detail = client.get("/en/filings/beijing-wenxinyiyan-20230821/").content.decode()
    batch = FilingBatch.objects.get(period="2024-04")
    assert batch.attachment_url.replace("&", "&amp;") in detail
    assert "/en/vendors/baidu/" in detail and "/en/models/ernie-bot/" in detail
    assert client.get("/en/filings/no-such-number/").status_code == 404


def test_models_say_not_recorded_never_no(client, seeded):
    import_register()
    listing = client.get("/en/models/").content.decode()
    assert "Filing not recorded" in listing and "CAC filed" in listing
    compare = client.get("/en/compare/models/?items=ernie-bot&items=gpt-4")
    row = next(r for r in compare.context["rows"] if r["label"] == "CAC filing")
    assert row["values"] == ["Beijing-WenXinYiYan-20230821", "Not recorded"]
    filed = client.get("/en/models/?has_filing=true").context["total"]
    assert filed == AIModel.objects.filter(filings__isnull=False).distinct().count() == 8
    model_page = client.get("/en/models/ernie-bot/").content.decode()
    assert "Beijing-WenXinYiYan-20230821" in model_page
    assert "Not recorded" in client.get("/en/models/gpt-4/").content.decode()


def test_register_list_queries_do_not_grow_with_the_page(client, tmp_path):
    rows = [ATTACHMENT_ROWS[1]] + [
        [str(i), "北京市", f"模型{i}", f"北京公司{i}有限公司", f"Beijing-M{i}-20260501{i:04d}",
         "2026/5/1", ""]
        for i in range(1, 41)
    ]  # fmt: skip
    filings_import(path=write_csv(tmp_path / "b.csv", rows), period="2026-06", by_label="test")

    def queries(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    queries("/api/v1/filings/?page_size=1")  # warms the content-type cache
    # the batches (the filter's choices), the total and the latest change (facet index, tombstone)
    # and the page's rows with their batch, vendor, model and product joined
    assert queries("/api/v1/filings/?page_size=2") == queries("/api/v1/filings/?page_size=40") == 5


# -- API --------------------------------------------------------------------------------------


def test_api_filters_sync_tombstones_and_export(client, api_key, tmp_path):
    path = write_csv(tmp_path / "x.csv", ATTACHMENT_ROWS[1:])
    filings_import(path=path, period="2026-06", by_label="test")
    data = client.get("/api/v1/filings/?kind=dengji").json()
    assert [r["number"] for r in data["results"]] == ["Guangdong-KeFu-20260501S0001"]
    assert data["results"][0]["late_registration"] is True
    assert client.get("/api/v1/filings/?q=另一").json()["count"] == 1
    assert client.get("/api/v1/filings/?batch=2026-06&province=beijing").json()["count"] == 1
    assert client.get("/api/v1/filings/?linked=maybe").status_code == 400
    assert client.get("/api/v1/filings/?nonsense=1").status_code == 400
    sync = client.get("/api/v1/filings/?updated_since=2000-01-01T00:00:00Z").json()
    assert len(sync["results"]) == 3 and sync["tombstones"] == []
    gone = Filing.objects.get(serial=901)
    gone.delete()
    sync = client.get("/api/v1/filings/?updated_since=2000-01-01T00:00:00Z").json()
    assert [t["slug"] for t in sync["tombstones"]] == [gone.slug]
    detail = client.get(f"/api/v1/filings/{Filing.objects.get(serial=900).slug}/").json()
    assert detail["extra"] == {"备注": "首批"} and detail["batch"] == "2026-06"

    headers = {"HTTP_X_API_KEY": api_key[1]}
    export = client.get("/api/v1/export/filings.csv", **headers)
    assert export.status_code == 200
    lines = b"".join(export.streaming_content).decode().splitlines()
    assert lines[0].startswith("id,slug,number") and len(lines) == 3
    ndjson = client.get("/api/v1/export/filings.ndjson", **headers)
    assert len(b"".join(ndjson.streaming_content).splitlines()) == 2
    schema = client.get("/api/v1/schema/").content.decode()
    assert "/api/v1/filings/" in schema


# -- admin ------------------------------------------------------------------------------------


def test_admin_shows_runs_with_their_anomalies_and_the_unlinked_queue_links_in_one_click(
    client, editor, tmp_path
):
    path = write_csv(tmp_path / "x.csv", ATTACHMENT_ROWS[1:])
    run = filings_import(path=path, period="2026-06", by_label="test").run
    client.force_login(editor)
    page = client.get(f"/admin/filings/importrun/{run.pk}/change/").content.decode()
    assert "数据中的表头行" in page  # the anomaly, in the admin's language
    report = client.get(f"/admin/filings/importrun/{run.pk}/report.csv")
    assert report.status_code == 200 and b"header_row" in report.content
    assert client.get("/admin/filings/importrun/").status_code == 200
    assert client.get("/admin/filings/importanomaly/").status_code == 200
    assert client.get("/admin/filings/filing/").status_code == 200

    vendor = VendorFactory(name_zh="测试", status="published")
    queue = client.get("/admin/filings/unlinkedfiling/").content.decode()
    filing = Filing.objects.get(serial=900)
    draft = filing.vendor
    assert draft.status == "draft" and filing.number in queue
    assert f'name="vendor" value="{vendor.pk}"' in queue  # 测试 is in 北京测试科技有限公司
    response = client.post(
        f"/admin/filings/unlinkedfiling/{filing.pk}/link/", {"vendor": vendor.pk}
    )
    assert response.status_code == 302
    filing.refresh_from_db()
    assert filing.vendor == vendor
    assert not Vendor.objects.filter(pk=draft.pk).exists()  # the import's draft, now empty
    assert VendorName.objects.get(key=filing.organisation_key).vendor == vendor
    queue = client.get("/admin/filings/unlinkedfiling/")
    assert filing not in queue.context["cl"].result_list


def test_a_new_legal_name_links_that_organisations_filings(tmp_path):
    path = write_csv(tmp_path / "x.csv", ATTACHMENT_ROWS[1:])
    filings_import(path=path, period="2026-06", by_label="test")
    vendor = VendorFactory(status="published")
    VendorName.objects.filter(name="上海另一科技有限公司").delete()
    VendorName.objects.create(vendor=vendor, name="上海另一科技有限公司")
    assert Filing.objects.get(serial=901).vendor == vendor
    model = AIModelFactory(vendor=vendor, status="published")
    filing_link(filing=Filing.objects.get(serial=900), ai_model=model)
    linked = Filing.objects.get(serial=900)
    assert linked.ai_model == model and linked.vendor == vendor
