"""Chinese names sort by pinyin (Latin names among them), from a stored, indexed key."""

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import translation

from core.sorting import pinyin_sort_key
from directory.models import Vendor, Vertical
from tests.factories import AIModelFactory, VendorFactory, VerticalFactory

pytestmark = pytest.mark.django_db

NAMES = ["三六零", "OpenAI", "阿里云", "百度", "字节跳动", "谷歌", "智谱AI", "科大讯飞"]
PINYIN_ORDER = ["阿里云", "百度", "谷歌", "科大讯飞", "OpenAI", "三六零", "智谱AI", "字节跳动"]


def test_the_key_is_pinyin():
    assert pinyin_sort_key("阿里云") == "aliyun"
    assert pinyin_sort_key("OpenAI") == "openai"
    assert pinyin_sort_key("360集团") == "360jituan"
    assert pinyin_sort_key("") == ""


def test_the_vendor_list_is_in_pinyin_order_by_default_and_in_the_api(client):
    for i, name in enumerate(NAMES):
        VendorFactory(slug=f"v{i}", name_zh=name, name_en="")
    page = client.get(reverse("directory:vendor_list") + "?ordering=name").content.decode()
    positions = [page.index(f'/">{name}') for name in PINYIN_ORDER]
    assert positions == sorted(positions)
    api = client.get("/api/v1/vendors/?ordering=name").json()["results"]
    assert [row["name_zh"] for row in api] == PINYIN_ORDER


def test_the_key_follows_a_rename_also_with_update_fields():
    vendor = VendorFactory(name_zh="百度")
    assert vendor.name_sort == "baidu"
    vendor.name_zh = "阿里云"
    vendor.save(update_fields=["name_zh"])
    assert Vendor.objects.get(pk=vendor.pk).name_sort == "aliyun"
    model = AIModelFactory(name_zh="通义千问")
    assert model.name_sort == "tongyiqianwen"


def test_a_rename_with_update_fields_works_where_there_is_no_sort_key():
    """Taxonomy terms have names but no `name_sort` column: renaming one with update_fields
    must not ask for a column it does not have."""
    vertical = VerticalFactory(name_zh="政务")
    vertical.name_zh = "政务服务"
    vertical.save(update_fields=["name_zh"])
    assert Vertical.objects.get(pk=vertical.pk).name_zh == "政务服务"


def test_the_other_name_is_the_name_in_the_other_language():
    vendor = VendorFactory(name_zh="百度", name_en="Baidu")
    same = VendorFactory(name_zh="MiniMax", name_en="MiniMax")
    with translation.override("zh-hans"):
        assert (vendor.name, vendor.other_name, same.other_name) == ("百度", "Baidu", "")
    with translation.override("en"):
        assert (vendor.name, vendor.other_name, same.other_name) == ("Baidu", "百度", "")
    # Where both are shown at once (the admin, history, select boxes): both names, once each.
    english_only = VendorFactory(name_zh="", name_en="OpenAI")
    assert [str(v) for v in (vendor, same, english_only)] == ["百度 (Baidu)", "MiniMax", "OpenAI"]


def test_ordering_by_name_reads_the_index_instead_of_sorting():
    VendorFactory()
    ordered = Vendor.objects.published().order_by("name_sort", "name_zh")
    sql, params = ordered.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = " ".join(row[-1] for row in cursor.fetchall())
            assert "vendor_name_sort" in plan and "TEMP B-TREE" not in plan, plan
        else:
            # A few test rows: ask whether the index can give the order at all (a bitmap scan
            # and a sort are cheaper on five rows, so they are ruled out, not the index).
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_bitmapscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = " ".join(row[0] for row in cursor.fetchall())
            assert "vendor_name_sort" in plan and "Sort" not in plan.split("Index")[0], plan
