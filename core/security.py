"""Request-level security helpers referenced from settings."""

from django.conf import settings


def client_ip(request) -> str | None:
    """The client's address for login lockout and API rates, trusting X-Forwarded-For only as
    far as `TRUSTED_PROXY_COUNT` proxies of our own appended to it (a client can forge the
    rest), and only from TRUSTED_PROXY_ADDRESSES when those are listed."""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    trusted_peers = getattr(settings, "TRUSTED_PROXY_ADDRESSES", [])
    if proxies and (not trusted_peers or request.META.get("REMOTE_ADDR") in trusted_peers):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR")
