from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    """Pages across every resource: home, search, shortlist, compare, suggest, sitemaps."""

    name = "public"
    verbose_name = _("Public site")
