"""A revision: an editor's change to a live (published or archived) entry, kept until a
publisher approves it. The entry itself, and so the public site, search, API and sync, keep
the published version meanwhile."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class RevisionQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(state=Revision.State.PENDING)

    def for_entry(self, entry):
        return self.filter(
            content_type=ContentType.objects.get_for_model(type(entry)), object_id=entry.pk
        )


class Revision(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Sent back")

    class Source(models.TextChoices):
        FORM = "form", _("Edit form")
        IMPORT = "import", _("Import")

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("content type"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("object id"))
    entry = GenericForeignKey("content_type", "object_id")
    base_version = models.PositiveIntegerField(
        _("based on version"), help_text=_("The entry's version the change was made from.")
    )
    changes = models.JSONField(
        _("changes"), help_text=_("Per field: the published value and the proposed one.")
    )
    source = models.CharField(_("made in"), max_length=8, choices=Source.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("proposed at"), auto_now_add=True, db_index=True)
    state = models.CharField(
        _("state"), max_length=8, choices=State.choices, default=State.PENDING, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    comment = models.TextField(_("review comment"), blank=True)

    objects = RevisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["created", "pk"]
        indexes = [
            models.Index(
                fields=["content_type", "object_id"],
                condition=Q(state="pending"),
                name="revision_pending_entry",
            )
        ]

    def __str__(self) -> str:
        return f"{self.content_type.model} {self.object_id} v{self.base_version} ({self.state})"
