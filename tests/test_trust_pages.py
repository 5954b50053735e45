"""What a buyer or partner checks before trusting the directory: about, licence, corrections,
the developers page and asking for an API key (approved in the admin, the key shown once)."""

import hashlib
import re

import pytest
from django.urls import reverse

from feedback.models import Message
from partners.models import APIKey, APIKeyRequest
from tests.factories import AIModelFactory

pytestmark = pytest.mark.django_db


def test_developers_page_has_a_container_a_translated_rate_and_a_key_request_link(client):
    html = client.get("/developers/").content.decode()
    assert '<div class="container' in html.split('class="api-docs"')[0].rsplit("<main", 1)[1]
    assert "/hour" not in html and "每小时" in html  # "60/hour" was English in the Chinese page
    assert reverse("partners:key_request") in html
    assert '<pre tabindex="0">' in html  # scrollable examples reachable by keyboard
    english = client.get("/en/developers/").content.decode()
    assert re.search(r"[\d,]+ requests per hour per address", english)


def test_an_api_key_request_waits_for_an_editor_who_sees_the_key_once(client, superuser):
    form = {
        "organisation": "某省政府采购网",
        "contact_name": "王工",
        "contact_email": "wang@example.cn",
        "website": "portal.example.cn",
        "intended_use": "Mirror the case studies for buyers; about 2,000 requests a day.",
    }
    response = client.post(reverse("partners:key_request"), form)
    assert response.status_code == 302
    request_row = APIKeyRequest.objects.get()
    assert request_row.status == APIKeyRequest.Status.PENDING and not APIKey.objects.exists()

    client.force_login(superuser)
    changelist = reverse("admin:partners_apikeyrequest_changelist")
    response = client.post(
        changelist, {"action": "approve", "_selected_action": [request_row.pk]}, follow=True
    )
    message = " ".join(str(m) for m in response.context["messages"])
    raw = re.search(r"atlas_[\w-]+", message).group()
    key = APIKey.objects.get()
    assert key.digest == hashlib.sha256(raw.encode()).hexdigest()
    assert key.owner == "某省政府采购网" and key.contact_email == "wang@example.cn"
    request_row.refresh_from_db()
    assert request_row.status == APIKeyRequest.Status.APPROVED and request_row.key == key
    assert client.get("/api/v1/cases/", headers={"X-API-Key": raw}).status_code == 200

    # Shown once: the request's page and a second approval never show or issue it again.
    page = client.get(reverse("admin:partners_apikeyrequest_change", args=[request_row.pk]))
    assert raw not in page.content.decode()
    again = client.post(
        changelist, {"action": "approve", "_selected_action": [request_row.pk]}, follow=True
    )
    assert "atlas_" not in " ".join(str(m) for m in again.context["messages"])
    assert APIKey.objects.count() == 1


def test_a_bad_key_request_is_a_form_error_and_saves_nothing(client):
    response = client.post(
        reverse("partners:key_request"), {"organisation": "x", "contact_email": "not-an-email"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["contact_email"]
    assert not APIKeyRequest.objects.exists()


def test_a_correction_from_a_detail_page_lands_in_the_editors_queue(client, superuser):
    model = AIModelFactory()
    page = client.get(model.get_absolute_url()).content.decode()
    link = f"{reverse('feedback:contact')}?about={model.get_absolute_url()}"
    assert link.replace("/", "%2F").replace("%2Fcontact%2F", "/contact/") in page or link in page
    form_page = client.get(link)
    assert form_page.context["form"].initial["about_url"] == model.get_absolute_url()
    assert form_page.context["form"].initial["kind"] == Message.Kind.CORRECTION
    response = client.post(
        reverse("feedback:contact"),
        {
            "kind": "correction",
            "about_url": model.get_absolute_url(),
            "body": "The context window is 128k since the March release.",
            "source_url": "https://example.com/release-notes",
        },
    )
    assert response.status_code == 302
    message = Message.objects.get()
    assert message.status == Message.Status.NEW and message.about_url == model.get_absolute_url()

    client.force_login(superuser)
    listing = client.get(reverse("admin:feedback_message_changelist")).content.decode()
    assert "The context window is 128k" in listing
    client.post(
        reverse("admin:feedback_message_changelist"),
        {"action": "mark_handled", "_selected_action": [message.pk]},
    )
    message.refresh_from_db()
    assert message.status == Message.Status.HANDLED and message.handled_by == superuser


def test_a_message_about_another_site_is_refused(client):
    response = client.post(
        reverse("feedback:contact"),
        {"kind": "correction", "about_url": "https://evil.example/", "body": "x"},
    )
    assert response.status_code == 200 and response.context["form"].errors["about_url"]
    assert not Message.objects.exists()


def test_about_explains_tiers_sources_updates_and_sample(client):
    html = client.get("/en/about/").content.decode()
    for text in ("L0", "L1", "L2", "CAC", "sample", "history", "not recorded"):
        assert text.lower() in html.lower(), text
    licence = client.get("/en/about/data-licence/").content.decode()
    assert 'rel="license"' in licence and "How to cite Atlas" in licence
    footer = client.get("/").content.decode()
    for name in ("public:about", "public:data_licence", "feedback:contact", "partners:developers"):
        assert reverse(name) in footer


def test_favicon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith(".ico")
    assert 'rel="icon"' in client.get("/").content.decode()


def test_create_editor_without_a_terminal_points_to_password(monkeypatch):
    import io

    from django.core.management import call_command
    from django.core.management.base import CommandError

    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    with pytest.raises(CommandError, match="--password"):
        call_command("create_editor", "alice")


def test_time_elements_carry_no_microseconds(client):
    from tests.factories import VendorFactory

    vendor = VendorFactory()
    html = client.get(vendor.get_absolute_url()).content.decode()
    stamp = re.search(r'<time datetime="([^"]+)"', html).group(1)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)", stamp), stamp


def test_htmx_attributes_are_valid_html_data_attributes(client):
    from tests.factories import VendorFactory

    VendorFactory()
    html = client.get(reverse("directory:vendor_list")).content.decode()
    assert "data-hx-get=" in html and not re.search(r"\shx-[a-z-]+=", html)


def test_a_fresh_site_features_nobody_and_lists_vendors_by_pinyin(client):
    from tests.factories import VendorFactory

    for i, name in enumerate(["谷歌", "OpenAI", "阿里云", "百度"]):
        VendorFactory(slug=f"v{i}", name_zh=name, name_en="")
    html = client.get("/").content.decode()
    section = html.split('id="featured-heading"')[1]
    assert "推荐服务商" not in section[:80] and "Featured" not in section[:80]
    assert section.index("阿里云") < section.index("百度") < section.index("谷歌")
    VendorFactory(slug="featured", name_zh="智谱", name_en="", featured=True)
    section = client.get("/").content.decode().split('id="featured-heading"')[1]
    assert "智谱" in section and "阿里云" not in section
