from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpResponse
from django.views.generic import TemplateView


class HomeView(TemplateView):
    template_name = "home.html"


def healthz(request):
    """A constant answer for load balancers (and the framework's floor in the load test)."""
    return HttpResponse("ok\n", content_type="text/plain")


def readyz(request):
    """Ready to serve: the primary database and the cache answer."""
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
        cache.set("atlas:readyz", 1, timeout=10)
    except Exception as error:  # any failure means "take me out of the pool"
        return HttpResponse(f"not ready: {type(error).__name__}\n", status=503)
    return HttpResponse("ready\n", content_type="text/plain")
