from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from config.api_router import RESOURCES
from core.api.params import MAX_PAGE_SIZE
from public.views import rate_limited

from .forms import APIKeyRequestForm
from .services import api_key_request_create

KEY_REQUEST_LIMIT = getattr(settings, "KEY_REQUEST_RATE_LIMIT", (3, 3600))  # requests, seconds


PERIODS = {"s": _("second"), "m": _("minute"), "h": _("hour"), "d": _("day")}


def anonymous_rate() -> dict:
    """DRF's "60/hour" as a number and a period word the page can translate."""
    requests, _slash, period = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["anon"].partition(
        "/"
    )
    return {"anon_requests": int(requests), "anon_period": PERIODS.get(period[:1], period)}


class DevelopersView(TemplateView):
    """The API page for partners: keys, curl examples, the sync recipe, the versioning policy."""

    template_name = "api/developers.html"

    def get_context_data(self, **kwargs):
        base = self.request.build_absolute_uri(reverse("api:api-root"))
        return super().get_context_data(
            api_base=base,
            schema_url=reverse("api:schema"),
            swagger_url=reverse("api:swagger"),
            redoc_url=reverse("api:redoc"),
            resources=[
                {
                    "name": prefix,
                    "model": viewset.model._meta.verbose_name_plural,
                    "filters": [
                        f
                        for f in viewset.filterset_class.base_filters
                        if f not in ("q", "ordering")
                    ],
                    "orderings": [o for o, _l in viewset.filterset_class.ordering_choices()],
                }
                for prefix, (viewset, _basename) in RESOURCES.items()
            ],
            **anonymous_rate(),
            max_page_size=MAX_PAGE_SIZE,
            overlap=settings.API_SYNC_OVERLAP_SECONDS,
            **kwargs,
        )


class KeyRequestView(FormView):
    """A partner asks for a key; it waits in the admin until an editor approves it."""

    template_name = "api/key_request.html"
    form_class = APIKeyRequestForm

    def post(self, request, *args, **kwargs):
        limit, window = KEY_REQUEST_LIMIT
        if rate_limited(request, "key-request", limit, window):
            form = self.get_form()
            form.is_valid()
            form.add_error(
                None, _("Too many requests from your address. Please try again in an hour.")
            )
            response = self.render_to_response(self.get_context_data(form=form))
            response.status_code = 429
            return response
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        if not form.is_spam():
            data = {k: v for k, v in form.cleaned_data.items() if k != "homepage"}
            api_key_request_create(data=data)
        return redirect("partners:key_request_thanks")


class KeyRequestThanksView(TemplateView):
    template_name = "api/key_request_thanks.html"
