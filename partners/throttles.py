"""Anonymous readers share a low rate; each key has its own per-minute rate and daily quota."""

from django.utils.translation import gettext_lazy as _
from rest_framework.throttling import AnonRateThrottle, BaseThrottle, SimpleRateThrottle

from .models import APIKey
from .services import api_key_count_request, seconds_until_tomorrow


def _key(request) -> APIKey | None:
    return request.auth if isinstance(request.auth, APIKey) else None


class AnonymousRateThrottle(AnonRateThrottle):
    """Requests without a key, per client address (scope `anon` in DEFAULT_THROTTLE_RATES)."""

    def get_cache_key(self, request, view):
        if _key(request) is not None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class APIKeyRateThrottle(SimpleRateThrottle):
    """The key's own requests-per-minute limit."""

    scope = "api_key"
    message = _("This API key's rate limit is exceeded.")

    def get_rate(self):
        return None  # set per key in allow_request

    def allow_request(self, request, view):
        key = _key(request)
        if key is None:
            return True
        self.rate = f"{key.rate_limit_per_minute}/min"
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": _key(request).pk}


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
