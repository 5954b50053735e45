"""A visitor's correction or question: never published, read and closed by an editor."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MessageQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Message.Status.NEW)


class Message(models.Model):
    class Kind(models.TextChoices):
        CORRECTION = "correction", _("A correction to an entry")
        QUESTION = "question", _("A question about the directory or its data")
        LISTING = "listing", _("A vendor asking about its own entry")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        NEW = "new", _("new")
        HANDLED = "handled", _("handled")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    about_url = models.CharField(
        _("page concerned"),
        max_length=300,
        blank=True,
        help_text=_("The Atlas page the message is about, when it came from one."),
    )
    body = models.TextField(_("message"), max_length=3000)
    source_url = models.URLField(_("source"), max_length=300, blank=True)
    name = models.CharField(_("name"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    organisation = models.CharField(_("organisation"), max_length=160, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW, db_index=True
    )
    editor_note = models.TextField(_("editor's note"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True, editable=False)
    created = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("visitor message")
        verbose_name_plural = _("visitor messages")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.created:%Y-%m-%d}"
