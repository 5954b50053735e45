"""Procurement facts: certifications and 信创 adaptations, and deployment offers.

They are sourced records editors curate like every entry (draft → review → published, history,
import/export). A fact belongs to a vendor and may be about one of its models or products.
"""

import itertools

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import PublishableModel, TaxonomyTerm

from .querysets import (
    EXPIRY_WARNING_DAYS,
    CertificationQuerySet,
    DeploymentOfferQuerySet,
    today,
)


class Platform(TaxonomyTerm):
    """A domestic (信创) platform a product can be adapted to: 麒麟, 统信UOS, 鲲鹏, 昇腾 …"""

    class Layer(models.TextChoices):
        CPU = "cpu", _("CPU")
        AI_CHIP = "ai_chip", _("AI accelerator")
        OS = "os", _("Operating system")
        DATABASE = "database", _("Database")
        MIDDLEWARE = "middleware", _("Middleware")
        OTHER = "other", _("Other")

    layer = models.CharField(_("layer"), max_length=16, choices=Layer.choices, default=Layer.OTHER)

    history = HistoricalRecords()

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("信创 platform")
        verbose_name_plural = _("信创 platforms")


def choice_label(choices, value) -> str:
    """A choice's label, as `get_FOO_display()` gives it without rebuilding the choices each
    call (the finder labels hundreds of facts per answer)."""
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


class HeldFact(PublishableModel):
    """Shared by certifications and offers: who holds it, about what, and its source."""

    # Blank in a form: filled from the holder when saved (imports give their own).
    slug = models.SlugField(_("slug"), max_length=120, unique=True, blank=True)
    vendor = models.ForeignKey(
        "directory.Vendor",
        verbose_name=_("vendor"),
        on_delete=models.PROTECT,
        related_name="%(class)ss",
    )
    ai_model = models.ForeignKey(
        "directory.AIModel",
        verbose_name=_("model"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="%(class)ss",
    )
    product = models.ForeignKey(
        "directory.Product",
        verbose_name=_("product"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="%(class)ss",
    )
    source_title = models.CharField(_("source"), max_length=200, blank=True)
    source_url = models.URLField(_("source link"), max_length=500, blank=True)
    source_date = models.DateField(_("source date"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        abstract = True

    @property
    def holder(self):
        """What the fact is about: the model, else the product, else the vendor."""
        return self.ai_model or self.product or self.vendor

    def clean(self):
        super().clean()
        if self.ai_model_id and self.product_id:
            raise ValidationError(_("Name a model or a product, not both."))
        for field in ("ai_model", "product"):
            entry = getattr(self, field)
            if entry is not None and self.vendor_id and entry.vendor_id != self.vendor_id:
                raise ValidationError(
                    {
                        field: _("This belongs to another vendor: %(vendor)s.")
                        % {"vendor": entry.vendor}
                    }
                )
            if entry is not None and not self.vendor_id:
                self.vendor = entry.vendor

    def slug_parts(self) -> list[str]:
        return [self.holder.slug]

    def save(self, *args, **kwargs):
        if not self.vendor_id:
            entry = self.ai_model or self.product
            if entry is not None:
                self.vendor_id = entry.vendor_id
        if not self.slug:
            self.slug = self._free_slug(slugify("-".join(p for p in self.slug_parts() if p)))
        super().save(*args, **kwargs)

    def _free_slug(self, base: str) -> str:
        base = base[:100].strip("-") or type(self)._meta.model_name
        taken = set(
            type(self)._base_manager.filter(slug__startswith=base).values_list("slug", flat=True)
        )
        for n in itertools.count(1):
            slug = base if n == 1 else f"{base}-{n}"
            if slug not in taken:
                return slug
        raise AssertionError  # pragma: no cover

    def get_absolute_url(self):
        """Facts have no page of their own: they are listed on their holder's page."""
        return f"{self.holder.get_absolute_url()}#{self.anchor}"

    @property
    def anchor(self) -> str:
        return f"{type(self)._meta.model_name}-{self.pk}"


class Certification(HeldFact):
    """A certification or adaptation: 信创, 安全可靠测评, 等保, ISO 27001, CMMI, 可信AI."""

    class Kind(models.TextChoices):
        XINCHUANG = "xinchuang", _("信创 adaptation")
        SECURITY_ASSESSMENT = "security_assessment", _("安全可靠测评 (security and reliability)")
        DENGBAO = "dengbao", _("等保 (classified protection)")
        ISO27001 = "iso27001", _("ISO/IEC 27001")
        CMMI = "cmmi", _("CMMI")
        TRUSTED_AI = "trusted_ai", _("可信AI assessment")
        OTHER = "other", _("Other")

    # Kinds whose level is a number 1–5, and kinds that need one.
    LEVELLED = (Kind.DENGBAO, Kind.CMMI)

    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices, db_index=True)
    platform = models.ForeignKey(
        Platform,
        verbose_name=_("platform"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certifications",
        help_text=_("For a 信创 adaptation: the chip, OS or database it was adapted to."),
    )
    name = models.CharField(
        _("name"), max_length=200, blank=True, help_text=_("For “other”: what it certifies.")
    )
    issuer = models.CharField(_("issuer"), max_length=200, blank=True)
    number = models.CharField(
        _("number"), max_length=120, blank=True, help_text=_("Certificate or 备案 number.")
    )
    level = models.PositiveSmallIntegerField(
        _("level"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("等保 level or CMMI level, 1–5."),
    )
    grade = models.CharField(
        _("grade"),
        max_length=60,
        blank=True,
        help_text=_("安全可靠测评 result or 可信AI grade, as printed."),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    history = HistoricalRecords()
    objects = CertificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
        ordering = ["kind", "platform__position", "-level", "pk"]
        permissions = [
            ("publish_certification", _("Can publish, archive and feature certifications"))
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__isnull=True) | Q(level__gte=1, level__lte=5),
                name="certification_level_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=F("valid_from")),
                name="certification_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(ai_model__isnull=True) | Q(product__isnull=True),
                name="certification_model_or_product",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-updated"], name="cert_status_updated"),
            models.Index(fields=["vendor", "kind", "status"], name="cert_vendor_kind"),
            models.Index(fields=["valid_until"], name="cert_valid_until"),
            models.Index(fields=["updated", "id"], name="cert_sync_order"),
        ]

    def __str__(self) -> str:
        return f"{self.title} · {self.holder}"

    @property
    def title(self) -> str:
        """“鲲鹏 adaptation”, “等保 level 3”, “CMMI 5”, “可信AI 优秀级”: the fact in a few words."""
        if self.kind == self.Kind.XINCHUANG and self.platform_id:
            return _("%(platform)s adaptation") % {"platform": self.platform.name}
        if self.kind == self.Kind.DENGBAO and self.level:
            return _("等保 level %(level)s") % {"level": self.level}
        if self.kind == self.Kind.CMMI and self.level:
            return _("CMMI level %(level)s") % {"level": self.level}
        if self.kind == self.Kind.OTHER and self.name:
            return self.name
        return f"{choice_label(self.Kind, self.kind)} {self.grade}".strip()

    def slug_parts(self) -> list[str]:
        detail = self.platform.slug if self.platform_id else str(self.level or "")
        return [self.holder.slug, self.kind.replace("_", "-"), detail]

    def clean(self):
        super().clean()
        errors = {}
        if self.kind == self.Kind.XINCHUANG and not self.platform_id:
            errors["platform"] = _("A 信创 adaptation names the platform it was adapted to.")
        if self.kind != self.Kind.XINCHUANG and self.platform_id:
            errors["platform"] = _("Only a 信创 adaptation names a platform.")
        if self.kind in self.LEVELLED and self.level is None:
            errors["level"] = _("Give the level (1–5).")
        if self.kind not in self.LEVELLED and self.level is not None:
            errors["level"] = _("Only 等保 and CMMI have a level; put other results in “grade”.")
        if self.kind == self.Kind.OTHER and not self.name:
            errors["name"] = _("Say what it certifies.")
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = _("It cannot end before it starts.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_expired(self) -> bool:
        return self.valid_until is not None and self.valid_until < today()

    @property
    def expires_soon(self) -> bool:
        if self.valid_until is None or self.is_expired:
            return False
        return (self.valid_until - today()).days <= EXPIRY_WARNING_DAYS


class DeploymentOffer(HeldFact):
    """How a model or product is offered: public API, dedicated cloud, 私有化, 一体机, on-device."""

    class Mode(models.TextChoices):
        PUBLIC_API = "public_api", _("Public API")
        DEDICATED_CLOUD = "dedicated_cloud", _("Dedicated cloud / VPC")
        PRIVATE = "private", _("私有化 (on-premises)")
        APPLIANCE = "appliance", _("大模型一体机 (appliance)")
        ON_DEVICE = "on_device", _("On-device")

    mode = models.CharField(_("deployment"), max_length=16, choices=Mode.choices, db_index=True)

    history = HistoricalRecords()
    objects = DeploymentOfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("deployment offer")
        verbose_name_plural = _("deployment offers")
        ordering = ["mode", "pk"]
        permissions = [
            ("publish_deploymentoffer", _("Can publish, archive and feature deployment offers"))
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ai_model__isnull=False) | Q(product__isnull=False),
                name="offer_names_model_or_product",
            ),
            models.CheckConstraint(
                condition=Q(ai_model__isnull=True) | Q(product__isnull=True),
                name="offer_model_or_product",
            ),
            models.UniqueConstraint(
                fields=["ai_model", "mode"],
                condition=Q(ai_model__isnull=False),
                name="offer_one_per_model_mode",
            ),
            models.UniqueConstraint(
                fields=["product", "mode"],
                condition=Q(product__isnull=False),
                name="offer_one_per_product_mode",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-updated"], name="offer_status_updated"),
            models.Index(fields=["vendor", "mode", "status"], name="offer_vendor_mode"),
            models.Index(fields=["updated", "id"], name="offer_sync_order"),
        ]

    def __str__(self) -> str:
        return f"{self.title} · {self.holder}"

    @property
    def title(self) -> str:
        return choice_label(self.Mode, self.mode)

    def slug_parts(self) -> list[str]:
        return [self.holder.slug, self.mode.replace("_", "-")]

    def clean(self):
        super().clean()
        if not self.ai_model_id and not self.product_id:
            raise ValidationError(_("An offer is for a model or a product: name one."))
