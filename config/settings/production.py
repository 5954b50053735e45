"""Production: `make serve` and every app server behind the load balancer.

Refuses to start without a real SECRET_KEY and an explicit ALLOWED_HOSTS; with HTTPS on (the
default: TLS ends at a proxy that sets X-Forwarded-Proto) `manage.py check --deploy` reports
nothing. HTTPS=false is for serving plain HTTP on a private address (`make serve` locally).
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, SPECTACULAR_SETTINGS, STORAGES, env

DEBUG = False

INSECURE_KEY_MARKERS = ("dev-only", "django-insecure", "change-me", "changeme", "secret")
SECRET_KEY = env("SECRET_KEY", default="")
if (
    len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
    or any(marker in SECRET_KEY.lower() for marker in INSECURE_KEY_MARKERS)
):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters in production "
        "(python -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS must list this site's host names in production (no '*')."
    )

# Transport: HTTPS only; the proxy in front tells us the original scheme.
HTTPS = env.bool("HTTPS", default=True)
CSRF_TRUSTED_ORIGINS = env.list(
    "CSRF_TRUSTED_ORIGINS",
    default=[f"{'https' if HTTPS else 'http'}://{h.lstrip('.')}" for h in ALLOWED_HOSTS],
)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=HTTPS)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]  # load-balancer probes over plain HTTP
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 12)

# Login lockout and API rates count per client address (core.security.client_ip). `make serve`
# is reached directly, so X-Forwarded-For is ignored unless TRUSTED_PROXY_COUNT says how many
# proxies of ours stand in front (set it to 1 behind one load balancer; see docs/DEPLOY.md).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_VERBOSE = True  # log lockouts

# The API schema is checked by the test suite; generating it again at every start only slows
# `check --deploy` down and buries its security findings.
SPECTACULAR_SETTINGS = {**SPECTACULAR_SETTINGS, "ENABLE_DJANGO_DEPLOY_CHECK": False}

# Hashed, compressed static files that whitenoise serves with far-future cache headers.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = env.int("WHITENOISE_MAX_AGE", default=3600)  # unhashed names only

# Persistent database connections, checked before reuse.
for _database in DATABASES.values():
    _database["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    _database["CONN_HEALTH_CHECKS"] = True
