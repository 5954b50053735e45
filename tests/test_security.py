"""Production settings, security headers and CSP, admin login lockout."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.factories import (
    AIModelFactory,
    CaseStudyFactory,
    ProductFactory,
    StatSeriesFactory,
    UserFactory,
    VendorFactory,
)
from tests.public_pages import argument_free_public_urls

ROOT = Path(__file__).resolve().parent.parent
GOOD_KEY = "k3R9-x_Qw7ZpL2mN8vT4yB6cD1fG5hJ0sA9eU3iO7rW2qE8tY4uP6aS1dF5gH0j"


# ── production settings ─────────────────────────────────────────────────────────────────


def manage(*args, **env_overrides):
    unset = ("SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE")  # the last: browser tests
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.production", **env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("env", "complaint"),
    [
        ({"ALLOWED_HOSTS": "atlas.example.cn"}, "SECRET_KEY"),
        ({"SECRET_KEY": "", "ALLOWED_HOSTS": "atlas.example.cn"}, "SECRET_KEY"),
        (
            {"SECRET_KEY": "dev-only-insecure-key-change-me", "ALLOWED_HOSTS": "a.example.cn"},
            "SECRET_KEY",
        ),
        ({"SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "atlas.example.cn"}, "SECRET_KEY"),
        ({"SECRET_KEY": GOOD_KEY}, "ALLOWED_HOSTS"),
        ({"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_without_a_real_key_and_hosts(env, complaint):
    result = manage("check", **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and complaint in result.stderr


def test_production_check_deploy_reports_nothing():
    result = manage(
        "check", "--deploy", "--fail-level", "DEBUG", SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="a.cn"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_transport_settings():
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS >= 31536000, s.DEBUG, s.X_FRAME_OPTIONS)"
    )
    result = manage(
        "shell", "--no-imports", "-c", code, SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="a.example.cn"
    )
    assert result.stdout.split() == ["True", "True", "True", "True", "False", "DENY"]


# ── headers and Content-Security-Policy ─────────────────────────────────────────────────


@pytest.fixture
def site_with_content(db):
    case = CaseStudyFactory(ai_models=[AIModelFactory()])
    ProductFactory()
    StatSeriesFactory()
    return case


def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_public_and_admin_pages_send_a_strict_csp_and_security_headers(
    client, publisher, site_with_content
):
    client.force_login(publisher)
    for url in ["/", reverse("admin:index"), reverse("admin:directory_vendor_changelist")]:
        response = client.get(url)
        assert response.status_code == 200, url
        csp = csp_directives(response)
        assert csp["script-src"] == ["'self'"]  # no inline script, no eval, no CDN
        assert csp["object-src"] == ["'none'"] and csp["frame-ancestors"] == ["'none'"]
        assert csp["base-uri"] == ["'self'"] and csp["form-action"] == ["'self'"]
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"


EXECUTABLE = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/(ld\+)?json\")[^>]*>")
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)


def admin_urls(entry) -> list[str]:
    opts = entry._meta
    base = f"admin:{opts.app_label}_{opts.model_name}"
    return [
        reverse(f"{base}_changelist"),
        reverse(f"{base}_add"),
        reverse(f"{base}_change", args=[entry.pk]),
        reverse(f"{base}_history", args=[entry.pk]),
    ]


def test_no_page_needs_an_inline_script(client, superuser, site_with_content):
    """CSP forbids inline scripts, so no page may rely on one (JSON data blocks are fine)."""
    public = [*argument_free_public_urls()]
    public += [
        e.get_absolute_url()
        for e in (
            site_with_content,
            VendorFactory(),
            ProductFactory(),
            AIModelFactory(),
        )
    ]
    for url in public:
        response = client.get(url)
        assert response.status_code < 500, url
        html = response.content.decode()
        assert not EXECUTABLE.search(html), f"inline script on {url}"
        assert not EVENT_HANDLER.search(html), f"inline event handler on {url}"
    client.force_login(superuser)
    admin_pages = [reverse("admin:index"), reverse("admin_review_queue")]
    admin_pages += admin_urls(site_with_content) + admin_urls(VendorFactory())
    for url in admin_pages:
        html = client.get(url).content.decode()
        assert not EXECUTABLE.search(html), f"inline script on {url}"


# ── admin login lockout (django-axes) ───────────────────────────────────────────────────


def admin_login(client, username, password, ip="203.0.113.7"):
    return client.post(
        reverse("admin:login") + "?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
    )


def test_five_failed_logins_lock_the_account_and_reset_unlocks_it(client, db):
    UserFactory(username="wang", is_staff=True)
    for attempt in range(4):
        assert admin_login(client, "wang", f"guess-{attempt}").status_code == 200
    assert admin_login(client, "wang", "guess-5").status_code == 429  # the 5th failure locks
    locked = admin_login(client, "wang", "pw-Atlas-2026")  # even the right password now
    assert locked.status_code == 429 and "_auth_user_id" not in client.session
    # From another address too: the account itself is locked.
    assert admin_login(client, "wang", "pw-Atlas-2026", ip="198.51.100.9").status_code == 429

    call_command("axes_reset_username", "wang")
    unlocked = admin_login(client, "wang", "pw-Atlas-2026")
    assert unlocked.status_code == 302 and client.session["_auth_user_id"]


def test_one_address_guessing_many_accounts_is_locked_out(client, db):
    UserFactory(username="li", is_staff=True)
    for n in range(5):
        admin_login(client, f"nobody{n}", "guess", ip="192.0.2.44")
    assert admin_login(client, "li", "pw-Atlas-2026", ip="192.0.2.44").status_code == 429
    assert admin_login(client, "li", "pw-Atlas-2026", ip="192.0.2.45").status_code == 302


def test_a_success_before_the_limit_clears_the_failures(client, db):
    UserFactory(username="zhao", is_staff=True)
    for _ in range(4):
        admin_login(client, "zhao", "wrong")
    assert admin_login(client, "zhao", "pw-Atlas-2026").status_code == 302
    client.logout()
    for _ in range(4):
        assert admin_login(client, "zhao", "wrong").status_code == 200


def test_forged_forwarded_for_does_not_dodge_the_ip_lockout(client, db, settings):
    settings.TRUSTED_PROXY_COUNT = 1  # one proxy of ours appends the real client address
    UserFactory(username="sun", is_staff=True)
    for n in range(5):
        client.post(
            reverse("admin:login"),
            {"username": f"x{n}", "password": "guess"},
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 192.0.2.99",  # forged hop, then the real one
        )
    response = client.post(
        reverse("admin:login"),
        {"username": "sun", "password": "pw-Atlas-2026"},
        HTTP_X_FORWARDED_FOR="10.9.9.9, 192.0.2.99",
    )
    assert response.status_code == 429
