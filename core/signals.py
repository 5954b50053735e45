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


def refuse_editors_relinking_live_entries(sender, instance, action, reverse, **kwargs):
    """The many-to-many side of core.editorial's live-content rule: an editor's change to a
    live entry's links waits for a publisher as a revision too."""
    from .editorial import EditorialPermissionDenied, current_actor, may_publish

    if reverse or action not in ("pre_add", "pre_remove", "pre_clear"):
        return
    if not isinstance(instance, PublishableModel) or instance._state.adding:
        return
    if may_publish(current_actor(), type(instance)):
        return
    stored = type(instance)._base_manager.filter(pk=instance.pk).values_list("status", flat=True)
    if stored.first() in (PublicationStatus.PUBLISHED, PublicationStatus.ARCHIVED):
        raise EditorialPermissionDenied(
            {
                "__all__": _(
                    "“%(entry)s” is live: a change to its links waits for a publisher as a "
                    "revision and cannot be saved directly."
                )
                % {"entry": instance}
            }
        )
