"""The test suite: fast hashing, local media, no external services unless asked for."""

import tempfile

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="atlas-test-media-")

# Anonymous API reads are rate-limited per address; the suite reads far more than a visitor.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "100000/hour"}}  # noqa: F405
