"""Random query strings and form posts at every public page (and the suggest form when the site
has one): the answer may be a 4xx or a cleared filter, never a 5xx."""

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import (
    AIModelFactory,
    CaseStudyFactory,
    ProductFactory,
    StatPointFactory,
    VerticalFactory,
)
from tests.public_pages import argument_free_public_urls, suggest_form_urls

# Parameters the pages understand, and some they do not.
KNOWN_KEYS = [
    "q", "page", "ordering", "sort", "vertical", "scenario", "tier", "kind", "province",
    "region", "category", "modality", "deployment", "open_weights", "verified", "year",
    "client_type", "lang", "format", "per_page", "page_size", "vendor", "compare", "ids",
]  # fmt: skip
NASTY = [
    "", "0", "-1", "1e309", "NaN", "999999999999999999999", "' OR 1=1 --", "<script>x</script>",
    "%00", "\x00", "../../etc/passwd", "金融", "政務", "L0", "L9", "a" * 5000, "🙂", "\ud7ff",
    "[]", "{}", "null", "true",
]  # fmt: skip
text = st.one_of(st.sampled_from(NASTY), st.text(max_size=60))
query = st.dictionaries(
    st.one_of(st.sampled_from(KNOWN_KEYS), st.text(min_size=1, max_size=12)),
    st.one_of(text, st.lists(text, max_size=3)),
    max_size=6,
)
FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def directory(db):
    vertical = VerticalFactory(slug="finance", name_zh="金融")
    CaseStudyFactory(vertical=vertical, ai_models=[AIModelFactory()])
    ProductFactory(verticals=[vertical])
    StatPointFactory()


def public_urls():
    urls = argument_free_public_urls()
    assert "/vendors/" in urls and "/cases/" in urls  # the finder still finds pages
    return urls


@FUZZ
@given(data=st.data())
def test_random_query_strings_never_cause_a_server_error(directory, data):
    client = Client(raise_request_exception=False)
    url = data.draw(st.sampled_from(public_urls()), label="url")
    params = data.draw(query, label="params")
    response = client.get(url, params)
    assert response.status_code < 500, (url, params)


@FUZZ
@given(data=st.data())
def test_random_form_posts_never_cause_a_server_error(directory, data):
    client = Client(raise_request_exception=False)
    url = data.draw(st.sampled_from(suggest_form_urls() or public_urls()), label="url")
    form = data.draw(query, label="form")
    response = client.post(url, form)
    assert response.status_code < 500, (url, form)
