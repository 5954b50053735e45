"""Middleware for serving at scale: read-your-writes with replicas, the public page cache, one
read of the facet index per request."""

import time

from django.conf import settings

from . import facets
from .editorial import acting_as
from .pagecache import PageCache
from .routers import use_primary

PRIMARY_COOKIE = "atlas_primary"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


class PrimaryAfterWriteMiddleware:
    """Keep a client on the primary database for a short window after it sent a write.

    An unsafe request (POST, PUT, PATCH, DELETE) reads from the primary and gets a short-lived
    cookie; while it lasts the client's reads go to the primary too, so it never sees a replica
    that has not caught up with its own change. The admin always reads the primary.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not getattr(settings, "DATABASE_REPLICAS", None):
            return self.get_response(request)
        unsafe = request.method not in SAFE_METHODS
        if unsafe or self._pinned(request) or self._always_primary(request.path_info):
            with use_primary():
                response = self.get_response(request)
        else:
            response = self.get_response(request)
        if unsafe:
            window = settings.DATABASE_REPLICA_PIN_SECONDS
            response.set_cookie(
                PRIMARY_COOKIE,
                str(int(time.time()) + window),
                max_age=window,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response

    @staticmethod
    def _pinned(request) -> bool:
        try:
            return int(request.COOKIES.get(PRIMARY_COOKIE, "0")) >= time.time()
        except ValueError:
            return False

    @staticmethod
    def _always_primary(path: str) -> bool:
        return any(path.startswith(p) for p in settings.DATABASE_PRIMARY_ONLY_PATHS)


class PublicPageCacheMiddleware:
    """Serve anonymous GETs of public pages from the cache, per URL and language.

    Sits after the authentication middleware. Details (what is cacheable, the CSRF token in
    cached forms, invalidation) live in core.pagecache.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.pages = PageCache()

    def __call__(self, request):
        if not self.pages.enabled() or not self.pages.request_is_cacheable(request):
            return self.get_response(request)
        hit = self.pages.fetch(request)
        if hit is not None:
            return hit
        response = self.get_response(request)
        self.pages.store(request, response)
        return response


class ActorMiddleware:
    """Every write a request makes is made on behalf of its user (core.editorial's rule)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with acting_as(request.user):
            return self.get_response(request)


class FacetSnapshotMiddleware:
    """A request reads each resource's facet bitmaps once (core.facets.snapshot)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with facets.snapshot():
            return self.get_response(request)
