"""Every query a public page sends to the big tables can be answered through an index.

The pages' cost must not grow with the directory (docs/DEPLOY.md, bench/pages.py): a full scan of
the case studies (or of the models, products and their links) on a list, facet, detail or home
page is what made them cost seconds at 100,000 cases. Each query is EXPLAINed on the database the
suite runs on: SQLite must not report a plain `SCAN` of a big table, and PostgreSQL, with
sequential scans discouraged, must still find a plan without one (tiny test tables would
otherwise be read sequentially because that is cheaper, not because no index fits).
"""

import re

import pytest
from django.db import connection
from django.urls import reverse

from tests.site_data import build_catalogue

BIG_TABLES = (
    "cases_casestudy",
    "cases_casestudy_vendors",
    "cases_casestudy_scenarios",
    "directory_aimodel",
    "directory_product",
    "directory_aimodel_verticals",
)


def page_queries(client, url: str) -> list[tuple[str, tuple]]:
    captured = []

    def capture(execute, sql, params, many, context):
        captured.append((sql, tuple(params or ())))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        response = client.get(url)
    assert response.status_code == 200, url
    return [(sql, params) for sql, params in captured if sql.lstrip().upper().startswith("SELECT")]


def full_scans(sql: str, params: tuple) -> list[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            lines = [row[-1] for row in cursor.fetchall()]
            pattern = re.compile(r"^SCAN (\w+)(?! USING)")
            return [
                line for line in lines if (m := pattern.match(line)) and m.group(1) in BIG_TABLES
            ]
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        lines = [row[0] for row in cursor.fetchall()]
        return [
            line for line in lines if any(f"Seq Scan on {table} " in line for table in BIG_TABLES)
        ]


@pytest.fixture
def catalogue(db):
    return build_catalogue()


def page_urls(c) -> list[str]:
    return [
        reverse("home"),
        reverse("directory:vertical_list"),
        c.finance.get_absolute_url(),
        reverse("cases:case_list"),
        reverse("cases:case_list") + "?vertical=finance&tier=L1",
        reverse("cases:case_list") + "?page=2",
        reverse("directory:vendor_list"),
        reverse("directory:vendor_list") + "?vertical=finance",
        reverse("directory:model_list"),
        reverse("directory:model_list") + "?vertical=finance",
        reverse("directory:product_list"),
        c.case.get_absolute_url(),
        c.vendor.get_absolute_url(),
        c.model.get_absolute_url(),
        c.product.get_absolute_url(),
        reverse("finder:finder") + "?vertical=finance&region=zhejiang&deployment=private",
        reverse("finder:finder") + "?xinchuang=1&dengbao=3&filing=1&max_price=5",
    ]


def test_public_pages_read_big_tables_through_indexes(client, catalogue):
    problems = {}
    with connection.cursor():  # EXPLAIN runs on the suite's own connection, in its transaction
        for url in page_urls(catalogue):
            for sql, params in page_queries(client, url):
                if not any(table in sql for table in BIG_TABLES):
                    continue
                scans = full_scans(sql, params)
                if scans:
                    problems.setdefault(url, []).append((sql[:300], scans))
    assert problems == {}
