"""Settings for `bench/pages.py`: production-like (DEBUG off), caches off or the page cache on."""

import os

from config.settings.base import *  # noqa: F403
from config.settings.base import REST_FRAMEWORK

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "100000000/hour"}}
if os.environ.get("BENCH_PAGE_CACHE") == "1":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    PAGE_CACHE_ENABLED = True
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    PAGE_CACHE_ENABLED = False
# One connection for the whole run, so the PostgreSQL backend's CPU can be read per request.
DATABASES["default"]["CONN_MAX_AGE"] = None  # noqa: F405
