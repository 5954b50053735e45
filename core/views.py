"""Views shared by every app: health checks and the base of every public detail page."""

from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import redirect
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.generic import DetailView, FormView

RETIRED_STATUS = 410


def healthz(request):
    """A constant answer for load balancers (and the framework's floor in the load test)."""
    return HttpResponse("ok\n", content_type="text/plain")


def favicon(request):
    """Browsers and crawlers ask for /favicon.ico whatever the page links: send the static icon."""
    return HttpResponsePermanentRedirect(staticfiles_storage.url("favicon.ico"))


def readyz(request):
    """Ready to serve: the primary database and the cache answer."""
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
        cache.set("atlas:readyz", 1, timeout=10)
    except Exception as error:  # any failure means "take me out of the pool"
        return HttpResponse(f"not ready: {type(error).__name__}\n", status=503)
    return HttpResponse("ready\n", content_type="text/plain")


def page_not_found(request, exception):
    """A 404 under /api/ is JSON like every other API error (the schema says so), also for a
    URL no API route matches (a slug with characters a slug cannot have); elsewhere the page."""
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": _("Not found."), "code": "not_found"}, status=404)
    return defaults.page_not_found(request, exception)


def optional_template(name: str) -> str:
    """`name` if some app provides that template (insights' charts), else an empty string."""
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return ""
    return name


class PublicDetailView(DetailView):
    """A published entry's page; an archived one keeps its URL as a 410 'retired' notice.

    The retired page names the entry and links to its successor when that one is public, so a
    bookmark or an old procurement document still leads somewhere useful.
    """

    retired_template = "retired.html"
    similar_count = 4

    def get_queryset(self):
        return self.model.objects.public().select_related("successor")

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.is_archived:
            successor = self.object.successor
            if successor is not None and not successor.is_published:
                successor = None
            context = {"object": self.object, "successor": successor}
            return self.response_class(
                request=request,
                template=[self.retired_template],
                context=context,
                status=RETIRED_STATUS,
            )
        context = self.get_context_data(object=self.object)
        return self.render_to_response(context)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        successor = self.object.successor
        context["successor"] = successor if successor and successor.is_published else None
        context["similar"] = list(self.get_similar()[: self.similar_count])
        context["jsonld"] = self.get_jsonld()
        return context

    def get_similar(self):
        return self.model.objects.none()

    def get_jsonld(self) -> dict | None:
        return None


# -- visitors' forms -------------------------------------------------------------------------------


def client_address(request) -> str:
    # REMOTE_ADDR only: a forwarded-for header is the client's to forge. Behind a proxy, the
    # proxy must set REMOTE_ADDR (e.g. gunicorn's --forwarded-allow-ips with a trusted LB).
    return request.META.get("REMOTE_ADDR", "unknown")


def rate_limited(request, scope: str, limit: int, window: int) -> bool:
    """Count this request against the address's budget; True once it is spent."""
    key = f"ratelimit:{scope}:{client_address(request)}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count > limit


class PublicFormView(FormView):
    """A visitor's form (core.forms.PublicForm): `limit` posts per `window` seconds per address
    (then a 429 with `limited_message` on the form), a bot's post (honeypot filled) thanked and
    dropped, a person's handed to `accept(data)`, then `success_url`."""

    rate_scope = ""
    limit: tuple[int, int] = (5, 3600)  # posts, seconds
    limited_message = ""

    def post(self, request, *args, **kwargs):
        if rate_limited(request, self.rate_scope, *self.limit):
            form = self.get_form()
            form.is_valid()
            form.add_error(None, self.limited_message)
            response = self.render_to_response(self.get_context_data(form=form))
            response.status_code = 429
            return response
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        if not form.is_spam():
            self.accept(form.submitted)
        return redirect(self.get_success_url())

    def accept(self, data: dict) -> None:
        raise NotImplementedError
