"""Settings for `bench/api.py` only: production-like (DEBUG off), plus the naive baseline URLs."""

from config.settings.base import *  # noqa: F403
from config.settings.base import REST_FRAMEWORK

DEBUG = False
ROOT_URLCONF = "bench.api_urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
# The anonymous throttle stays in the path (as in production) but cannot refuse a bench request.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "100000000/hour"}}
