"""The API reference pages render their operations in Chromium under the site's own CSP."""

from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import axe_violations
from tests.factories import VendorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _watch(page, live_server):
    """Console errors (a CSP refusal is one) and requests made to any other host."""
    seen = {"errors": [], "foreign": []}
    host = urlsplit(live_server.url).netloc
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
    # Finished requests only: one the policy refused never left the browser.
    page.on(
        "requestfinished",
        lambda r: (
            seen["foreign"].append(r.url)
            if urlsplit(r.url).scheme in ("http", "https") and urlsplit(r.url).netloc != host
            else None
        ),
    )
    return seen


def test_swagger_ui_lists_the_operations(page, live_server):
    VendorFactory()
    seen = _watch(page, live_server)
    response = page.goto("/api/v1/schema/swagger/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector(".opblock-summary-path", timeout=30_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/v1/vendors/" in p for p in paths)
    assert len(paths) >= 15
    assert not seen["errors"], seen["errors"]
    assert not seen["foreign"], seen["foreign"]
    violations = axe_violations(page)
    assert violations == [], "\n".join(violations)


def test_redoc_lists_the_operations(page, live_server):
    seen = _watch(page, live_server)
    response = page.goto("/api/v1/schema/redoc/")
    policy = response.headers["content-security-policy"]
    assert "'unsafe-inline'" not in policy.split("style-src ")[1].split(";")[0]
    page.wait_for_selector("[data-section-id^='operation/']", state="attached", timeout=30_000)
    assert page.locator("[data-section-id^='operation/']").count() >= 15
    assert "Something went wrong" not in page.inner_text("body")
    assert "/api/v1/vendors/" in page.inner_text("body")
    # ReDoc's "API docs by Redocly" credit always points an <img> at cdn.redoc.ly: the policy
    # refuses it (no request leaves the browser). Any other refusal is a failure.
    errors = [e for e in seen["errors"] if "cdn.redoc.ly/redoc/logo-mini.svg" not in e]
    assert not errors, errors
    assert not seen["foreign"], seen["foreign"]
    violations = axe_violations(page)
    assert violations == [], "\n".join(violations)
