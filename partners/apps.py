from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partner API")

    def ready(self):
        from . import schema  # noqa: F401  (registers the OpenAPI description of the key header)
