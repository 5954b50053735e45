"""gunicorn for `make serve`: sized from the CPU count, every number overridable by environment."""

import os
import sys

_cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Django is CPU-bound between short database/cache waits: a few processes per core, each with
# a few threads to overlap those waits.
_asked = os.environ.get("GUNICORN_WORKERS", os.environ.get("WEB_CONCURRENCY"))
workers = int(_asked or 2 * _cpus + 1)
threads = int(os.environ.get("GUNICORN_THREADS", 2))

# Rate limits, the login lockout's cache and the page cache must be shared by every worker: a
# per-process cache (no CACHE_URL, or locmem://) lets each worker count on its own, so a key
# limited to 3 a minute gets 3 per worker. Then one worker serves (with more threads), and asking
# for several is refused unless ATLAS_ALLOW_PER_PROCESS_CACHE=1 says the operator knows.
_cache = os.environ.get("CACHE_URL", "locmemcache://").split("://", 1)[0].lower()
PER_PROCESS_CACHE = _cache in ("locmemcache", "locmem", "dummycache", "dummy", "")
if PER_PROCESS_CACHE and workers > 1:
    _why = (
        f"CACHE_URL is a per-process cache ({_cache or 'unset'}): with {workers} workers every "
        "worker would keep its own API rate limits and page cache. Set CACHE_URL=redis://HOST:"
        "6379/N to share them"
    )
    if _asked and os.environ.get("ATLAS_ALLOW_PER_PROCESS_CACHE") != "1":
        sys.exit(f"Refusing to start: {_why}, or run one worker (GUNICORN_WORKERS=1).")
    if _asked:
        print(f"WARNING: {_why}. Rate limits are NOT enforced across workers.", file=sys.stderr)
    else:
        workers = 1
        threads = int(os.environ.get("GUNICORN_THREADS", 2 * _cpus + 1))
        print(
            f"WARNING: {_why}. Serving with ONE worker ({threads} threads) so that limits "
            "hold; set CACHE_URL for several.",
            file=sys.stderr,
        )
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 20
keepalive = 5
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 5000))
max_requests_jitter = max_requests // 10
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Trust X-Forwarded-* only from the load balancer's addresses.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Behind a load balancer that speaks the PROXY protocol (HAProxy, nginx stream, most cloud
# SLBs), REMOTE_ADDR becomes the visitor's address, which the rate limits count by.
proxy_protocol = os.environ.get("GUNICORN_PROXY_PROTOCOL", "off")
proxy_allow_ips = forwarded_allow_ips
proc_name = "atlas"
