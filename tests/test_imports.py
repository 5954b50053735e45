"""Imports that say what they will do (issue 14): every bad file gives its named message and
saves nothing; CSV (UTF-8 ± BOM, GBK) and XLSX; Atlas's own exports re-import unchanged."""

import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from import_export.formats import base_formats

from cases.admin import CaseStudyResource
from cases.models import CaseStudy
from directory.admin import AIModelResource, ProductResource, VendorResource
from directory.models import AIModel, Product, Vendor
from revisions.models import Revision
from tests.factories import (
    AIModelFactory,
    CaseStudyFactory,
    DeploymentOptionFactory,
    ModalityFactory,
    ProductCategoryFactory,
    ProductFactory,
    ScenarioFactory,
    VendorFactory,
    VerticalFactory,
)

pytestmark = pytest.mark.django_db

CSV, XLSX = "0", "1"
URLS = {
    Vendor: "directory_vendor",
    AIModel: "directory_aimodel",
    Product: "directory_product",
    CaseStudy: "cases_casestudy",
}


def _url_of(model):
    return URLS.get(model) or f"{model._meta.app_label}_{model._meta.model_name}"


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def csv_bytes(rows: list[list], encoding="utf-8") -> bytes:
    return "\n".join(",".join(str(c) for c in row) for row in rows).encode(encoding) + b"\n"


def xlsx_bytes(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append([None if c == "" else c for c in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def preview(client, model, content: bytes, fmt=CSV, name=None):
    upload = io.BytesIO(content)
    upload.name = name or ("file.xlsx" if fmt == XLSX else "file.csv")
    response = client.post(
        reverse(f"admin:{URLS[model]}_import"),
        {"import_file": upload, "format": fmt, "resource": "0"},
    )
    assert response.status_code == 200
    return response


def confirm(client, model, response):
    form = response.context["confirm_form"]
    done = client.post(
        reverse(f"admin:{_url_of(model)}_process_import"), {**form.initial, "resource": "0"}
    )
    assert done.status_code == 302
    return done


def errors(response) -> list[tuple[int, str, str]]:
    """(row, column, message) of every error the page shows."""
    result = response.context["result"]
    out = []
    for row in result.invalid_rows:
        for column, messages in row.error_dict.items():
            out += [(row.number + 1, column, m) for m in messages]
    return out


def test_an_xlsx_with_empty_optional_cells_imports(publisher):
    header = ["slug", "name_zh", "name_en", "kind", "founded_year", "description_zh", "verified"]
    rows = [header, ["zhipu", "智谱", "", "ai_native", 2019, "", ""]]
    rows.append(["moonshot", "月之暗面", "Moonshot AI", "ai_native", "", "", 1])
    client = login(publisher)
    response = preview(client, Vendor, xlsx_bytes(rows), XLSX)
    assert errors(response) == []
    confirm(client, Vendor, response)
    zhipu = Vendor.objects.get(slug="zhipu")
    assert (zhipu.founded_year, zhipu.description_zh, zhipu.name_en) == (2019, "", "")
    assert Vendor.objects.get(slug="moonshot").verified is True


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_in_each_encoding_chinese_excel_saves_imports(publisher, encoding):
    rows = [["slug", "name_zh", "kind", "city"], ["iflytek", "科大讯飞", "big_tech", "合肥"]]
    client = login(publisher)
    response = preview(client, Vendor, csv_bytes(rows, encoding))
    assert errors(response) == []
    confirm(client, Vendor, response)
    assert Vendor.objects.get(slug="iflytek").city == "合肥"


def test_a_file_that_is_no_spreadsheet_is_refused_with_a_message(publisher):
    response = preview(login(publisher), Vendor, b"\x00\x01\x02\xff\xfe binary")
    message = " ".join(response.context["form"].errors["import_file"])
    assert "CSV" in message and "Error" not in message


def test_an_xlsx_picked_as_csv_is_read_as_the_workbook_it_is(publisher):
    rows = [["slug", "name_zh", "kind"], ["sensetime", "商汤", "ai_native"]]
    client = login(publisher)
    response = preview(client, Vendor, xlsx_bytes(rows), CSV, name="vendors.csv")
    assert errors(response) == []


def test_every_error_of_a_file_names_row_column_and_value_and_nothing_is_saved(publisher):
    VendorFactory(slug="baidu", name_zh="百度")
    VerticalFactory(slug="finance")
    rows = [
        ["slug", "name_zh", "vendor", "tier", "verticals", "parameters_billion"],
        ["ernie", "文心一言", "baidu", "L0", "finance", ""],
        ["pangu", "盘古", "huawei", "L0", "finance", ""],
        ["wudao", "悟道·天鹰", "baidu", "L9", "finance|law", "约62"],
        ["ernie", "文心一言二", "baidu", "L0", "", ""],
    ]
    response = preview(login(publisher), AIModel, csv_bytes(rows))
    found = errors(response)
    assert response.context.get("confirm_form") is None
    by_cell = {(row, column): message for row, column, message in found}
    assert "“huawei”" in by_cell[(3, "vendor")]
    assert "“L9”" in by_cell[(4, "tier")] and "L0, L1, L2" in by_cell[(4, "tier")]
    assert "“law”" in by_cell[(4, "verticals")] and "finance" in by_cell[(4, "verticals")]
    assert "“约62”" in by_cell[(4, "parameters_billion")]
    assert "2, 5" in by_cell[(2, "slug")] and "2, 5" in by_cell[(5, "slug")]
    page = response.content.decode()
    assert "Traceback" not in page and "/work/" not in page and "DoesNotExist" not in page
    assert not AIModel.objects.filter(slug__in=["ernie", "pangu", "wudao"]).exists()


def test_a_year_written_with_a_character_is_named_and_other_rows_errors_still_show(publisher):
    rows = [
        ["slug", "name_zh", "kind", "founded_year"],
        ["a", "甲", "ai_native", "2019年"],
        ["b", "乙", "nonsense", "2020"],
    ]
    response = preview(login(publisher), Vendor, csv_bytes(rows))
    found = {(row, column) for row, column, _ in errors(response)}
    assert found == {(2, "founded_year"), (3, "kind")}
    assert "2019年" in dict(((r, c), m) for r, c, m in errors(response))[(2, "founded_year")]


def test_a_file_without_a_slug_column_gets_pinyin_slugs(publisher):
    rows = [["name_zh", "kind"], ["智谱华章", "ai_native"], ["哈工大讯飞", "research"]]
    client = login(publisher)
    response = preview(client, Vendor, csv_bytes(rows))
    assert errors(response) == []
    confirm(client, Vendor, response)
    assert set(Vendor.objects.values_list("slug", flat=True)) >= {"zhipuhuazhang", "hagongdaxunfei"}


def test_an_empty_slug_next_to_a_taken_one_gets_its_own(publisher):
    VendorFactory(slug="baidu", name_zh="百度")
    rows = [["slug", "name_zh", "kind"], ["", "百度", "big_tech"]]
    client = login(publisher)
    response = preview(client, Vendor, csv_bytes(rows))
    row = response.context["result"].valid_rows()[0]
    assert row.import_type == "new" and row.instance.slug == "baidu-2"
    assert any("百度" in w["text"] for w in row.warnings)  # a possible duplicate, linked


def test_preview_says_new_changed_field_by_field_and_unchanged(publisher):
    VendorFactory(slug="baidu", name_zh="百度", city="北京", kind="big_tech")
    VendorFactory(slug="ali", name_zh="阿里", city="杭州", kind="big_tech")
    rows = [
        ["slug", "name_zh", "city", "kind"],
        ["baidu", "百度", "北京", "big_tech"],
        ["ali", "阿里巴巴", "杭州", "big_tech"],
        ["new", "新公司", "", "isv"],
    ]
    response = preview(login(publisher), Vendor, csv_bytes(rows))
    result = {r.instance.slug: r for r in response.context["result"].valid_rows()}
    assert result["baidu"].import_type == "skip"
    assert result["ali"].import_type == "update"
    assert result["ali"].changes == [("name_zh", "阿里", "阿里巴巴")]
    assert result["new"].import_type == "new"
    page = response.content.decode()
    assert "阿里巴巴" in page


def test_an_editors_import_of_a_published_vendor_changes_nothing_public(editor, publisher):
    vendor = VendorFactory(slug="baidu", name_zh="百度", city="北京", summary_zh="搜索")
    rows = [["slug", "name_zh", "city", "summary_zh", "kind"], ["baidu", "百度", "", "", "isv"]]
    client = login(editor)
    response = preview(client, Vendor, csv_bytes(rows))
    assert errors(response) == []
    assert response.context["result"].valid_rows()[0].revision
    confirm(client, Vendor, response)
    stored = Vendor.objects.get(pk=vendor.pk)
    assert (stored.city, stored.summary_zh, stored.status) == ("北京", "搜索", "published")
    assert Client().get(vendor.get_absolute_url()).status_code == 200
    revision = Revision.objects.pending().get()
    assert set(revision.changes) == {"city", "summary_zh", "kind"}
    assert revision.source == "import"


def test_an_editors_import_cannot_drop_a_published_vendor_to_draft(editor):
    VendorFactory(slug="baidu", name_zh="百度")
    rows = [["slug", "name_zh", "kind", "status"], ["baidu", "百度", "big_tech", "draft"]]
    response = preview(login(editor), Vendor, csv_bytes(rows))
    assert [(r, c) for r, c, _ in errors(response)] == [(2, "status")]


def _taxonomy():
    return {
        "verticals": [VerticalFactory(slug="finance"), VerticalFactory(slug="health")],
        "modalities": [ModalityFactory(slug="language"), ModalityFactory(slug="vision")],
        "deployment": [DeploymentOptionFactory(slug="api"), DeploymentOptionFactory(slug="xc")],
        "scenarios": [ScenarioFactory(slug="service")],
        "category": ProductCategoryFactory(slug="assistant"),
    }


def _catalogue():
    t = _taxonomy()
    vendor = VendorFactory(
        slug="baidu", name_zh="百度", founded_year=2000, uscc="", website="https://baidu.com",
        description_zh="=HYPERLINK(1)", verified=True, ticker="BIDU", exchange="NASDAQ",
    )  # fmt: skip
    VendorFactory(slug="draft-co", status="draft", published_at=None, name_en="")
    base = AIModelFactory(slug="ernie", vendor=vendor, verticals=t["verticals"])
    model = AIModelFactory(
        slug="ernie-fin", vendor=vendor, base_model=base, parameters_billion="62.000",
        price_input_per_mtok="0.8000", release_date="2024-03-01", open_weights=True,
        verticals=[t["verticals"][0]], modalities=t["modalities"],
    )  # fmt: skip
    model.deployment_options.set(t["deployment"])
    product = ProductFactory(slug="copilot", vendor=vendor, category=t["category"])
    product.ai_models.set([model])
    product.scenarios.set(t["scenarios"])
    case = CaseStudyFactory(slug="bank-case")
    case.vendors.set([vendor])
    case.ai_models.set([model, base])


RESOURCES = [
    (VendorResource, Vendor),
    (AIModelResource, AIModel),
    (ProductResource, Product),
    (CaseStudyResource, CaseStudy),
]


@pytest.mark.parametrize("fmt", [CSV, XLSX])
@pytest.mark.parametrize(("resource", "model"), RESOURCES, ids=lambda v: getattr(v, "__name__", v))
def test_atlas_exports_reimport_unchanged(publisher, resource, model, fmt):
    _catalogue()
    before = {obj.slug: (obj.version, obj.updated) for obj in model._base_manager.all()}
    dataset = resource().export(queryset=model._base_manager.all())
    exported = (base_formats.CSV if fmt == CSV else base_formats.XLSX)().export_data(dataset)
    content = exported.encode("utf-8") if isinstance(exported, str) else exported
    client = login(publisher)
    response = preview(client, model, content, fmt)
    assert errors(response) == []
    rows = response.context["result"].valid_rows()
    assert len(rows) == len(before)
    assert {r.import_type for r in rows} == {"skip"}, [(r.instance.slug, r.changes) for r in rows]
    confirm(client, model, response)
    after = {obj.slug: (obj.version, obj.updated) for obj in model._base_manager.all()}
    assert after == before


ADMIN_EXPORTED = [Vendor, AIModel, Product, CaseStudy, "insights.StatSeries", "directory.Vertical"]


@pytest.mark.parametrize("fmt_name", ["csv", "xlsx"])
@pytest.mark.parametrize("model", ADMIN_EXPORTED, ids=str)
def test_the_admins_own_export_reimports_unchanged(publisher, rf, model, fmt_name):
    """What an editor downloads from the list page's Export, uploaded again: nothing to do."""
    from django.apps import apps
    from django.contrib import admin

    from tests.factories import StatPointFactory

    _catalogue()
    StatPointFactory()
    if isinstance(model, str):
        model = apps.get_model(model)
    model_admin = admin.site._registry[model]
    request = rf.get("/")
    request.user = publisher
    formats = model_admin.get_export_formats()
    fmt = next(i for i, f in enumerate(formats) if f().get_title() == fmt_name)
    resource = model_admin.get_export_resource_classes(request)[0]
    prefix = resource.__name__.lower()
    fields = [f"{prefix}_{name}" for name in resource().fields]
    client = login(publisher)
    info = (model._meta.app_label, model._meta.model_name)
    exported = client.post(
        reverse("admin:{}_{}_export".format(*info)),
        {"format": str(fmt), "resource": "0", "export_items": [], **dict.fromkeys(fields, "on")},
    )
    assert exported.status_code == 200, exported.content[:300]
    before = {row["id"]: row for row in model._base_manager.values()}
    imports = [f().get_title() for f in model_admin.get_import_formats()]
    upload = io.BytesIO(exported.content)
    upload.name = f"export.{fmt_name}"
    response = client.post(
        reverse("admin:{}_{}_import".format(*info)),
        {"import_file": upload, "format": str(imports.index(fmt_name)), "resource": "0"},
    )
    assert response.status_code == 200
    result = response.context["result"]
    assert not result.has_errors() and not result.has_validation_errors(), errors(response)
    assert {r.import_type for r in result.valid_rows()} <= {"skip"}, [
        (r.instance.pk, getattr(r, "changes", r.diff))
        for r in result.valid_rows()
        if r.import_type != "skip"
    ]
    confirm(client, model, response) if response.context.get("confirm_form") else None
    assert {row["id"]: row for row in model._base_manager.values()} == before


def test_a_rule_across_columns_is_explained_too(publisher):
    rows = [["slug", "name_zh", "kind", "exchange", "ticker"]]
    rows.append(["listed", "上市公司", "big_tech", "SSE", ""])
    response = preview(login(publisher), Vendor, csv_bytes(rows))
    [(row, _column, message)] = errors(response)
    assert row == 2 and "股票代码" in message
    assert "vendor_exchange_needs_ticker" not in message
