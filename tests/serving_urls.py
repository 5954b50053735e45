"""A URLconf for the serving tests: small public pages and an API view, independent of the site."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.http import HttpResponse
from django.template import engines
from django.urls import path
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from core.views import healthz
from directory.models import Vertical

PAGE = engines["django"].from_string(
    "<h1>{% for v in verticals %}{{ v.name }};{% endfor %}</h1>"
    '<form method="post" action="/form/post/">{% csrf_token %}<button>go</button></form>'
)


def vertical_names(request):
    """A public page that reads the database and carries a form, like every site page."""
    return HttpResponse(PAGE.render({"verticals": Vertical.objects.all()}, request))


def form_post(request):
    Vertical.objects.filter(slug="written").update(name_en="written by a post")
    return HttpResponse("posted")


class Throttle(AnonRateThrottle):
    rate = "3/min"


class ThrottledView(APIView):
    throttle_classes = [Throttle]

    def get(self, request):
        return Response({"ok": True})


urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz),
    path("api/throttled/", ThrottledView.as_view()),
    path("form/post/", form_post),
    *i18n_patterns(path("verticals/", vertical_names), prefix_default_language=False),
]
