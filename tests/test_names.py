"""Names as people type them (issue 14): aliases found by search, punctuation and spacing
inside names folded, an exact name first, pinyin slugs, possible duplicates flagged."""

import pytest
from django.test import Client
from django.urls import reverse

from core.names import pinyin_slug, slug_from_names
from directory.models import AIModel, AIModelName, Vendor, VendorName
from tests.factories import AIModelFactory, VendorFactory
from tests.test_editorial_safety import form_data

pytestmark = pytest.mark.django_db


def found(model, query) -> list[str]:
    return [obj.slug for obj in model.objects.published().search(query)]


def test_vendors_are_found_by_their_short_and_legal_names():
    zhipu = VendorFactory(slug="zhipu", name_zh="北京智谱华章科技", name_en="Zhipu AI")
    VendorName.objects.create(vendor=zhipu, name="智谱", kind="short")
    hit = VendorFactory(slug="hit", name_zh="哈尔滨工业大学")
    VendorName.objects.create(vendor=hit, name="哈工大", kind="short")
    assert found(Vendor, "智谱") == ["zhipu"]
    assert found(Vendor, "哈工大") == ["hit"]
    VendorName.objects.filter(vendor=hit).delete()
    assert found(Vendor, "哈工大") == []


def test_models_are_found_by_their_other_names():
    model = AIModelFactory(slug="ernie", name_zh="文心大模型", name_en="ERNIE")
    AIModelName.objects.create(ai_model=model, name="文心一言", kind="short")
    assert found(AIModel, "文心一言") == ["ernie"]


@pytest.mark.parametrize(
    "stored", ["悟道·天鹰", "悟道•天鹰", "悟道・天鹰", "悟道-天鹰", "悟道 天鹰", "悟道天鹰"]
)
@pytest.mark.parametrize("typed", ["悟道天鹰", "悟道·天鹰", "悟道 天鹰", "悟道/天鹰", "悟道_天鹰"])
def test_separators_inside_a_name_do_not_matter(stored, typed):
    AIModelFactory(slug="aquila", name_zh=stored)
    AIModelFactory(slug="other", name_zh="悟道")
    assert "aquila" in found(AIModel, typed)
    assert "other" not in found(AIModel, typed)


def test_an_exact_name_ranks_first():
    # The longer name is featured, verified and newer: it would rank first on score alone.
    big = VendorFactory(verified=True)
    AIModelFactory(slug="yunzhong", name_zh="云中问道", vendor=big, featured=True)
    AIModelFactory(slug="wendao", name_zh="问道")
    assert found(AIModel, "问道") == ["wendao", "yunzhong"]
    assert found(AIModel, "云中问道") == ["yunzhong"]


def test_an_exact_alias_ranks_first_too():
    VendorFactory(slug="zhipu-fans", name_zh="智谱粉丝俱乐部", featured=True, verified=True)
    zhipu = VendorFactory(slug="zhipu", name_zh="北京智谱华章科技")
    VendorName.objects.create(vendor=zhipu, name="智谱", kind="short")
    assert found(Vendor, "智谱")[0] == "zhipu"


def test_exact_ranking_respects_filters():
    AIModelFactory(slug="wendao", name_zh="问道", tier="L1")
    AIModelFactory(slug="yunzhong", name_zh="云中问道", tier="L0")
    results = AIModel.objects.published().search("问道").filter(tier="L0")
    assert [m.slug for m in results] == ["yunzhong"]


def test_pinyin_slugs():
    assert pinyin_slug("悟道·天鹰") == "wudao-tianying"
    assert pinyin_slug("文心一言4.0") == "wenxinyiyan-4-0"
    assert slug_from_names(name_zh="智谱", name_en="") == "zhipu"
    assert slug_from_names(name_zh="智谱", name_en="Zhipu AI") == "zhipu-ai"


def _add(client, url, data):
    page = client.get(url)
    posted = {k: v for k, v in form_data(page).items() if not k.endswith(("TOTAL_FORMS",))}
    posted.update({k: v for k, v in form_data(page).items() if k.endswith("FORMS")})
    posted.update(data)
    return client.post(url, posted)


def test_the_add_form_makes_a_pinyin_slug_when_left_empty(editor):
    client = Client()
    client.force_login(editor)
    response = _add(
        client,
        reverse("admin:directory_vendor_add"),
        {"name_zh": "月之暗面", "name_en": "", "slug": "", "kind": "ai_native"},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Vendor.objects.get(name_zh="月之暗面").slug == "yuezhianmian"


def test_the_add_form_flags_a_possible_duplicate_then_saves_on_a_second_submit(editor):
    baidu = VendorFactory(slug="baidu", name_zh="百度")
    VendorName.objects.create(vendor=baidu, name="北京百度网讯科技有限公司", kind="legal")
    client = Client()
    client.force_login(editor)
    url = reverse("admin:directory_vendor_add")
    values = {"name_zh": "北京百度网讯科技有限公司", "slug": "baidu-netcom", "kind": "big_tech"}
    first = _add(client, url, values)
    assert first.status_code == 200
    page = first.content.decode()
    assert reverse("admin:directory_vendor_change", args=[baidu.pk]) in page
    assert not Vendor.objects.filter(slug="baidu-netcom").exists()
    again = form_data(first)
    again.update(values)
    assert client.post(url, again).status_code == 302
    assert Vendor.objects.filter(slug="baidu-netcom").exists()
