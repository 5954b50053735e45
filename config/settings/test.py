"""The test suite: fast hashing, local media, no external services unless asked for."""

import tempfile

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="atlas-test-media-")

# Anonymous API reads are rate-limited per address; the suite reads far more than a visitor.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "100000/hour"}}  # noqa: F405

# On PostgreSQL, a second real database stands in for a read replica in the router's tests
# (tests/test_serving.py turn the router on; the rest of the suite reads the primary).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    _primary = DATABASES["default"]  # noqa: F405
    DATABASES["replica"] = {  # noqa: F405
        **_primary,
        "NAME": f"{_primary['NAME']}_replica",
        "TEST": {"NAME": f"test_{_primary['NAME']}_replica"},
    }
