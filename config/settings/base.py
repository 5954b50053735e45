"""Settings shared by every environment; values come from the environment (django-environ)."""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "csp",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "import_export",
    "django_htmx",
    "core",
    "search",
    "directory",
    "cases",
    "insights",
    "filings",
    "procurement",
    "finder",
    "partners",
    "feedback",
    "public",
    "revisions",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "core.middleware.PrimaryAfterWriteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.ActorMiddleware",
    "core.middleware.FacetSnapshotMiddleware",
    "core.middleware.PublicPageCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
                "public.context_processors.shortlist",
            ],
        },
    },
]

# SQLite by default (WAL + busy timeout, see core.apps); DATABASE_URL for PostgreSQL.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            # 64 MiB of page cache and memory-mapped reads instead of the 2 MB default.
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
                "PRAGMA cache_size=-65536; PRAGMA mmap_size=268435456; PRAGMA temp_store=MEMORY;"
            ),
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True

# Read replicas (DATABASE_REPLICA_URLS, comma-separated): reads go to them, writes to the primary;
# a client stays on the primary for DATABASE_REPLICA_PIN_SECONDS after it writes (core.routers).
DATABASE_REPLICAS = []
for _number, _url in enumerate(env.list("DATABASE_REPLICA_URLS", default=[]), start=1):
    DATABASES[f"replica{_number}"] = {**env.db_url_config(_url), "TEST": {"MIRROR": "default"}}
    DATABASE_REPLICAS.append(f"replica{_number}")
DATABASE_ROUTERS = ["core.routers.PrimaryReplicaRouter"] if DATABASE_REPLICAS else []
DATABASE_REPLICA_PIN_SECONDS = env.int("DATABASE_REPLICA_PIN_SECONDS", default=10)
DATABASE_PRIMARY_ONLY_PATHS = ["/admin/"]
for _database in DATABASES.values():
    _database["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
    _database["CONN_HEALTH_CHECKS"] = True
    if _database["ENGINE"] == "django.db.backends.postgresql":
        # JIT compilation cost more than the short queries of a page ever saved (2 s of a
        # vendor list at 100k entries); plans here are index walks, not analytics. Nor does a
        # page's query fan out to parallel workers: under concurrent visitors they only take
        # cores from the other requests (and their CPU would escape the backend's own count).
        _database.setdefault("OPTIONS", {}).setdefault(
            "options", "-c jit=off -c max_parallel_workers_per_gather=0"
        )

# CACHE_URL=redis://host:6379/N serves the cache, sessions, API rate limits and the page cache
# for every app server; the local-memory default is per process.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://atlas")}
CACHES["default"].setdefault("KEY_PREFIX", env("CACHE_KEY_PREFIX", default="atlas"))
if CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache":
    CACHES["default"].setdefault("OPTIONS", {}).update(
        {"SOCKET_CONNECT_TIMEOUT": 2, "SOCKET_TIMEOUT": 2}
    )
    # A Redis outage degrades to cache misses (sessions fall back to the database).
    DJANGO_REDIS_IGNORE_EXCEPTIONS = True
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
_SHARED_CACHE = not CACHES["default"]["BACKEND"].endswith(("LocMemCache", "DummyCache"))
if _SHARED_CACHE:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Public pages for anonymous visitors, cached per URL and language (core.pagecache). Needs a
# cache all app processes share, or workers would serve each other's stale pages.
PAGE_CACHE_ALIAS = "default"
PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE", default=_SHARED_CACHE)
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
PAGE_CACHE_CONTENT_APPS = ["core", "directory", "cases", "insights", "procurement"]
PAGE_CACHE_EXCLUDED_PATHS = ["/admin/", "/api/", "/i18n/", "/healthz", "/readyz", "/static/"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Media on S3-compatible object storage (AWS S3, MinIO, Aliyun OSS, Tencent COS, …) when a bucket
# is named; credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or the instance role.
if env("MEDIA_S3_BUCKET", default=""):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("MEDIA_S3_BUCKET"),
            "endpoint_url": env("MEDIA_S3_ENDPOINT_URL", default=None),
            "region_name": env("MEDIA_S3_REGION", default=None),
            "custom_domain": env("MEDIA_S3_CUSTOM_DOMAIN", default=None),
            "location": env("MEDIA_S3_PREFIX", default="media"),
            "querystring_auth": env.bool("MEDIA_S3_SIGNED_URLS", default=False),
            "default_acl": None,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=86400"},
        },
    }

LOGIN_URL = "admin:login"

# ── Security (production.py hardens transport; these hold everywhere) ─────────────────────
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses locked-out logins before checking passwords
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]  # either one reaching the limit locks
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = env.bool("AXES_VERBOSE", default=False)
AXES_CLIENT_IP_CALLABLE = "core.security.client_ip"
# X-Forwarded-For is believed only behind proxies of our own: TRUSTED_PROXY_COUNT of them append
# to it, and (when listed) only requests arriving from TRUSTED_PROXY_ADDRESSES carry it.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
TRUSTED_PROXY_ADDRESSES = env.list("TRUSTED_PROXY_ADDRESSES", default=[])

# No inline script anywhere: JSON data blocks (json_script, JSON-LD) are not executed, so they
# need no exception. Inline style *attributes* stay allowed (the admin uses a few).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:", *env.list("CSP_EXTRA_IMG_SRC", default=[])],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Uploads: see core/images.py. Pillow's own bomb limit is ~89 million pixels.
IMAGE_UPLOAD_MAX_BYTES = env.int("IMAGE_UPLOAD_MAX_BYTES", default=5 * 1024 * 1024)
IMAGE_UPLOAD_MAX_PIXELS = env.int("IMAGE_UPLOAD_MAX_PIXELS", default=4096 * 4096)
IMAGE_THUMBNAIL_SIZE = 320

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_AUTHENTICATION_CLASSES": ["partners.authentication.APIKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    # Anonymous readers share a low rate per address; each partner key has its own rate and quota.
    "DEFAULT_THROTTLE_CLASSES": [
        "partners.throttles.AnonymousRateThrottle",
        "partners.throttles.APIKeyRateThrottle",
        "partners.throttles.APIKeyQuotaThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {"anon": env("API_ANON_RATE", default="60/hour")},
    "EXCEPTION_HANDLER": "core.api.errors.api_exception_handler",
    "URL_FORMAT_OVERRIDE": None,
}
# The API's per-minute rates count in this cache (partners.throttles, django-ratelimit): shared
# by every process only when CACHE_URL names Redis. A Redis outage lets requests through rather
# than refusing every partner (the daily quota is counted in the database regardless).
RATELIMIT_USE_CACHE = "default"
RATELIMIT_FAIL_OPEN = True
SHARED_CACHE = _SHARED_CACHE

# A sync's `next_updated_since` overlaps the last change by this much, so a row whose
# transaction committed late is still picked up (re-sent rows are simply applied again).
API_SYNC_OVERLAP_SECONDS = env.int("API_SYNC_OVERLAP_SECONDS", default=60)

SPECTACULAR_SETTINGS = {
    "TITLE": "Atlas API",
    "DESCRIPTION": "The curated directory of China's AI large-model industry.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "ProvinceEnum": "core.regions.Province",
        "VendorKindEnum": "directory.models.Vendor.Kind",
        "ChartKindEnum": "insights.api.serializers.KINDS",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.schema.add_common_responses",
        "core.api.schema.describe_parameter_rules",
    ],
    "SCHEMA_PATH_PREFIX_TRIM": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVERS": [],
}

IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
SIMPLE_HISTORY_REVERT_DISABLED = False

# Footer filings for a site served from mainland China (both optional).
ICP_FILING_NUMBER = env("ICP_FILING_NUMBER", default="")
PUBLIC_SECURITY_FILING_NUMBER = env("PUBLIC_SECURITY_FILING_NUMBER", default="")
SITE_NAME = _("Atlas")
# The licence of the curated data (the page /about/data-licence/ says what it covers).
DATA_LICENCE_NAME = env("DATA_LICENCE_NAME", default="CC BY 4.0")
DATA_LICENCE_URL = env(
    "DATA_LICENCE_URL", default="https://creativecommons.org/licenses/by/4.0/deed.zh-hans"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}

# The CAC register mirror (生成式人工智能服务已备案信息): shared data beside the project, never
# copied into it. `make run` and the tests import it from here when it is present.
CAC_REGISTER_FILE = Path(
    env.str(
        "CAC_REGISTER_FILE",
        default=str(BASE_DIR.parent / "shared" / "data" / "cac" / "genai_filing.json"),
    )
)
