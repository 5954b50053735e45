from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from import_export import fields

from core.admin import (
    PublishableAdmin,
    PublishableInline,
    PublishableResource,
    TaxonomyAdmin,
    plain_decimal,
    thumbnail,
)
from core.imports import SlugsWidget, SlugWidget

from .models import (
    AIModel,
    AIModelName,
    DeploymentOption,
    Modality,
    Product,
    ProductCategory,
    Scenario,
    Vendor,
    VendorName,
    Vertical,
)

admin.site.site_header = _("Atlas editors")
admin.site.site_title = _("Atlas")
admin.site.index_title = _("Curate the directory")
# At 1280 px the app list beside every page left a list's columns a third of the screen; the
# breadcrumbs and the home page lead everywhere it did.
admin.site.enable_nav_sidebar = False


def slugs(model):
    return SlugsWidget(model)


class VendorResource(PublishableResource):
    class Meta:
        model = Vendor
        import_id_fields = ("slug",)
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True  # the preview lists unchanged rows too
        store_instance = True
        fields = (
            "slug", "name_zh", "name_en", "kind", "province", "city", "founded_year",
            "funding_stage", "exchange", "ticker", "website", "summary_zh", "summary_en",
            "description_zh", "description_en", "verified", "uscc", "status", "is_sample",
        )  # fmt: skip


class AIModelResource(PublishableResource):
    vendor = fields.Field("vendor", "vendor", SlugWidget(Vendor))
    base_model = fields.Field("base_model", "base_model", SlugWidget(AIModel))
    modalities = fields.Field("modalities", "modalities", slugs(Modality))
    verticals = fields.Field("verticals", "verticals", slugs(Vertical))
    deployment_options = fields.Field(
        "deployment_options", "deployment_options", slugs(DeploymentOption)
    )

    class Meta:
        model = AIModel
        import_id_fields = ("slug",)
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True  # the preview lists unchanged rows too
        store_instance = True
        fields = (
            "slug", "name_zh", "name_en", "vendor", "tier", "modalities", "base_model",
            "verticals", "parameters_billion", "context_window", "open_weights", "licence",
            "release_date", "cac_filing_number", "cac_filing_batch", "cac_filing_date",
            "cac_filing_province", "price_input_per_mtok", "price_output_per_mtok",
            "deployment_options", "website", "summary_zh", "summary_en", "description_zh",
            "description_en", "status", "is_sample",
        )  # fmt: skip


class ProductResource(PublishableResource):
    vendor = fields.Field("vendor", "vendor", SlugWidget(Vendor))
    category = fields.Field("category", "category", SlugWidget(ProductCategory))
    ai_models = fields.Field("ai_models", "ai_models", slugs(AIModel))
    verticals = fields.Field("verticals", "verticals", slugs(Vertical))
    scenarios = fields.Field("scenarios", "scenarios", slugs(Scenario))
    deployment_options = fields.Field(
        "deployment_options", "deployment_options", slugs(DeploymentOption)
    )

    class Meta:
        model = Product
        import_id_fields = ("slug",)
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True  # the preview lists unchanged rows too
        store_instance = True
        fields = (
            "slug", "name_zh", "name_en", "vendor", "category", "ai_models", "verticals",
            "scenarios", "deployment_options", "website", "summary_zh", "summary_en",
            "description_zh", "description_en", "status", "is_sample",
        )  # fmt: skip


class VendorNameInline(admin.TabularInline):
    model = VendorName
    fields = ("name", "kind")
    extra = 0
    verbose_name_plural = _("legal entities and aliases (matched against the CAC register)")


class AIModelNameInline(admin.TabularInline):
    model = AIModelName
    fields = ("name", "kind")
    extra = 0
    verbose_name_plural = _("other names (short, former, English): search finds the model by them")


class AIModelInline(PublishableInline):
    model = AIModel
    fk_name = "vendor"
    fields = ("name_zh", "name_en", "slug", "tier", "status")
    readonly_fields = ("status",)
    prepopulated_fields = {"slug": ("name_en",)}
    verbose_name_plural = _("models of this vendor")


class ProductInline(PublishableInline):
    model = Product
    fields = ("name_zh", "name_en", "slug", "category", "status")
    readonly_fields = ("status",)
    prepopulated_fields = {"slug": ("name_en",)}
    autocomplete_fields = ("category",)
    verbose_name_plural = _("products of this vendor")


@admin.register(Vendor)
class VendorAdmin(PublishableAdmin):
    resource_classes = [VendorResource]
    list_display = (
        "logo_thumbnail", "__str__", "kind", "province", "verified", "model_count",
        "status_badge", "featured", "is_sample", "updated_on",
    )  # fmt: skip
    list_display_links = ("logo_thumbnail", "__str__")
    list_filter = ("status", "kind", "province", "verified", "featured", "is_sample")
    search_fields = ("name_zh", "name_en", "slug", "uscc", "ticker", "names__name")
    prepopulated_fields = {"slug": ("name_en",)}
    autocomplete_fields = ("successor",)
    inlines = [VendorNameInline, AIModelInline, ProductInline]
    date_hierarchy = "created"
    fieldsets = (
        (None, {"fields": ("name_zh", "name_en", "slug", "kind", "logo", "website")}),
        (_("Where and what"), {"fields": ("province", "city", "founded_year", "uscc", "verified")}),
        (_("Capital"), {"fields": ("funding_stage", "exchange", "ticker")}),
        (_("Text"), {"fields": ("summary_zh", "summary_en", "description_zh", "description_en")}),
        (_("Publication"), {"fields": (*PublishableAdmin.workflow_fields, "review_comment")}),
        (_("Record"), {"fields": PublishableAdmin.workflow_readonly, "classes": ("collapse",)}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(model_total=Count("ai_models"))

    @admin.display(description=_("logo"))
    def logo_thumbnail(self, obj):
        return thumbnail(obj.logo)

    @admin.display(description=_("models"), ordering="model_total")
    def model_count(self, obj):
        return obj.model_total


@admin.register(AIModel)
class AIModelAdmin(PublishableAdmin):
    resource_classes = [AIModelResource]
    list_display = (
        "__str__", "vendor", "tier_code", "base_model", "open_weights", "cac_filing_number",
        "input_price", "status_badge", "featured", "is_sample", "updated_on",
    )  # fmt: skip
    list_filter = (
        "status", "tier", "modalities", "open_weights", "verticals", "deployment_options",
        "cac_filing_batch", "featured", "is_sample",
    )  # fmt: skip
    list_select_related = ("vendor", "base_model")
    search_fields = (
        "name_zh", "name_en", "slug", "vendor__name_zh", "cac_filing_number", "names__name",
    )  # fmt: skip
    inlines = [AIModelNameInline]
    prepopulated_fields = {"slug": ("name_en",)}
    autocomplete_fields = ("vendor", "base_model", "successor", "verticals")
    filter_horizontal = ("modalities", "deployment_options")
    date_hierarchy = "created"

    @admin.display(description=_("input price"), ordering="price_input_per_mtok")
    def input_price(self, obj):
        return plain_decimal(obj.price_input_per_mtok) or "—"

    fieldsets = (
        (None, {"fields": ("name_zh", "name_en", "slug", "vendor", "tier", "modalities")}),
        (_("Lineage"), {"fields": ("base_model", "verticals")}),
        (
            _("Specification"),
            {
                "fields": (
                    "parameters_billion",
                    "context_window",
                    "open_weights",
                    "licence",
                    "release_date",
                    "website",
                )
            },
        ),
        (
            _("CAC filing"),
            {
                "fields": (
                    "cac_filing_number",
                    "cac_filing_batch",
                    "cac_filing_date",
                    "cac_filing_province",
                )
            },
        ),
        (
            _("Price and deployment"),
            {"fields": ("price_input_per_mtok", "price_output_per_mtok", "deployment_options")},
        ),
        (_("Text"), {"fields": ("summary_zh", "summary_en", "description_zh", "description_en")}),
        (_("Publication"), {"fields": (*PublishableAdmin.workflow_fields, "review_comment")}),
        (_("Record"), {"fields": PublishableAdmin.workflow_readonly, "classes": ("collapse",)}),
    )


@admin.register(Product)
class ProductAdmin(PublishableAdmin):
    resource_classes = [ProductResource]
    list_display = (
        "__str__", "vendor", "category", "status_badge", "featured", "is_sample", "updated_on",
    )  # fmt: skip
    list_filter = ("status", "category", "verticals", "scenarios", "featured", "is_sample")
    list_select_related = ("vendor", "category")
    search_fields = ("name_zh", "name_en", "slug", "vendor__name_zh")
    prepopulated_fields = {"slug": ("name_en",)}
    autocomplete_fields = (
        "vendor", "category", "ai_models", "verticals", "scenarios", "successor",
    )  # fmt: skip
    filter_horizontal = ("deployment_options",)
    fieldsets = (
        (None, {"fields": ("name_zh", "name_en", "slug", "vendor", "category", "website")}),
        (
            _("Built on and used for"),
            {"fields": ("ai_models", "verticals", "scenarios", "deployment_options")},
        ),
        (_("Text"), {"fields": ("summary_zh", "summary_en", "description_zh", "description_en")}),
        (_("Publication"), {"fields": (*PublishableAdmin.workflow_fields, "review_comment")}),
        (_("Record"), {"fields": PublishableAdmin.workflow_readonly, "classes": ("collapse",)}),
    )


admin.site.register(Vertical, TaxonomyAdmin)
admin.site.register(Scenario, TaxonomyAdmin)
admin.site.register(ProductCategory, TaxonomyAdmin)
admin.site.register(Modality, TaxonomyAdmin)


@admin.register(DeploymentOption)
class DeploymentOptionAdmin(TaxonomyAdmin):
    list_display = (*TaxonomyAdmin.list_display, "is_xinchuang")
