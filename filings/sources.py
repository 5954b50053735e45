"""Reading a register file (the JSON mirror, or an announcement's CSV/XLSX attachment) into
batches of raw rows. Nothing here judges the rows: `services.filings_import` does."""

import csv
import hashlib
import io
import json
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

# Canonical column → the headers the CAC has printed for it (备案 variants and the 登记 one).
COLUMNS = {
    "serial": ("序号",),
    "region": ("属地", "所属地区", "地区"),
    "name": ("模型名称", "大模型名称", "应用/功能名称", "应用名称", "功能名称", "服务名称"),
    "organisation": ("备案单位", "登记单位", "单位名称", "主体名称"),
    "number": ("备案号", "备案编号", "上线编号", "登记编号"),
    "date": ("备案时间", "登记时间", "上线时间", "备案日期", "登记日期"),
    "tag": ("_kind",),
}
REQUIRED = ("name", "organisation", "number")
# Headers that announce the 登记 (application) section of an attachment.
DENGJI_HEADERS = {
    "应用/功能名称",
    "应用名称",
    "功能名称",
    "登记单位",
    "上线编号",
    "登记编号",
    "登记时间",
}
HEADER_NAMES = {name: column for column, names in COLUMNS.items() for name in names}
PERIOD_IN_NAME = (
    re.compile(r"(20\d\d)年(\d{1,2})月"),
    re.compile(r"(20\d\d)[-_.](\d{1,2})(?!\d)"),
)


class RegisterFileError(Exception):
    """The file cannot be imported as it is; the message says why and what to do."""


def header_name(text) -> str:
    return "".join(unicodedata.normalize("NFKC", str(text or "")).split())


def column_of(header) -> str | None:
    return HEADER_NAMES.get(header_name(header))


@dataclass
class SourceBatch:
    period: str
    title: str = ""
    announcement_url: str = ""
    attachment_url: str = ""
    stated_count: int | None = None
    header: list[str] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)


@dataclass
class SourceFile:
    name: str
    file_format: str
    checksum: str
    batches: list[SourceBatch]

    @property
    def row_count(self) -> int:
        return sum(len(b.rows) for b in self.batches)


def read_register_file(
    path: Path, *, period: str = "", announcement_url: str = "", attachment_url: str = ""
) -> SourceFile:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise RegisterFileError(
            _("Cannot read %(path)s: %(error)s") % {"path": path, "error": error}
        ) from None
    if not data.strip():
        raise RegisterFileError(_("The file is empty: there is nothing to import."))
    checksum = hashlib.sha256(data).hexdigest()
    suffix = path.suffix.lower()
    if suffix == ".json":
        batches = _json_batches(data, period=period)
        file_format = "json"
    elif suffix in (".csv", ".xlsx"):
        table = _csv_table(data) if suffix == ".csv" else _xlsx_table(data)
        period = period or _period_from_name(path.name)
        if not period:
            raise RegisterFileError(
                _(
                    "Which batch is this? Give its period (--period YYYY-MM); it could not be "
                    "read from the file name."
                )
            )
        batches = [_table_batch(table, period=period)]
        file_format = suffix[1:]
    else:
        raise RegisterFileError(
            _("Unknown file type %(suffix)s: import a .json, .csv or .xlsx file.")
            % {"suffix": suffix or _("(none)")}
        )
    for batch in batches:
        if len(batches) == 1:
            batch.announcement_url = announcement_url or batch.announcement_url
            batch.attachment_url = attachment_url or batch.attachment_url
        if not re.fullmatch(r"20\d\d-(0[1-9]|1[0-2])", batch.period or ""):
            raise RegisterFileError(
                _("Batch period %(period)r is not YYYY-MM.") % {"period": batch.period}
            )
    return SourceFile(path.name, file_format, checksum, batches)


def _period_from_name(name: str) -> str:
    for pattern in PERIOD_IN_NAME:
        match = pattern.search(name)
        if match and 1 <= int(match[2]) <= 12:
            return f"{match[1]}-{int(match[2]):02d}"
    return ""


def _check_columns(header: list[str]) -> None:
    known = {column_of(h) for h in header} - {None}
    missing = [c for c in REQUIRED if c not in known]
    if missing:
        expected = "; ".join("/".join(COLUMNS[c]) for c in ("serial", "region", *REQUIRED, "date"))
        raise RegisterFileError(
            _(
                "The columns are not the register's: found %(found)s; expected %(expected)s. "
                "Nothing was imported."
            )
            % {"found": ", ".join(map(str, header)) or _("(none)"), "expected": expected}
        )


# -- JSON -------------------------------------------------------------------------------------


def _json_batches(data: bytes, *, period: str) -> list[SourceBatch]:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise RegisterFileError(_("The file is not UTF-8 text, so it cannot be JSON.")) from None
    except json.JSONDecodeError as error:
        raise RegisterFileError(
            _("The file is not valid JSON (line %(line)s, column %(column)s: %(message)s).")
            % {"line": error.lineno, "column": error.colno, "message": error.msg}
        ) from None
    if isinstance(document, dict) and isinstance(document.get("batches"), list):
        raw_batches = document["batches"]
    elif isinstance(document, dict) and isinstance(document.get("rows"), list):
        raw_batches = [document]
    elif isinstance(document, list) and all(isinstance(r, dict) for r in document):
        raw_batches = [{"period": period, "rows": document}]
    else:
        raise RegisterFileError(
            _('The JSON has no "batches" (or "rows") list: it is not a register file.')
        )
    batches = []
    for raw in raw_batches:
        rows = raw.get("rows") if isinstance(raw, dict) else None
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise RegisterFileError(_('Every batch needs a "rows" list of objects.'))
        header = list(raw.get("header") or (rows[0].keys() if rows else []))
        _check_columns(header + [k for r in rows[:1] for k in r])
        count = raw.get("count")
        batches.append(
            SourceBatch(
                period=str(raw.get("period") or period or ""),
                title=str(raw.get("name") or raw.get("title") or ""),
                announcement_url=str(raw.get("page") or ""),
                attachment_url=str(raw.get("url") or ""),
                stated_count=count if isinstance(count, int) else None,
                header=[str(h) for h in header],
                rows=rows,
            )
        )
    if not batches:
        raise RegisterFileError(_("The file holds no batches: there is nothing to import."))
    return batches


# -- tables (CSV, XLSX) -----------------------------------------------------------------------


def _csv_table(data: bytes) -> list[list]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            data.decode("gb18030")
        except UnicodeDecodeError:
            raise RegisterFileError(_("The file is not UTF-8 text.")) from None
        raise RegisterFileError(
            _(
                "The file is not UTF-8: it reads as GBK/GB18030, the encoding Excel uses for "
                "Chinese CSV. Save it as “CSV UTF-8” and import it again. Nothing was imported."
            )
        ) from None
    return [row for row in csv.reader(io.StringIO(text)) if any(c.strip() for c in row)]


def _xlsx_table(data: bytes) -> list[list]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError):
        raise RegisterFileError(_("The file is not a readable XLSX workbook.")) from None
    sheet = workbook.worksheets[0]
    table = [
        ["" if v is None else v for v in row]
        for row in sheet.iter_rows(values_only=True)
        if any(v not in (None, "") for v in row)
    ]
    workbook.close()
    return table


def _table_batch(table: list[list], *, period: str) -> SourceBatch:
    # Attachments often open with a title line above the header: start at the first header.
    start = next(
        (i for i, row in enumerate(table) if sum(column_of(c) is not None for c in row) >= 3),
        None,
    )
    if start is None:
        _check_columns([str(c) for c in table[0]] if table else [])
    header = [header_name(c) or f"column{i + 1}" for i, c in enumerate(table[start])]
    _check_columns(header)
    rows = []
    for row in table[start + 1 :]:
        cells = list(row) + [""] * (len(header) - len(row))
        rows.append({h: _cell(c) for h, c in zip(header, cells, strict=False)})
    return SourceBatch(period=period, header=header, rows=rows)


def _cell(value):
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value if hasattr(value, "year") else str(value).strip()
