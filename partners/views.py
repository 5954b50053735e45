from django.conf import settings
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from config.api_router import RESOURCES
from core.api.params import MAX_PAGE_SIZE
from core.views import PublicFormView

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


class KeyRequestView(PublicFormView):
    """A partner asks for a key; it waits in the admin until an editor approves it."""

    template_name = "api/key_request.html"
    form_class = APIKeyRequestForm
    success_url = reverse_lazy("partners:key_request_thanks")
    rate_scope = "key-request"
    limit = KEY_REQUEST_LIMIT
    limited_message = _("Too many requests from your address. Please try again in an hour.")

    def accept(self, data):
        api_key_request_create(data=data)


class KeyRequestThanksView(TemplateView):
    template_name = "api/key_request_thanks.html"
