"""Partner API keys: stored as a SHA-256 digest, with a visible prefix, a rate limit and a quota."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class APIKeyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class APIKey(models.Model):
    name = models.CharField(_("name"), max_length=100, help_text=_("What the key is used for."))
    owner = models.CharField(
        _("owner"), max_length=160, help_text=_("The partner organisation holding the key.")
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    prefix = models.CharField(
        _("prefix"),
        max_length=16,
        editable=False,
        db_index=True,
        help_text=_("The first characters of the key, to recognise it; the rest is not stored."),
    )
    digest = models.CharField(_("SHA-256 digest"), max_length=64, unique=True, editable=False)
    rate_limit_per_minute = models.PositiveIntegerField(
        _("rate limit (requests per minute)"), default=120, validators=[MinValueValidator(1)]
    )
    daily_quota = models.PositiveIntegerField(
        _("daily quota (requests per day)"), default=10_000, validators=[MinValueValidator(1)]
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)

    objects = APIKeyQuerySet.as_manager()

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["owner", "name"]

    def __str__(self) -> str:
        return f"{self.owner} · {self.name} ({self.prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class APIKeyUsage(models.Model):
    """Requests made with a key on one day (the site's time zone); persisted, shown in the admin."""

    key = models.ForeignKey(
        APIKey, verbose_name=_("API key"), on_delete=models.CASCADE, related_name="usage"
    )
    day = models.DateField(_("day"))
    requests = models.PositiveIntegerField(_("requests"), default=0)

    class Meta:
        verbose_name = _("API key usage")
        verbose_name_plural = _("API key usage")
        ordering = ["-day", "key"]
        constraints = [
            models.UniqueConstraint(fields=["key", "day"], name="apikeyusage_one_row_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.day}: {self.requests}"


class APIKeyRequest(models.Model):
    """A partner's request for a key, from /developers/key/; an editor approves or declines it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        APPROVED = "approved", _("approved")
        DECLINED = "declined", _("declined")

    organisation = models.CharField(_("organisation"), max_length=160)
    contact_name = models.CharField(_("contact name"), max_length=120)
    contact_email = models.EmailField(_("contact e-mail"))
    website = models.URLField(_("website"), max_length=200, blank=True)
    intended_use = models.TextField(
        _("intended use"),
        max_length=2000,
        help_text=_("What the data will be used for, and roughly how many requests a day."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    key = models.OneToOneField(
        APIKey,
        verbose_name=_("API key"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="request",
        editable=False,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)
    created = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        verbose_name = _("API key request")
        verbose_name_plural = _("API key requests")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.contact_email}"
