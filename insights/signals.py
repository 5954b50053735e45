"""Drop the cached aggregates whenever a row a chart counts is written."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from . import aggregates

# Apps whose rows feed a chart; any write there (admin, import, fixtures) starts a new generation.
# The register's import writes in bulk, then saves its ImportRun: that save counts as its write.
COUNTED_APPS = frozenset({"directory", "cases", "insights", "filings"})


@receiver(post_save, dispatch_uid="insights_invalidate_on_save")
@receiver(post_delete, dispatch_uid="insights_invalidate_on_delete")
@receiver(m2m_changed, dispatch_uid="insights_invalidate_on_m2m")
def invalidate_charts(sender, **kwargs):
    if sender._meta.app_label in COUNTED_APPS and not sender.__name__.startswith("Historical"):
        # Now, for reads later in this transaction; and again once it commits, to retire
        # anything another request computed meanwhile from the rows as they were.
        aggregates.invalidate()
        transaction.on_commit(aggregates.invalidate, using=kwargs.get("using"))
