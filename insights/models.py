from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import BilingualNameMixin, PublishableModel, localized

from .querysets import StatSeriesQuerySet


class StatSeries(BilingualNameMixin, PublishableModel):
    """A dated market statistic from a report: filings per batch, price per million tokens …"""

    class Display(models.TextChoices):
        AUTO = "auto", _("Automatic (a headline number for one value, bars otherwise)")
        BAR = "bar", _("Bar chart")
        LINE = "line", _("Line chart (a trend)")
        NUMBER = "number", _("Headline number (the latest value)")

    name_zh = models.CharField(_("Chinese name"), max_length=160)
    name_en = models.CharField(_("English name"), max_length=160, blank=True)
    unit_zh = models.CharField(_("Chinese unit"), max_length=40, blank=True)
    unit_en = models.CharField(_("English unit"), max_length=40, blank=True)
    description_zh = models.TextField(_("Chinese description"), blank=True)
    description_en = models.TextField(_("English description"), blank=True)
    source_title = models.CharField(_("source"), max_length=200)
    source_url = models.URLField(_("source link"), blank=True)
    source_date = models.DateField(_("source date"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    display = models.CharField(
        _("display as"), max_length=8, choices=Display.choices, default=Display.AUTO
    )
    takeaway_zh = models.CharField(
        _("Chinese takeaway"),
        max_length=200,
        blank=True,
        help_text=_("One line shown above the chart. Left blank, Atlas writes it from the data."),
    )
    takeaway_en = models.CharField(_("English takeaway"), max_length=200, blank=True)

    history = HistoricalRecords()
    objects = StatSeriesQuerySet.as_manager()

    class Meta:
        verbose_name = _("market statistic series")
        verbose_name_plural = _("market statistic series")
        ordering = ["position", "slug"]
        permissions = [("publish_statseries", _("Can publish and archive statistic series"))]

    def clean(self):
        super().clean()
        from .charts import LIVE_CHART_SLUGS

        if self.slug in LIVE_CHART_SLUGS:
            raise ValidationError(
                {"slug": _("This slug belongs to a chart Atlas computes; choose another.")}
            )

    def get_absolute_url(self):
        return reverse("insights:index") + f"#{self.slug}"

    @property
    def takeaway(self) -> str:
        return localized(self, "takeaway")

    @property
    def unit(self) -> str:
        return localized(self, "unit")

    @property
    def description(self) -> str:
        return localized(self, "description")


class StatPoint(models.Model):
    """One dated value of a series (a period such as 2024 H1 or 2024年4月（第一批）)."""

    series = models.ForeignKey(
        StatSeries, verbose_name=_("series"), on_delete=models.CASCADE, related_name="points"
    )
    period_start = models.DateField(_("period start"))
    label_zh = models.CharField(_("Chinese label"), max_length=60)
    label_en = models.CharField(_("English label"), max_length=60, blank=True)
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4)
    note = models.CharField(_("note"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("data point")
        verbose_name_plural = _("data points")
        ordering = ["series", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "period_start"], name="statpoint_one_value_per_period"
            )
        ]

    def __str__(self):
        return f"{self.label_zh}: {self.value}"

    @property
    def label(self) -> str:
        return localized(self, "label")
