"""The editors' admin at 1280 px (issue 14): numbers without padding zeros, narrow short
columns, and a stylesheet that keeps names readable."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import AIModelFactory, CaseMetricFactory, CaseStudyFactory

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_metric_values_show_without_trailing_zeros(publisher):
    case = CaseStudyFactory()
    CaseMetricFactory(case=case, before="62.0000", after="0.5000")
    page = login(publisher).get(reverse("admin:cases_casestudy_change", args=[case.pk]))
    html = page.content.decode()
    assert 'value="62"' in html and 'value="0.5"' in html
    assert "62.0000" not in html


def test_model_list_shows_prices_plainly_and_dates_by_day(publisher):
    AIModelFactory(price_input_per_mtok="0.8000", name_zh="很长的模型名称用来检查列宽")
    html = login(publisher).get(reverse("admin:directory_aimodel_changelist")).content.decode()
    assert ">0.8<" in html and "0.8000" not in html
    assert "css/admin.css" in html
