"""Base models every content app builds on: timestamps, publication workflow, bilingual names."""

from functools import cache

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .querysets import PublishableQuerySet
from .sorting import NAME_SORT_MAX_LENGTH, pinyin_sort_key


@cache
def _choice_labels(field) -> dict:
    """A choices field's {value: label}, labels left lazy (translated when shown)."""
    return {make_hashable(value): label for value, label in field.flatchoices}


class TimeStampedModel(models.Model):
    created = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field):
        # Django's own builds the dict of every choice at each call, translating every label
        # to hash it (34 provinces for one region badge, 20 times on a list page); this
        # translates the one label shown.
        value = getattr(self, field.attname)
        label = _choice_labels(field).get(make_hashable(value), value)
        return force_str(label, strings_only=True)


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class Tier(models.TextChoices):
    L0 = "L0", _("L0 · General model")
    L1 = "L1", _("L1 · Industry model")
    L2 = "L2", _("L2 · Vertical / scenario model")

    @classmethod
    def explanations(cls):
        """One line per tier, as the report explains them."""
        return {
            cls.L0: _(
                "Broad knowledge across many fields and tasks, like a student who finished "
                "general schooling."
            ),
            cls.L1: _(
                "Pre-trained or fine-tuned on one industry's data, like an undergraduate who "
                "chose a major."
            ),
            cls.L2: _(
                "Trained for a specific task or scenario, like a graduate student deep in one "
                "field."
            ),
        }


class LocalizedText(str):
    """Text in the active language, or the other one's when it was missing (`fallback_lang` then
    names it, so a page can mark it: `<p{{ text|lang_attr }}>`)."""

    fallback_lang: str = ""


def _text(value: str, fallback_lang: str = "") -> LocalizedText:
    text = LocalizedText(value or "")
    text.fallback_lang = fallback_lang if value else ""
    return text


def localized(obj, field: str) -> str:
    """The `<field>_zh` or `<field>_en` value in the active language, falling back to the other."""
    zh, en = getattr(obj, f"{field}_zh", ""), getattr(obj, f"{field}_en", "")
    if (get_language() or "zh-hans").startswith("en"):
        return _text(en) if en else _text(zh, "zh-Hans")
    return _text(zh) if zh else _text(en, "en")


class BilingualNameMixin:
    """`name` in the active language; `other_name` in the other one, when it differs."""

    @staticmethod
    def name_sort_field():
        """The indexed pinyin key a model using this mixin declares as `name_sort`."""
        return models.CharField(
            _("name sort key"), max_length=NAME_SORT_MAX_LENGTH, editable=False, default=""
        )

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def other_name(self) -> str:
        other = self.name_zh if self.name == self.name_en else self.name_en
        return "" if other == self.name else other

    def save(self, *args, **kwargs):
        # The pinyin key of the name (core.sorting) is kept with it by every save that writes the
        # name, on the models that have a `name_sort` column.
        update_fields = kwargs.get("update_fields")
        writes_name = update_fields is None or {"name_zh", "name_en"} & set(update_fields)
        if writes_name and any(f.name == "name_sort" for f in self._meta.concrete_fields):
            self.name_sort = pinyin_sort_key(self.name_zh or self.name_en)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "name_sort"}
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return (
            self.name_zh
            if self.name_zh == self.name_en or not self.name_en
            else (f"{self.name_zh} ({self.name_en})" if self.name_zh else self.name_en)
        )


class EditConflict(Exception):
    """Someone saved the entry after this copy of it was loaded: saving would overwrite them."""

    def __init__(self, entry, loaded_version: int):
        self.entry, self.loaded_version = entry, loaded_version
        super().__init__(f"{entry._meta.label} {entry.pk} changed since version {loaded_version}")


class DeletionRefused(PermissionDenied):
    """Only drafts may be deleted; published and archived entries are archived instead."""


class PublishableModel(TimeStampedModel):
    """A public entity: slug, workflow status, featured/sample flags, a successor when retired."""

    slug = models.SlugField(_("slug"), max_length=120, unique=True, allow_unicode=False)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
        db_index=True,
    )
    published_at = models.DateTimeField(_("first published"), null=True, blank=True)
    featured = models.BooleanField(_("featured"), default=False)
    is_sample = models.BooleanField(
        _("sample entry"),
        default=False,
        help_text=_(
            "Illustrative data, not a real record. Shown with a 'sample' label everywhere."
        ),
    )
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
        help_text=_("Where visitors of a retired entry are sent."),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted for review by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted for review at"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        help_text=_("Bumped on every save; a save based on an older version is refused."),
    )

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        """Who may change status and editorial fields is checked here, on every write path
        (core.editorial); then optimistic locking: the UPDATE only matches the version this
        copy was loaded at."""
        from . import editorial

        editorial.check_write(
            self, update_fields=kwargs.get("update_fields"), using=kwargs.get("using")
        )
        if self._state.adding:
            return super().save(*args, **kwargs)
        loaded = self.version
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        self.version, self._loaded_version = loaded + 1, loaded
        try:
            super().save(*args, **kwargs)
        except BaseException:
            self.version = loaded
            raise
        finally:
            self._loaded_version = None

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update):
        loaded = getattr(self, "_loaded_version", None)
        if loaded is None:
            return super()._do_update(base_qs, using, pk_val, values, update_fields, forced_update)
        matched = base_qs.filter(version=loaded)
        if super()._do_update(matched, using, pk_val, values, update_fields, forced_update):
            return True
        if base_qs.filter(pk=pk_val).exists():
            raise EditConflict(self, loaded)
        return False

    @property
    def is_published(self) -> bool:
        return self.status == PublicationStatus.PUBLISHED

    @property
    def is_archived(self) -> bool:
        return self.status == PublicationStatus.ARCHIVED

    def mark_published(self) -> None:
        self.status = PublicationStatus.PUBLISHED
        if self.published_at is None:
            self.published_at = timezone.now()


class TaxonomyTerm(BilingualNameMixin, TimeStampedModel):
    """An editor-managed, ordered term with a slug and zh/en names (vertical, scenario, …)."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name_zh = models.CharField(_("Chinese name"), max_length=80)
    name_en = models.CharField(_("English name"), max_length=80)
    description_zh = models.TextField(_("Chinese description"), blank=True)
    description_en = models.TextField(_("English description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0, db_index=True)

    class Meta:
        abstract = True
        ordering = ["position", "slug"]

    @property
    def description(self) -> str:
        return localized(self, "description")


class Tombstone(models.Model):
    """A public entry that left the published set, so API mirrors can drop it (see core.sync)."""

    class Reason(models.TextChoices):
        ARCHIVED = "archived", _("Archived")
        UNPUBLISHED = "unpublished", _("Unpublished")
        DELETED = "deleted", _("Deleted")

    content_type = models.ForeignKey(
        "contenttypes.ContentType",
        verbose_name=_("content type"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    object_id = models.PositiveBigIntegerField(_("object id"))
    slug = models.CharField(_("slug"), max_length=120)
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    removed_at = models.DateTimeField(_("removed at"), default=timezone.now)

    class Meta:
        verbose_name = _("tombstone")
        verbose_name_plural = _("tombstones")
        ordering = ["removed_at", "object_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="tombstone_one_per_entry"
            )
        ]
        indexes = [
            models.Index(
                fields=["content_type", "removed_at", "object_id"], name="tombstone_sync_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.content_type.model}:{self.slug} ({self.reason})"


class FacetBitmaps(models.Model):
    """One list resource's facet index (see core.facets): its bitmaps, under a generation."""

    resource = models.CharField(_("resource"), max_length=100, unique=True)
    bitmaps = models.BinaryField(_("bitmaps"))
    # A new random token on every write: readers holding these bitmaps in memory compare it.
    generation = models.CharField(_("generation"), max_length=32, default="", editable=False)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    derived_from_content = True  # the page cache ignores its saves (core.pagecache)

    class Meta:
        verbose_name = _("facet index")
        verbose_name_plural = _("facet indexes")

    def __str__(self) -> str:
        return self.resource
