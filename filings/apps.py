from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FilingsConfig(AppConfig):
    name = "filings"
    verbose_name = _("CAC register")

    def ready(self):
        from . import facets, indexes, signals

        indexes.register_all()
        facets.register_all()
        signals.connect()
