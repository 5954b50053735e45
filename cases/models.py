from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.images import SafeImageField
from core.models import PublishableModel, Tier, localized
from core.regions import Province
from directory.models import AIModel, Product, Scenario, Vendor, Vertical

from .querysets import CaseStudyQuerySet


class CaseStudy(PublishableModel):
    """A case (案例) where a client put vendors' models and products to work."""

    class ClientType(models.TextChoices):
        CENTRAL_SOE = "central_soe", _("Central SOE")
        LOCAL_SOE = "local_soe", _("Local SOE")
        GOVERNMENT = "government", _("Government body")
        LISTED = "listed", _("Listed company")
        PRIVATE = "private", _("Private company")
        PUBLIC_INSTITUTION = "public_institution", _("Public institution")

    class DeploymentMode(models.TextChoices):
        PUBLIC_CLOUD = "public_cloud", _("Public cloud / API")
        PRIVATE = "private", _("Private deployment")
        HYBRID = "hybrid", _("Hybrid")
        XINCHUANG = "xinchuang", _("信创 private stack")

    title_zh = models.CharField(_("Chinese title"), max_length=200)
    title_en = models.CharField(_("English title"), max_length=200, blank=True)
    client_name = models.CharField(
        _("client"),
        max_length=120,
        help_text=_("May be anonymised, e.g. 某国有大型银行."),
    )
    client_anonymised = models.BooleanField(_("client anonymised"), default=False)
    client_type = models.CharField(
        _("client type"), max_length=20, choices=ClientType.choices, db_index=True
    )
    vendors = models.ManyToManyField(Vendor, verbose_name=_("vendors"), related_name="cases")
    ai_models = models.ManyToManyField(
        AIModel, verbose_name=_("models used"), related_name="cases", blank=True
    )
    products = models.ManyToManyField(
        Product, verbose_name=_("products used"), related_name="cases", blank=True
    )
    vertical = models.ForeignKey(
        Vertical, verbose_name=_("vertical"), on_delete=models.PROTECT, related_name="cases"
    )
    scenarios = models.ManyToManyField(
        Scenario, verbose_name=_("scenarios"), related_name="cases", blank=True
    )
    tier = models.CharField(_("tier"), max_length=2, choices=Tier.choices, db_index=True)
    deployment_mode = models.CharField(
        _("deployment mode"), max_length=16, choices=DeploymentMode.choices, blank=True
    )
    region = models.CharField(
        _("region"), max_length=20, choices=Province.choices, blank=True, db_index=True
    )
    go_live_year = models.PositiveSmallIntegerField(
        _("go-live year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    summary_zh = models.CharField(_("Chinese summary"), max_length=300, blank=True)
    summary_en = models.CharField(_("English summary"), max_length=300, blank=True)
    challenge_zh = models.TextField(_("challenge (Chinese)"), blank=True)
    challenge_en = models.TextField(_("challenge (English)"), blank=True)
    solution_zh = models.TextField(_("solution (Chinese)"), blank=True)
    solution_en = models.TextField(_("solution (English)"), blank=True)
    outcome_zh = models.TextField(_("outcome (Chinese)"), blank=True)
    outcome_en = models.TextField(_("outcome (English)"), blank=True)
    source_title = models.CharField(_("source"), max_length=200, blank=True)
    source_url = models.URLField(_("source link"), blank=True)
    source_date = models.DateField(_("source date"), null=True, blank=True)

    history = HistoricalRecords()
    objects = CaseStudyQuerySet.as_manager()

    class Meta:
        verbose_name = _("case study")
        verbose_name_plural = _("case studies")
        ordering = ["-published_at", "-created"]
        permissions = [("publish_casestudy", _("Can publish, archive and feature case studies"))]
        indexes = [
            models.Index(fields=["status", "-updated"], name="case_status_updated"),
            # A vertical's newest cases, per tier or all (vertical pages, similar cases).
            models.Index(
                fields=["vertical", "tier", "status", "-published_at", "-id"],
                name="case_vertical_tier_newest",
            ),
            models.Index(
                fields=["vertical", "status", "-published_at", "-id"], name="case_vertical_newest"
            ),
            # Newest first (the default order of the list page and the API) without a sort.
            models.Index(fields=["status", "-published_at", "-id"], name="case_status_newest"),
        ]

    def __str__(self):
        return self.title_zh or self.title_en

    def get_absolute_url(self):
        return reverse("cases:case_detail", kwargs={"slug": self.slug})

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def summary(self) -> str:
        return localized(self, "summary")

    @property
    def challenge(self) -> str:
        return localized(self, "challenge")

    @property
    def solution(self) -> str:
        return localized(self, "solution")

    @property
    def outcome(self) -> str:
        return localized(self, "outcome")


class CaseMetric(models.Model):
    """A measured outcome: name, value before, value after, unit (e.g. 人工坐席占比 80 → 35 %)."""

    case = models.ForeignKey(
        CaseStudy, verbose_name=_("case study"), on_delete=models.CASCADE, related_name="metrics"
    )
    name_zh = models.CharField(_("Chinese name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=120, blank=True)
    before = models.DecimalField(
        _("before"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    after = models.DecimalField(_("after"), max_digits=16, decimal_places=4, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("outcome metric")
        verbose_name_plural = _("outcome metrics")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(before__isnull=False) | Q(after__isnull=False),
                name="casemetric_has_a_value",
            )
        ]

    def __str__(self):
        return self.name_zh

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def change(self):
        """Relative change after/before, or None when it cannot be computed."""
        if self.before in (None, 0) or self.after is None:
            return None
        return (self.after - self.before) / abs(self.before)


class CaseImage(models.Model):
    case = models.ForeignKey(
        CaseStudy, verbose_name=_("case study"), on_delete=models.CASCADE, related_name="images"
    )
    image = SafeImageField(_("image"), upload_to="cases/")
    caption_zh = models.CharField(_("Chinese caption"), max_length=200, blank=True)
    caption_en = models.CharField(_("English caption"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.caption_zh or self.image.name

    @property
    def caption(self) -> str:
        return localized(self, "caption")
