"""Anonymous readers share a low rate; each key has its own per-minute rate and daily quota.

The per-minute rates count in fixed windows with django-ratelimit (`cache.add` then
`cache.incr`: atomic in Redis), so every worker process and every host that shares the cache
counts into the same number, and a burst of parallel requests cannot slip past between a read
and a write. `make serve` refuses several workers with a per-process cache
(config/gunicorn.conf.py). The daily quota is counted in the database (partners.services).
"""

from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import get_usage
from rest_framework.throttling import BaseThrottle

from core.security import client_ip

from .models import APIKey
from .services import api_key_count_request, seconds_until_tomorrow


def _key(request) -> APIKey | None:
    return request.auth if isinstance(request.auth, APIKey) else None


class FixedWindowThrottle(BaseThrottle):
    """A DRF throttle counting `rate()` requests per `ident()` in a window shared by all
    processes that use the same cache."""

    scope = ""
    _wait = None

    def rate(self, request) -> str | None:
        raise NotImplementedError

    def ident(self, request) -> str | None:
        raise NotImplementedError

    def allow_request(self, request, view):
        rate, ident = self.rate(request), self.ident(request)
        if rate is None or ident is None:
            return True
        usage = get_usage(
            request._request,
            group=f"api:{self.scope}",
            key=lambda _group, _request: ident,
            rate=rate,
            increment=True,
        )
        if usage is None or not usage["should_limit"]:
            return True
        self._wait = max(1, usage["time_left"])
        return False

    def wait(self):
        return self._wait


class AnonymousRateThrottle(FixedWindowThrottle):
    """Requests without a key, per client address (`anon` in DEFAULT_THROTTLE_RATES). The
    address is the one the login lockout uses: X-Forwarded-For counts only behind the proxies
    TRUSTED_PROXY_COUNT names, so a forged header does not buy a fresh allowance."""

    scope = "anon"

    def rate(self, request):
        from rest_framework.settings import api_settings

        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def ident(self, request):
        return None if _key(request) is not None else client_ip(request) or "unknown"


class APIKeyRateThrottle(FixedWindowThrottle):
    """The key's own requests-per-minute limit."""

    scope = "api_key"
    message = _("This API key's rate limit is exceeded.")

    def rate(self, request):
        key = _key(request)
        return None if key is None else f"{key.rate_limit_per_minute}/m"

    def ident(self, request):
        key = _key(request)
        return None if key is None else str(key.pk)


class APIKeyQuotaThrottle(BaseThrottle):
    """The key's daily quota; every request is counted (and persisted) whether refused or not."""

    message = _("This API key's daily quota is used up; it resets at midnight (Asia/Shanghai).")

    def allow_request(self, request, view):
        key = _key(request)
        if key is None:
            return True
        return api_key_count_request(key=key) <= key.daily_quota

    def wait(self):
        return seconds_until_tomorrow()
