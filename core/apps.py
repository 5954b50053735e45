from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Shared")

    def ready(self):
        from . import pagecache, sync

        sync.connect()
        pagecache.connect_signals()
