"""The publication workflow every public entity shares: draft → in review → published → archived."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .editorial import acting_as, may_publish
from .models import PublicationStatus, PublishableModel


def can_publish(user, entry_or_model) -> bool:
    """Publishers (and superusers) hold `<app>.publish_<model>`; editors do not."""
    return may_publish(user, entry_or_model)


def _require_publisher(user, entry: PublishableModel) -> None:
    if not can_publish(user, entry):
        raise PermissionDenied(_("Only a publisher can publish, archive or feature entries."))


def _save(entry: PublishableModel, by, reason: str) -> None:
    entry._change_reason = reason  # read by django-simple-history
    entry._history_user = by
    with acting_as(by):  # the save meets core.editorial's rule as `by`
        entry.save()


@transaction.atomic
def entry_submit_for_review(*, entry: PublishableModel, by) -> PublishableModel:
    if entry.status not in (PublicationStatus.DRAFT, PublicationStatus.IN_REVIEW):
        raise ValidationError(_("Only a draft can be submitted for review."))
    entry.status = PublicationStatus.IN_REVIEW
    entry.submitted_by = by
    entry.submitted_at = timezone.now()
    entry.review_comment = ""
    _save(entry, by, "submitted for review")
    return entry


@transaction.atomic
def entry_send_back(*, entry: PublishableModel, by, comment: str) -> PublishableModel:
    _require_publisher(by, entry)
    if entry.status != PublicationStatus.IN_REVIEW:
        raise ValidationError(_("Only an entry in review can be sent back."))
    entry.status = PublicationStatus.DRAFT
    entry.review_comment = comment
    _save(entry, by, f"sent back: {comment}"[:100])
    return entry


@transaction.atomic
def entry_publish(*, entry: PublishableModel, by) -> PublishableModel:
    _require_publisher(by, entry)
    entry.mark_published()
    entry.review_comment = ""
    _save(entry, by, "published")
    return entry


@transaction.atomic
def entry_archive(*, entry: PublishableModel, by, successor=None) -> PublishableModel:
    _require_publisher(by, entry)
    if successor is not None:
        if successor.pk == entry.pk:
            raise ValidationError(_("An entry cannot be its own successor."))
        entry.successor = successor
    entry.status = PublicationStatus.ARCHIVED
    _save(entry, by, "archived")
    return entry


@transaction.atomic
def entry_delete(*, entry: PublishableModel, by) -> None:
    """Delete a draft (nothing public ever pointed at it); anything else is archived instead."""
    opts = entry._meta
    if not (by and by.has_perm(f"{opts.app_label}.delete_{opts.model_name}")):
        raise PermissionDenied(_("You may not delete this entry."))
    if entry.status != PublicationStatus.DRAFT:
        raise ValidationError(_("Only a draft can be deleted; archive a published entry instead."))
    entry._history_user = by
    entry.delete()


@transaction.atomic
def entry_set_featured(*, entry: PublishableModel, by, featured: bool) -> PublishableModel:
    _require_publisher(by, entry)
    entry.featured = featured
    _save(entry, by, "featured" if featured else "unfeatured")
    return entry
