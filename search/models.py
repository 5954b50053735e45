from django.db import models
from django.utils.translation import gettext_lazy as _


class IndexedDocument(models.Model):
    """Which objects are in the index and under which static score (their index rows' ids)."""

    kind = models.PositiveSmallIntegerField(_("kind"))
    object_id = models.PositiveBigIntegerField(_("object id"))
    score = models.PositiveIntegerField(_("static score"))

    class Meta:
        verbose_name = _("indexed document")
        verbose_name_plural = _("indexed documents")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_unique")
        ]

    def __str__(self):
        return f"{self.kind}:{self.object_id}"
