"""The CAC register of generative-AI services: batches, filings, and the runs that imported them.

Filings are official public facts with a source: they are shown as imported, without the
editorial workflow. Editors only link them to vendors, models and products.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.regions import Province

from .numbers import BEIAN, DENGJI, SASAC
from .querysets import FilingQuerySet


class FilingKind(models.TextChoices):
    BEIAN = BEIAN, _("备案 · model")
    DENGJI = DENGJI, _("登记 · application")


REGION_CHOICES = [*Province.choices, (SASAC, _("SASAC (central SOEs)"))]


class FilingBatch(TimeStampedModel):
    """One announcement of the register (a bimonthly attachment), e.g. 2024-04."""

    period = models.CharField(_("period"), max_length=7, unique=True, help_text="YYYY-MM")
    title = models.CharField(_("title"), max_length=200, blank=True)
    announcement_url = models.URLField(_("announcement"), max_length=500, blank=True)
    attachment_url = models.URLField(_("attachment"), max_length=1000, blank=True)
    stated_count = models.PositiveIntegerField(
        _("rows stated by the source"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("filing batch")
        verbose_name_plural = _("filing batches")
        ordering = ["period"]

    def __str__(self) -> str:
        return self.period

    @property
    def source_url(self) -> str:
        return self.attachment_url or self.announcement_url


class Filing(TimeStampedModel):
    """A row of the register: a 备案 (a model) or a 登记 (an application built on one)."""

    batch = models.ForeignKey(
        FilingBatch, verbose_name=_("batch"), on_delete=models.PROTECT, related_name="filings"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=FilingKind.choices, db_index=True)
    number = models.CharField(_("number"), max_length=200, help_text=_("As printed."))
    number_key = models.CharField(
        _("number key"),
        max_length=200,
        unique=True,
        help_text=_("Case and region spelling variants folded to one."),
    )
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    serial = models.PositiveIntegerField(_("serial (序号)"), null=True, blank=True)
    row = models.PositiveIntegerField(_("row in the batch"), default=0)
    service_name = models.CharField(_("service name"), max_length=300)
    organisation = models.CharField(_("organisation"), max_length=300)
    organisation_key = models.CharField(_("organisation key"), max_length=300, db_index=True)
    region = models.CharField(_("属地 as printed"), max_length=40, blank=True)
    province = models.CharField(
        _("province"), max_length=20, choices=REGION_CHOICES, blank=True, db_index=True
    )
    filed_on = models.DateField(_("filing date"), null=True, blank=True, db_index=True)
    filed_on_printed = models.CharField(_("date as printed"), max_length=60, blank=True)
    late_registration = models.BooleanField(
        _("late registration (补登)"), default=False, help_text=_("Printed with （补登）.")
    )
    source_tag = models.CharField(
        _("tag in the source"), max_length=8, blank=True, help_text=_("The mirror's own 备案/登记.")
    )
    extra = models.JSONField(_("other columns"), default=dict, blank=True)
    vendor = models.ForeignKey(
        "directory.Vendor",
        verbose_name=_("vendor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="filings",
    )
    ai_model = models.ForeignKey(
        "directory.AIModel",
        verbose_name=_("model"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="filings",
    )
    product = models.ForeignKey(
        "directory.Product",
        verbose_name=_("product"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="filings",
    )

    objects = FilingQuerySet.as_manager()

    class Meta:
        verbose_name = _("filing")
        verbose_name_plural = _("filings")
        ordering = ["-batch__period", "kind", "serial", "pk"]
        indexes = [
            models.Index(fields=["updated", "id"], name="filing_sync_order"),
            models.Index(fields=["batch", "kind", "serial"], name="filing_batch_order"),
        ]

    def __str__(self) -> str:
        return f"{self.number} · {self.service_name}"

    def get_absolute_url(self):
        return reverse("filings:filing_detail", kwargs={"slug": self.slug})

    @property
    def name(self) -> str:
        return self.service_name

    @property
    def summary(self) -> str:
        return f"{self.number} · {self.organisation}"

    @property
    def is_published(self) -> bool:
        """Filings are public facts: always shown (the search index asks)."""
        return True

    @property
    def is_linked(self) -> bool:
        return self.vendor_id is not None


class ImportRun(models.Model):
    """One run of the register import: what file, who, what it changed and what it found."""

    started = models.DateTimeField(_("started"), auto_now_add=True)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)
    source = models.CharField(_("file"), max_length=500)
    file_format = models.CharField(_("format"), max_length=8)
    checksum = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    by_label = models.CharField(_("run by"), max_length=150, blank=True)
    rows = models.PositiveIntegerField(_("rows read"), default=0)
    created = models.PositiveIntegerField(_("filings added"), default=0)
    updated = models.PositiveIntegerField(_("filings changed"), default=0)
    unchanged = models.PositiveIntegerField(_("filings unchanged"), default=0)
    skipped = models.PositiveIntegerField(_("rows skipped"), default=0)
    vendors_created = models.PositiveIntegerField(_("draft vendors created"), default=0)
    linked = models.PositiveIntegerField(_("filings newly linked"), default=0)
    changes = models.JSONField(_("changes"), default=list, blank=True)

    class Meta:
        verbose_name = _("register import run")
        verbose_name_plural = _("register import runs")
        ordering = ["-started"]

    def __str__(self) -> str:
        return f"{self.source} · {self.started:%Y-%m-%d %H:%M}"

    @property
    def changed(self) -> int:
        return self.created + self.updated


class ImportAnomaly(models.Model):
    """Something in the file that is not as it should be, and what the import did about it."""

    class Code(models.TextChoices):
        HEADER_ROW = "header_row", _("Header row inside the data")
        KIND_MISMATCH = "kind_mismatch", _("Tag disagrees with the number")
        SWAPPED = "swapped_columns", _("Name and organisation swapped")
        SERIAL_GAP = "serial_gap", _("Gap in the serial numbers")
        SERIAL_REPEAT = "serial_repeat", _("Repeated serial number")
        SERIAL_ORDER = "serial_order", _("Serial numbers out of order")
        TRUNCATED = "truncated_number", _("Truncated number")
        MALFORMED = "malformed_number", _("Malformed number")
        REGION_MISMATCH = "region_mismatch", _("Region prefix disagrees with 属地")
        UNKNOWN_REGION = "unknown_region", _("Unknown region")
        DATE_MARK = "date_mark", _("Date with a mark")
        BAD_DATE = "bad_date", _("Unreadable date")
        MISSING = "missing_value", _("Missing value")
        DUPLICATE = "duplicate_number", _("Number listed twice")
        RELISTED = "relisted", _("Number already filed in another batch")
        EXTRA_COLUMN = "extra_column", _("Unknown column")
        COUNT_MISMATCH = "count_mismatch", _("Stated count differs")

    run = models.ForeignKey(
        ImportRun, verbose_name=_("run"), on_delete=models.CASCADE, related_name="anomalies"
    )
    batch = models.CharField(_("batch"), max_length=7, blank=True)
    row = models.PositiveIntegerField(_("row"), null=True, blank=True)
    serial = models.CharField(_("serial"), max_length=20, blank=True)
    number = models.CharField(_("number"), max_length=200, blank=True)
    code = models.CharField(_("anomaly"), max_length=20, choices=Code.choices, db_index=True)
    detail = models.CharField(_("detail"), max_length=500, blank=True)
    decision = models.CharField(_("decision"), max_length=300)
    skipped = models.BooleanField(_("row skipped"), default=False)

    class Meta:
        verbose_name = _("import anomaly")
        verbose_name_plural = _("import anomalies")
        ordering = ["run", "batch", "row", "pk"]

    def __str__(self) -> str:
        return f"{self.batch} #{self.row}: {self.get_code_display()}"


class UnlinkedFiling(Filing):
    """The admin's queue of filings not yet linked to a vendor (same table)."""

    class Meta:
        proxy = True
        verbose_name = _("unlinked filing")
        verbose_name_plural = _("unlinked filings (queue)")
