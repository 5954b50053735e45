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


class CommonTerm(models.Model):
    """The documents of one kind matching one of its commonest terms (see search.common)."""

    kind = models.PositiveSmallIntegerField(_("kind"))
    key = models.CharField(_("term"), max_length=100)
    bits = models.BinaryField(_("documents (roaring bitmap)"))
    docs = models.PositiveIntegerField(_("documents"))

    class Meta:
        verbose_name = _("common term")
        verbose_name_plural = _("common terms")
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="search_common_term_unique")
        ]

    def __str__(self):
        return f"{self.kind}:{self.key}"
