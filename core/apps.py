from django.apps import AppConfig
from django.db.models.signals import m2m_changed, pre_delete
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Shared")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import pagecache, planner, sync
        from .signals import refuse_deleting_non_drafts, refuse_editors_relinking_live_entries

        sync.connect()
        pagecache.connect_signals()
        post_migrate.connect(
            planner.analyze_after_migrate, sender=self, dispatch_uid="core.analyze"
        )
        pre_delete.connect(
            refuse_deleting_non_drafts, dispatch_uid="core.refuse_deleting_non_drafts"
        )
        m2m_changed.connect(
            refuse_editors_relinking_live_entries, dispatch_uid="core.refuse_live_m2m_by_editors"
        )
