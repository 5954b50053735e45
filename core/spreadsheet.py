"""Every CSV the project writes goes through `safe_cell`, so no cell runs as a formula.

A spreadsheet program treats a cell starting with `=`, `+`, `-`, `@` (or a tab or carriage return
before one) as a formula: `=HYPERLINK(…)` or a DDE call in an editor's or a visitor's text would
run on the machine of whoever opens the export (CSV injection, OWASP). Such a cell gets a leading
apostrophe, which spreadsheets hide; plain numbers such as `-3.5` are left alone.
"""

import csv
import re

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
PLAIN_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")


def safe_cell(value) -> str:
    """The text of one cell, with an apostrophe before anything a spreadsheet would evaluate."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_PREFIXES) and not PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


class SafeWriter:
    """`csv.writer` whose every cell goes through `safe_cell`."""

    def __init__(self, out, **options):
        self._writer = csv.writer(out, **options)

    def writerow(self, row):
        return self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def writer(out, **options) -> SafeWriter:
    return SafeWriter(out, **options)


def xlsx(sheets: dict[str, list[list]]) -> bytes:
    """A workbook, one sheet per item, every text cell through `safe_cell` as in the CSVs."""
    import io

    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title=title[:31])
        for row in rows:
            sheet.append([safe_cell(v) if isinstance(v, str) else v for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
