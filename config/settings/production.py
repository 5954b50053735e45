"""Production: `make serve` and every app server behind the load balancer."""

from .base import *  # noqa: F403
from .base import DATABASES, STORAGES, env

DEBUG = False
SECRET_KEY = env("SECRET_KEY")  # required: no default in production
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

# Hashed, compressed static files that whitenoise serves with far-future cache headers.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = env.int("WHITENOISE_MAX_AGE", default=3600)  # unhashed names only

# Persistent database connections, checked before reuse.
for _database in DATABASES.values():
    _database["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
