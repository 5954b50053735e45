import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.images import SafeImageField
from core.models import (
    BilingualNameMixin,
    PublishableModel,
    TaxonomyTerm,
    Tier,
    TimeStampedModel,
    localized,
)
from core.regions import Province, place_label
from core.validators import validate_uscc

from .querysets import AIModelQuerySet, ProductQuerySet, VendorQuerySet


class Vertical(TaxonomyTerm):
    """An industry vertical (行业): 政务, 金融, 医疗 …"""

    history = HistoricalRecords()

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("vertical")
        verbose_name_plural = _("verticals")

    def get_absolute_url(self):
        return reverse("directory:vertical_detail", kwargs={"slug": self.slug})


class Scenario(TaxonomyTerm):
    """A cross-industry scenario (场景): 营销, 客服, 运营 …"""

    history = HistoricalRecords()

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")


class ProductCategory(TaxonomyTerm):
    """What kind of product it is: assistant, coding assistant, 信创云, database, CRM …"""

    history = HistoricalRecords()

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("product category")
        verbose_name_plural = _("product categories")


class Modality(TaxonomyTerm):
    """What a model takes in and gives out: language, vision, multimodal, speech, video."""

    history = HistoricalRecords()

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("modality")
        verbose_name_plural = _("modalities")


class DeploymentOption(TaxonomyTerm):
    """How a model or product can be run: public API, private deployment, 信创 stack …"""

    is_xinchuang = models.BooleanField(
        _("信创 stack"), default=False, help_text=_("Runs on domestic chips / OS / databases.")
    )

    history = HistoricalRecords()

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("deployment option")
        verbose_name_plural = _("deployment options")


class Vendor(BilingualNameMixin, PublishableModel):
    class Kind(models.TextChoices):
        BIG_TECH = "big_tech", _("Big tech")
        AI_NATIVE = "ai_native", _("AI-native company")
        RESEARCH = "research", _("Research institute")
        CLOUD = "cloud", _("Cloud provider")
        ISV = "isv", _("ISV / integrator")
        SOE = "soe", _("SOE subsidiary")

    class Exchange(models.TextChoices):
        SSE = "SSE", _("Shanghai Stock Exchange")
        SZSE = "SZSE", _("Shenzhen Stock Exchange")
        BSE = "BSE", _("Beijing Stock Exchange")
        HKEX = "HKEX", _("Hong Kong Stock Exchange")
        NASDAQ = "NASDAQ", _("NASDAQ")
        NYSE = "NYSE", _("New York Stock Exchange")

    class FundingStage(models.TextChoices):
        SEED = "seed", _("Seed / angel")
        EARLY = "early", _("Series A–B")
        GROWTH = "growth", _("Series C and later")
        STRATEGIC = "strategic", _("Strategic investment")
        LISTED = "listed", _("Listed")
        STATE = "state", _("State-funded")
        SUBSIDIARY = "subsidiary", _("Subsidiary of a group")

    name_zh = models.CharField(_("Chinese name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=120, blank=True)
    name_sort = BilingualNameMixin.name_sort_field()
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, db_index=True)
    province = models.CharField(
        _("HQ province"), max_length=20, choices=Province.choices, blank=True, db_index=True
    )
    city = models.CharField(_("HQ city"), max_length=60, blank=True)
    founded_year = models.PositiveSmallIntegerField(
        _("founded"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    funding_stage = models.CharField(
        _("funding stage"), max_length=16, choices=FundingStage.choices, blank=True
    )
    exchange = models.CharField(_("exchange"), max_length=8, choices=Exchange.choices, blank=True)
    ticker = models.CharField(_("ticker"), max_length=16, blank=True)
    logo = SafeImageField(_("logo"), upload_to="logos/", blank=True)
    website = models.URLField(_("website"), blank=True)
    summary_zh = models.CharField(_("Chinese summary"), max_length=300, blank=True)
    summary_en = models.CharField(_("English summary"), max_length=300, blank=True)
    description_zh = models.TextField(_("Chinese description"), blank=True)
    description_en = models.TextField(_("English description"), blank=True)
    verified = models.BooleanField(
        _("verified"), default=False, help_text=_("Facts checked with the vendor or a filing.")
    )
    uscc = models.CharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        validators=[validate_uscc],
        help_text=_("统一社会信用代码: 18 characters, check character per GB 32100-2015."),
    )

    history = HistoricalRecords()
    objects = VendorQuerySet.as_manager()

    class Meta:
        verbose_name = _("vendor")
        verbose_name_plural = _("vendors")
        ordering = ["name_sort", "name_zh"]
        permissions = [("publish_vendor", _("Can publish, archive and feature vendors"))]
        constraints = [
            models.UniqueConstraint(
                fields=["uscc"], condition=~Q(uscc=""), name="vendor_uscc_unique"
            ),
            models.CheckConstraint(
                condition=Q(exchange="") | ~Q(ticker=""),
                name="vendor_exchange_needs_ticker",
                violation_error_message=_(
                    "A listed vendor needs its ticker: fill in the ticker or leave the exchange "
                    "empty."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-updated"], name="vendor_status_updated"),
            models.Index(fields=["status", "name_sort", "name_zh"], name="vendor_name_sort"),
        ]

    def clean(self):
        super().clean()
        self.uscc = (self.uscc or "").strip().upper()

    def get_absolute_url(self):
        return reverse("directory:vendor_detail", kwargs={"slug": self.slug})

    @property
    def headquarters(self) -> str:
        return place_label(self.province, self.city)

    @property
    def summary(self) -> str:
        return localized(self, "summary")

    @property
    def description(self) -> str:
        return localized(self, "description")


class VendorName(TimeStampedModel):
    """Another name of a vendor: a legal entity it files under, a short, former or English name.

    Filings name organisations by their legal names (北京百度网讯科技有限公司 is 百度), so the
    register is matched to vendors through these.
    """

    class Kind(models.TextChoices):
        LEGAL = "legal", _("Legal entity")
        SHORT = "short", _("Short name (简称)")
        FORMER = "former", _("Former name")
        ENGLISH = "english", _("English name")

    vendor = models.ForeignKey(
        Vendor, verbose_name=_("vendor"), on_delete=models.CASCADE, related_name="names"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.LEGAL)
    key = models.CharField(
        _("match key"), max_length=200, editable=False, db_index=True, unique=True,
        help_text=_("The name case-folded and NFKC-normalised: one vendor per name."),
    )  # fmt: skip

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("vendor name")
        verbose_name_plural = _("vendor names")
        ordering = ["vendor", "kind", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        self.key = name_key(self.name)
        taken = VendorName.objects.filter(key=self.key).exclude(pk=self.pk).select_related("vendor")
        other = taken.first()
        if other is not None:
            raise ValidationError(
                {"name": _("This name already belongs to %(vendor)s.") % {"vendor": other.vendor}}
            )

    def save(self, *args, **kwargs):
        self.key = name_key(self.name)
        super().save(*args, **kwargs)


def name_key(name: str) -> str:
    """How organisation names are compared: NFKC (full-width brackets → half), case-folded."""
    return "".join(unicodedata.normalize("NFKC", name or "").casefold().split())


class AIModel(BilingualNameMixin, PublishableModel):
    """A large model (大模型). Its `successor` is the model that deprecates it."""

    name_zh = models.CharField(_("Chinese name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=120, blank=True)
    name_sort = BilingualNameMixin.name_sort_field()
    vendor = models.ForeignKey(
        Vendor, verbose_name=_("vendor"), on_delete=models.PROTECT, related_name="ai_models"
    )
    tier = models.CharField(_("tier"), max_length=2, choices=Tier.choices, db_index=True)
    modalities = models.ManyToManyField(
        Modality, verbose_name=_("modalities"), related_name="ai_models", blank=True
    )
    base_model = models.ForeignKey(
        "self",
        verbose_name=_("base model"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="derived_models",
        help_text=_("The general model an industry or vertical model is built on."),
    )
    verticals = models.ManyToManyField(
        Vertical, verbose_name=_("verticals"), related_name="ai_models", blank=True
    )
    parameters_billion = models.DecimalField(
        _("parameters (billions)"),
        max_digits=10,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    context_window = models.PositiveIntegerField(
        _("context window (tokens)"), null=True, blank=True
    )
    open_weights = models.BooleanField(_("open weights"), default=False)
    licence = models.CharField(_("licence"), max_length=80, blank=True)
    release_date = models.DateField(_("release date"), null=True, blank=True)
    cac_filing_number = models.CharField(
        _("CAC filing number"),
        max_length=80,
        blank=True,
        help_text=_("生成式人工智能服务备案号"),
    )
    cac_filing_batch = models.PositiveSmallIntegerField(
        _("CAC filing batch"), null=True, blank=True
    )
    cac_filing_date = models.DateField(_("CAC filing date"), null=True, blank=True)
    cac_filing_province = models.CharField(
        _("CAC filing province"), max_length=20, choices=Province.choices, blank=True
    )
    price_input_per_mtok = models.DecimalField(
        _("input price (CNY / million tokens)"),
        max_digits=10,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    price_output_per_mtok = models.DecimalField(
        _("output price (CNY / million tokens)"),
        max_digits=10,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    deployment_options = models.ManyToManyField(
        DeploymentOption, verbose_name=_("deployment options"), related_name="ai_models", blank=True
    )
    website = models.URLField(_("website"), blank=True)
    summary_zh = models.CharField(_("Chinese summary"), max_length=300, blank=True)
    summary_en = models.CharField(_("English summary"), max_length=300, blank=True)
    description_zh = models.TextField(_("Chinese description"), blank=True)
    description_en = models.TextField(_("English description"), blank=True)

    history = HistoricalRecords()
    objects = AIModelQuerySet.as_manager()

    class Meta:
        verbose_name = _("AI model")
        verbose_name_plural = _("AI models")
        ordering = ["name_sort", "name_zh"]
        permissions = [("publish_aimodel", _("Can publish, archive and feature AI models"))]
        constraints = [
            models.CheckConstraint(condition=~Q(base_model=F("pk")), name="aimodel_not_own_base"),
            models.CheckConstraint(
                condition=Q(price_input_per_mtok__gte=0) | Q(price_input_per_mtok__isnull=True),
                name="aimodel_input_price_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(price_output_per_mtok__gte=0) | Q(price_output_per_mtok__isnull=True),
                name="aimodel_output_price_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-updated"], name="aimodel_status_updated"),
            models.Index(fields=["status", "name_sort", "name_zh"], name="aimodel_name_sort"),
            # A model page's similar models (same tier, newest featured first, by name) and its
            # derived models: index walks that stop at the few shown, not scans of every model.
            models.Index(fields=["status", "tier", "-featured", "name_zh"], name="aimodel_similar"),
            models.Index(
                fields=["base_model", "status", "name_sort", "name_zh"], name="aimodel_derived"
            ),
        ]

    def get_absolute_url(self):
        return reverse("directory:model_detail", kwargs={"slug": self.slug})

    @property
    def summary(self) -> str:
        return localized(self, "summary")

    @property
    def description(self) -> str:
        return localized(self, "description")

    @property
    def filing_number(self) -> str:
        """The register's number (`with_filing_status()`), else the one editors recorded."""
        return getattr(self, "register_filing_number", None) or self.cac_filing_number

    @property
    def has_cac_filing(self) -> bool:
        return bool(self.filing_number)

    def lineage(self) -> list["AIModel"]:
        """Base models from the root down to this one (cycles stop the walk)."""
        chain, seen, node = [], {self.pk}, self.base_model
        while node is not None and node.pk not in seen:
            chain.append(node)
            seen.add(node.pk)
            node = node.base_model
        return list(reversed(chain))


class AIModelName(TimeStampedModel):
    """Another name of a model: a short, former or English name. Search finds the model by it,
    and a new entry with it is flagged as a possible duplicate (as with `VendorName`)."""

    class Kind(models.TextChoices):
        SHORT = VendorName.Kind.SHORT.value, VendorName.Kind.SHORT.label
        FORMER = VendorName.Kind.FORMER.value, VendorName.Kind.FORMER.label
        ENGLISH = VendorName.Kind.ENGLISH.value, VendorName.Kind.ENGLISH.label

    ai_model = models.ForeignKey(
        AIModel, verbose_name=_("AI model"), on_delete=models.CASCADE, related_name="names"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.SHORT)
    key = models.CharField(_("match key"), max_length=200, editable=False, db_index=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("model name")
        verbose_name_plural = _("model names")
        ordering = ["ai_model", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["ai_model", "key"], name="aimodelname_once_per_model")
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.key = name_key(self.name)
        super().save(*args, **kwargs)


class Product(BilingualNameMixin, PublishableModel):
    name_zh = models.CharField(_("Chinese name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=120, blank=True)
    name_sort = BilingualNameMixin.name_sort_field()
    vendor = models.ForeignKey(
        Vendor, verbose_name=_("vendor"), on_delete=models.PROTECT, related_name="products"
    )
    category = models.ForeignKey(
        ProductCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="products",
    )
    ai_models = models.ManyToManyField(
        AIModel, verbose_name=_("built on models"), related_name="products", blank=True
    )
    verticals = models.ManyToManyField(
        Vertical, verbose_name=_("verticals"), related_name="products", blank=True
    )
    scenarios = models.ManyToManyField(
        Scenario, verbose_name=_("scenarios"), related_name="products", blank=True
    )
    deployment_options = models.ManyToManyField(
        DeploymentOption, verbose_name=_("deployment options"), related_name="products", blank=True
    )
    website = models.URLField(_("website"), blank=True)
    summary_zh = models.CharField(_("Chinese summary"), max_length=300, blank=True)
    summary_en = models.CharField(_("English summary"), max_length=300, blank=True)
    description_zh = models.TextField(_("Chinese description"), blank=True)
    description_en = models.TextField(_("English description"), blank=True)

    history = HistoricalRecords()
    objects = ProductQuerySet.as_manager()

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["name_sort", "name_zh"]
        permissions = [("publish_product", _("Can publish, archive and feature products"))]
        indexes = [
            models.Index(fields=["status", "-updated"], name="product_status_updated"),
            models.Index(fields=["status", "name_sort", "name_zh"], name="product_name_sort"),
            # A product page's similar products (same category, featured first, by name).
            models.Index(
                fields=["status", "category", "-featured", "name_zh"], name="product_similar"
            ),
        ]

    def get_absolute_url(self):
        return reverse("directory:product_detail", kwargs={"slug": self.slug})

    @property
    def summary(self) -> str:
        return localized(self, "summary")

    @property
    def description(self) -> str:
        return localized(self, "description")
