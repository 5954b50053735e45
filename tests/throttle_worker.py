"""One process of tests/test_limits_across_processes.py: `attempts` requests through the API
throttles in parallel threads, against the cache named by CACHE_URL. Prints how many passed."""

import os
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.test import RequestFactory  # noqa: E402
from rest_framework.request import Request  # noqa: E402

from partners.models import APIKey  # noqa: E402
from partners.throttles import AnonymousRateThrottle, APIKeyRateThrottle  # noqa: E402


def main(kind: str, attempts: int) -> None:
    from django.conf import settings
    from django.test.utils import override_settings

    rates = {"DEFAULT_THROTTLE_RATES": {"anon": "3/min"}}
    override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, **rates}).enable()
    passed, lock = [], threading.Lock()

    def one():
        request = Request(RequestFactory().get("/api/v1/verticals/", REMOTE_ADDR="192.0.2.7"))
        if kind == "key":
            request._authenticator, request._user = None, None
            request._auth = APIKey(pk=4242, rate_limit_per_minute=3)
            throttle = APIKeyRateThrottle()
        else:
            request._authenticator, request._user, request._auth = None, None, None
            throttle = AnonymousRateThrottle()
        ok = throttle.allow_request(request, None)
        with lock:
            passed.append(ok)

    threads = [threading.Thread(target=one) for _ in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(sum(passed))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
