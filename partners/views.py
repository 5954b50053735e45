from django.conf import settings
from django.urls import reverse
from django.views.generic import TemplateView

from config.api_router import RESOURCES
from core.api.params import MAX_PAGE_SIZE


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
            anon_rate=settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["anon"],
            max_page_size=MAX_PAGE_SIZE,
            overlap=settings.API_SYNC_OVERLAP_SECONDS,
            **kwargs,
        )
