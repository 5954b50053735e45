"""Keeping the register's links and the API's tombstones in step with edits elsewhere."""

from django.db.models.signals import post_delete, post_save


def _filing_deleted(sender, instance, **kwargs):
    # Partners mirroring /api/v1/filings/ drop a deleted filing through its tombstone.
    from core.sync import record_removal

    record_removal(instance, "deleted")


def _vendor_name_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    from .services import filings_link_vendor_names

    filings_link_vendor_names(vendor=instance.vendor)


def connect() -> None:
    from directory.models import VendorName

    from .models import Filing, UnlinkedFiling

    for model in (Filing, UnlinkedFiling):
        post_delete.connect(_filing_deleted, sender=model, dispatch_uid=f"filings:{model.__name__}")
    post_save.connect(_vendor_name_saved, sender=VendorName, dispatch_uid="filings:vendor_name")
