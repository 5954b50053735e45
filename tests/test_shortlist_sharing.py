"""A shortlist outlives the session as a signed link; the link cannot be altered."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from public.shortlist import share_token
from tests.factories import AIModelFactory, VendorFactory

pytestmark = pytest.mark.django_db


def test_a_shared_link_shows_the_same_entries_to_someone_else(client):
    vendor, model = VendorFactory(slug="baidu"), AIModelFactory(slug="ernie")
    for key in ("vendor:baidu", "aimodel:ernie"):
        client.post(reverse("public:shortlist_toggle"), {"item": key})
    page = client.get(reverse("public:shortlist")).content.decode()
    link = re.search(r'id="shortlist-share-url" type="url" readonly value="([^"]+)"', page).group(1)

    stranger = Client()
    shared = stranger.get(link)
    assert shared.status_code == 200
    html = shared.content.decode()
    assert vendor.get_absolute_url() in html and model.get_absolute_url() in html
    assert 'name="robots" content="noindex"' in html

    stranger.post(link + "keep/")
    mine = stranger.get(reverse("public:shortlist"))
    assert mine.context["count"] == 2


def test_an_altered_link_is_a_404_not_an_error(client):
    VendorFactory(slug="baidu")
    token = share_token(["vendor:baidu"])
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    assert client.get(reverse("public:shortlist_shared", args=[forged])).status_code == 404
    assert client.get(reverse("public:shortlist_shared", args=["nonsense"])).status_code == 404
    assert client.post(reverse("public:shortlist_keep", args=["nonsense"])).status_code == 404


def test_the_print_stylesheet_is_linked_for_print_only(client):
    html = client.get(reverse("public:shortlist")).content.decode()
    assert re.search(r'href="[^"]*css/print\.css" media="print"', html)
