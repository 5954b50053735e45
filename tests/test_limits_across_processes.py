"""API rate limits hold across worker processes; `make serve` will not split them per worker;
the client address is not taken from a forged X-Forwarded-For.

Audit findings 5 and 6: with the default local-memory cache each gunicorn worker counted on its
own (a key limited to 3/min got 10 of 25 through; anonymous 60/hour let 159 through), and the
login lockout by address was dodged with a forged X-Forwarded-For when gunicorn was reached
directly (production trusted one proxy by default).
"""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.test import RequestFactory
from django.urls import reverse

from core.security import client_ip
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parent.parent
REDIS = os.environ.get("ATLAS_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")


def redis_up() -> bool:
    try:
        import redis

        redis.Redis.from_url(REDIS, socket_connect_timeout=1).ping()
        return True
    except Exception:
        return False


def workers(kind: str, processes: int, attempts: int, **env) -> list[int]:
    base = {k: v for k, v in os.environ.items() if k not in ("CACHE_URL", "DATABASE_URL")}
    base.update(DJANGO_SETTINGS_MODULE="config.settings.test", **env)
    running = [
        subprocess.Popen(
            [sys.executable, "tests/throttle_worker.py", kind, str(attempts)],
            cwd=ROOT,
            env=base,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(processes)
    ]
    return [int(p.communicate(timeout=120)[0].strip().splitlines()[-1]) for p in running]


@pytest.mark.skipif(not redis_up(), reason="Redis is not running")
@pytest.mark.parametrize("kind", ["key", "anonymous"])
def test_a_limit_of_3_lets_3_through_across_4_processes_of_25_parallel_requests(kind):
    prefix = f"t-{uuid.uuid4().hex}"
    passed = workers(kind, 4, 25, CACHE_URL=REDIS, CACHE_KEY_PREFIX=prefix)
    assert sum(passed) == 3, passed


def test_a_per_process_cache_is_why_make_serve_runs_one_worker():
    """What the audit saw: each process with its own cache lets its own 3 through."""
    passed = workers("key", 2, 10)
    assert passed == [3, 3]


def gunicorn_config(**env) -> subprocess.CompletedProcess:
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in ("CACHE_URL", "GUNICORN_WORKERS", "WEB_CONCURRENCY", "GUNICORN_THREADS")
    }
    base.update(env)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import runpy; c = runpy.run_path('config/gunicorn.conf.py'); "
            "print(c['workers'], c['threads'])",
        ],
        cwd=ROOT,
        env=base,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_make_serve_with_a_per_process_cache_runs_one_worker_and_says_so():
    result = gunicorn_config()
    assert result.returncode == 0
    assert result.stdout.split()[0] == "1"
    assert "WARNING" in result.stderr and "CACHE_URL" in result.stderr


def test_make_serve_refuses_several_workers_with_a_per_process_cache():
    result = gunicorn_config(GUNICORN_WORKERS="3")
    assert result.returncode != 0
    assert "Refusing to start" in result.stderr and "CACHE_URL" in result.stderr
    allowed = gunicorn_config(GUNICORN_WORKERS="3", ATLAS_ALLOW_PER_PROCESS_CACHE="1")
    assert allowed.returncode == 0 and allowed.stdout.split()[0] == "3"
    assert "NOT enforced" in allowed.stderr


def test_make_serve_with_redis_runs_several_workers_quietly():
    result = gunicorn_config(CACHE_URL="redis://127.0.0.1:6379/1", GUNICORN_WORKERS="3")
    assert result.returncode == 0 and result.stdout.split()[0] == "3"
    assert "WARNING" not in result.stderr


# ── client addresses ────────────────────────────────────────────────────────────────────


def test_production_trusts_no_forwarded_for_unless_told():
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("TRUSTED_PROXY_COUNT", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="k3R9-x_Qw7ZpL2mN8vT4yB6cD1fG5hJ0sA9eU3iO7rW2qE8tY4uP6aS1dF5gH0j",
        ALLOWED_HOSTS="atlas.example.cn",
    )
    script = "from django.conf import settings; print(settings.TRUSTED_PROXY_COUNT)"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip().splitlines()[-1] == "0", result.stderr


def test_forwarded_for_is_ignored_without_a_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.7", HTTP_X_FORWARDED_FOR="10.0.0.1")
    assert client_ip(request) == "192.0.2.7"


def test_forwarded_for_counts_only_from_the_listed_proxies(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.TRUSTED_PROXY_ADDRESSES = ["10.1.1.1"]
    via_proxy = RequestFactory().get("/", REMOTE_ADDR="10.1.1.1", HTTP_X_FORWARDED_FOR="192.0.2.7")
    direct = RequestFactory().get("/", REMOTE_ADDR="192.0.2.9", HTTP_X_FORWARDED_FOR="10.0.0.1")
    assert client_ip(via_proxy) == "192.0.2.7"
    assert client_ip(direct) == "192.0.2.9"


@pytest.mark.django_db
def test_a_forged_forwarded_for_does_not_dodge_the_lockout_on_make_serve(client, settings):
    settings.TRUSTED_PROXY_COUNT = 0  # what `make serve` runs with now
    UserFactory(username="sun", is_staff=True)
    for n in range(5):
        client.post(
            reverse("admin:login"),
            {"username": f"x{n}", "password": "guess"},
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}",
        )
    response = client.post(
        reverse("admin:login"),
        {"username": "sun", "password": "pw-Atlas-2026"},
        HTTP_X_FORWARDED_FOR="10.9.9.9",
    )
    assert response.status_code == 429


@pytest.mark.django_db
def test_a_forged_forwarded_for_does_not_buy_a_fresh_api_allowance(client, monkeypatch):
    from partners.throttles import AnonymousRateThrottle

    monkeypatch.setattr(AnonymousRateThrottle, "rate", lambda self, request: "2/m")
    codes = [
        client.get("/api/v1/verticals/", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code
        for n in range(4)
    ]
    assert codes == [200, 200, 429, 429]
