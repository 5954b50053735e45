"""Model-level guards that hold whichever path a write takes (admin, service, shell, queryset)."""

from django.utils.translation import gettext as _

from .models import DeletionRefused, PublicationStatus, PublishableModel


def refuse_deleting_non_drafts(sender, instance, **kwargs):
    """Published and archived entries keep their URL and history: archive them, never delete."""
    if not isinstance(instance, PublishableModel):
        return
    stored = type(instance)._base_manager.filter(pk=instance.pk).values_list("status", flat=True)
    statuses = {instance.status, stored.first() or PublicationStatus.DRAFT}
    if statuses != {PublicationStatus.DRAFT}:
        raise DeletionRefused(
            _("“%(entry)s” is not a draft: only drafts can be deleted; archive it instead.")
            % {"entry": instance}
        )
