"""The public page cache: anonymous GET responses cached per host, URL, language and htmx-ness.

Invalidation is by version: every key embeds the content version, a timestamp that any save or
delete of a content model moves forward (after its transaction commits), so one change retires
every cached page at once and the stale entries simply expire. Saving a draft that was never
public leaves the cache alone: no public page shows it. Signed-in users, anything with a
session or flash messages, the admin and the API are never cached.

Pages carry a CSRF token (the language switcher and shortlist forms). A cached page stores a
placeholder in place of the token of the visitor it was rendered for, and every hit gets the
current visitor's own token, so a cached form still posts.
"""

import hashlib
import re
import time

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save
from django.http import HttpResponse
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.utils.cache import quote_etag
from django.utils.translation import get_language

from .models import PublicationStatus, PublishableModel

CONTENT_VERSION_KEY = "atlas:content-version"
TOKEN_PLACEHOLDER = "__ATLAS_CSRF_TOKEN__"
_MASKED_TOKEN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
_NOT_SHARED = ("LocMemCache", "DummyCache")
_VARY_OK = {"cookie", "accept-language", "accept-encoding", "hx-request"}


def cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def content_version() -> int:
    """The current content version (nanoseconds since the epoch of the last change)."""
    version = cache().get(CONTENT_VERSION_KEY)
    if version is None:
        cache().add(CONTENT_VERSION_KEY, time.time_ns(), timeout=None)
        version = cache().get(CONTENT_VERSION_KEY) or 0
    return int(version)


def bump_content_version() -> None:
    """Retire every cached page; call after bulk writes that send no signals."""
    cache().set(CONTENT_VERSION_KEY, time.time_ns(), timeout=None)


_PUBLIC = {PublicationStatus.PUBLISHED, PublicationStatus.ARCHIVED}


def _remember_status(sender, instance, **kwargs):
    instance._pagecache_loaded_status = instance.__dict__.get("status")


def _never_public(instance) -> bool:
    """A draft or entry in review that was not public when loaded: no public page shows it."""
    if not isinstance(instance, PublishableModel) or "status" not in instance.__dict__:
        return False
    loaded = getattr(instance, "_pagecache_loaded_status", None)
    return instance.status not in _PUBLIC and loaded not in _PUBLIC


def _content_changed(sender, **kwargs):
    meta = sender._meta
    if meta.app_label not in settings.PAGE_CACHE_CONTENT_APPS or meta.model_name.startswith(
        "historical"
    ):
        return
    if getattr(sender, "derived_from_content", False):
        return  # rewritten because content changed, and that change moved the version already
    if kwargs.get("signal") is post_save and _never_public(kwargs["instance"]):
        return
    transaction.on_commit(bump_content_version, using=kwargs.get("using"))


def connect_signals() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_content_changed, dispatch_uid=f"atlas-pagecache-{id(signal)}")
    for model in apps.get_models():
        if issubclass(model, PublishableModel):
            post_init.connect(_remember_status, sender=model, dispatch_uid="atlas-pagecache")


def shared_cache_configured() -> bool:
    backend = settings.CACHES[settings.PAGE_CACHE_ALIAS]["BACKEND"]
    return not backend.endswith(_NOT_SHARED)


class PageCache:
    def enabled(self) -> bool:
        return settings.PAGE_CACHE_SECONDS > 0 and settings.PAGE_CACHE_ENABLED

    def request_is_cacheable(self, request) -> bool:
        if request.method not in ("GET", "HEAD"):
            return False
        if any(request.path_info.startswith(p) for p in settings.PAGE_CACHE_EXCLUDED_PATHS):
            return False
        cookies = request.COOKIES
        if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
            return False
        user = getattr(request, "user", None)
        return user is None or not user.is_authenticated

    def key(self, request, version: int) -> str:
        url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        htmx = "hx" if request.headers.get("HX-Request") == "true" else "page"
        digest = hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()
        return f"atlas:page:{version}:{get_language()}:{htmx}:{digest}"

    def fetch(self, request):
        """The cached response, or None (remembering the key to store the fresh one under)."""
        version = content_version()
        request._atlas_page_cache = (self.key(request, version), version)
        entry = cache().get(request._atlas_page_cache[0])
        if entry is None:
            return None
        status, headers, body, etag = entry
        if TOKEN_PLACEHOLDER in body:
            body = body.replace(TOKEN_PLACEHOLDER, get_token(request))
        response = HttpResponse(body, status=status)
        for name, value in headers:
            response.headers[name] = value
        response.headers["ETag"] = etag
        response.headers["X-Atlas-Cache"] = "hit"
        return response

    def store(self, request, response) -> None:
        key, version = getattr(request, "_atlas_page_cache", (None, 0))
        if key is None or not self._response_is_cacheable(request, response):
            return
        if settings.DATABASE_REPLICAS and (
            time.time_ns() - version < settings.DATABASE_REPLICA_PIN_SECONDS * 1_000_000_000
        ):
            return  # a replica may not have the change yet: don't keep what it served
        body = response.content.decode(response.charset)
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            body = self._without_token(body, request.META.get("CSRF_COOKIE", ""))
            if body is None:
                return
        headers = [(k, v) for k, v in response.headers.items() if k.lower() not in {"vary"}]
        etag = quote_etag(hashlib.md5(body.encode(), usedforsecurity=False).hexdigest())
        cache().set(key, (response.status_code, headers, body, etag), settings.PAGE_CACHE_SECONDS)
        response.headers["ETag"] = etag
        response.headers["X-Atlas-Cache"] = "miss"

    @staticmethod
    def _response_is_cacheable(request, response) -> bool:
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if response.has_header("ETag"):
            return False  # the view manages its own validators
        control = response.get("Cache-Control", "").lower()
        if any(word in control for word in ("private", "no-store", "no-cache")):
            return False
        vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
        if not vary <= _VARY_OK:
            return False
        session = getattr(request, "session", None)
        return not (session is not None and session.modified)

    @staticmethod
    def _without_token(body: str, secret: str):
        """The body with this visitor's CSRF tokens replaced by the placeholder (None if unsure)."""
        if not secret or secret in body:
            return None

        def swap(match):
            token = match.group(0)
            return TOKEN_PLACEHOLDER if _unmask_cipher_token(token) == secret else token

        return _MASKED_TOKEN.sub(swap, body)
