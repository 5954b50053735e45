from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import PLAIN_DECIMALS, PublishableAdmin

from .models import StatPoint, StatSeries


class StatPointInline(admin.TabularInline):
    model = StatPoint
    formfield_overrides = PLAIN_DECIMALS
    fields = ("period_start", "label_zh", "label_en", "value", "note")
    extra = 1


@admin.register(StatSeries)
class StatSeriesAdmin(PublishableAdmin):
    list_display = (
        "__str__",
        "unit_zh",
        "display",
        "source_title",
        "source_date",
        "status_badge",
        "updated_on",
    )
    list_filter = ("status", "is_sample")
    search_fields = ("name_zh", "name_en", "slug", "source_title")
    prepopulated_fields = {"slug": ("name_en",)}
    autocomplete_fields = ("successor",)
    inlines = [StatPointInline]
    fieldsets = (
        (None, {"fields": ("name_zh", "name_en", "slug", "unit_zh", "unit_en", "position")}),
        (_("Chart"), {"fields": ("display", "takeaway_zh", "takeaway_en")}),
        (_("Text"), {"fields": ("description_zh", "description_en")}),
        (_("Source"), {"fields": ("source_title", "source_url", "source_date")}),
        (_("Publication"), {"fields": (*PublishableAdmin.workflow_fields, "review_comment")}),
        (_("Record"), {"fields": PublishableAdmin.workflow_readonly, "classes": ("collapse",)}),
    )
