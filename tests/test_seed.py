import pytest
from django.core.management import call_command

from cases.models import CaseStudy
from directory.models import AIModel, Vendor, Vertical
from insights.models import StatSeries

pytestmark = pytest.mark.django_db


def snapshot():
    rows = []
    for model in (Vendor, AIModel, CaseStudy, Vertical, StatSeries):
        rows += list(model.objects.order_by("pk").values())
    return rows


def test_seed_loads_report_content_and_second_run_changes_nothing(capsys):
    call_command("load_seed")
    first = snapshot()
    history_rows = Vendor.history.count()
    call_command("load_seed")
    assert "0 changes" in capsys.readouterr().out.splitlines()[-1]
    assert snapshot() == first
    assert Vendor.history.count() == history_rows

    names = set(AIModel.objects.published().values_list("name_zh", flat=True))
    assert {
        "文心一言",
        "通义千问",
        "盘古大模型",
        "星火认知大模型",
        "360智脑",
        "豆包大模型",
    } <= names
    assert AIModel.objects.get(slug="hunyuan-vision").modalities.filter(slug="multimodal").exists()
    assert AIModel.objects.get(slug="cogvlm").modalities.filter(slug="vision").exists()
    filings = StatSeries.objects.get(slug="cac-filings-per-batch-2024")
    assert [int(p.value) for p in filings.points.all()] == [117, 97, 95]
    prices = StatSeries.objects.get(slug="model-price-per-million-tokens")
    assert [float(p.value) for p in prices.points.all()] == [300, 50, 20, 1.5]
    assert StatSeries.objects.get(slug="filed-models-total").points.get().value == 309
    assert CaseStudy.objects.count() == CaseStudy.objects.filter(is_sample=True).count() > 0
