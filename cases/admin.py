from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from import_export import fields

from core.admin import PLAIN_DECIMALS, PublishableAdmin, PublishableResource, thumbnail
from core.imports import SlugsWidget, SlugWidget
from directory.models import AIModel, Product, Scenario, Vendor, Vertical

from .models import CaseImage, CaseMetric, CaseStudy


def slugs(model):
    return SlugsWidget(model)


class CaseStudyResource(PublishableResource):
    name_fields = ("title_zh", "title_en")

    vertical = fields.Field("vertical", "vertical", SlugWidget(Vertical))
    vendors = fields.Field("vendors", "vendors", slugs(Vendor))
    ai_models = fields.Field("ai_models", "ai_models", slugs(AIModel))
    products = fields.Field("products", "products", slugs(Product))
    scenarios = fields.Field("scenarios", "scenarios", slugs(Scenario))

    class Meta:
        model = CaseStudy
        import_id_fields = ("slug",)
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True  # the preview lists unchanged rows too
        store_instance = True
        fields = (
            "slug", "title_zh", "title_en", "client_name", "client_anonymised", "client_type",
            "vendors", "ai_models", "products", "vertical", "scenarios", "tier",
            "deployment_mode", "region", "go_live_year", "summary_zh", "summary_en",
            "challenge_zh", "challenge_en", "solution_zh", "solution_en", "outcome_zh",
            "outcome_en", "source_title", "source_url", "source_date", "status", "is_sample",
        )  # fmt: skip


class CaseMetricInline(admin.TabularInline):
    model = CaseMetric
    formfield_overrides = PLAIN_DECIMALS
    fields = ("name_zh", "name_en", "before", "after", "unit", "position")
    extra = 1


class CaseImageInline(admin.TabularInline):
    model = CaseImage
    fields = ("preview", "image", "caption_zh", "caption_en", "position")
    readonly_fields = ("preview",)
    extra = 0

    @admin.display(description=_("preview"))
    def preview(self, obj):
        return thumbnail(obj.image, size=60)


@admin.register(CaseStudy)
class CaseStudyAdmin(PublishableAdmin):
    resource_classes = [CaseStudyResource]
    list_display = (
        "__str__", "client_name", "vertical", "tier_code", "go_live_year", "status_badge",
        "featured", "is_sample", "updated_on",
    )  # fmt: skip
    list_filter = (
        "status", "vertical", "tier", "client_type", "deployment_mode", "region",
        "go_live_year", "scenarios", "featured", "is_sample",
    )  # fmt: skip
    list_select_related = ("vertical",)
    search_fields = ("title_zh", "title_en", "client_name", "slug")
    prepopulated_fields = {"slug": ("title_en",)}
    autocomplete_fields = (
        "vendors", "ai_models", "products", "vertical", "scenarios", "successor",
    )  # fmt: skip
    inlines = [CaseMetricInline, CaseImageInline]
    date_hierarchy = "created"
    fieldsets = (
        (None, {"fields": ("title_zh", "title_en", "slug")}),
        (_("Client"), {"fields": ("client_name", "client_anonymised", "client_type", "region")}),
        (
            _("What was used"),
            {"fields": ("vendors", "ai_models", "products", "tier", "deployment_mode")},
        ),
        (_("Where it applies"), {"fields": ("vertical", "scenarios", "go_live_year")}),
        (
            _("Story"),
            {
                "fields": (
                    "summary_zh",
                    "summary_en",
                    "challenge_zh",
                    "challenge_en",
                    "solution_zh",
                    "solution_en",
                    "outcome_zh",
                    "outcome_en",
                )
            },
        ),
        (_("Source"), {"fields": ("source_title", "source_url", "source_date")}),
        (_("Publication"), {"fields": (*PublishableAdmin.workflow_fields, "review_comment")}),
        (_("Record"), {"fields": PublishableAdmin.workflow_readonly, "classes": ("collapse",)}),
    )
