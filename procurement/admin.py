"""Editors curate certifications and deployment offers like every entry: review, history,
import/export; the certification list shows what has expired and what expires within 60 days."""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from import_export import fields
from import_export.widgets import ForeignKeyWidget

from core.admin import PublishableAdmin, PublishableResource, TaxonomyAdmin
from directory.models import AIModel, Product, Vendor

from .models import Certification, DeploymentOffer, Platform
from .querysets import EXPIRY_WARNING_DAYS


class HeldFactResource(PublishableResource):
    vendor = fields.Field("vendor", "vendor", ForeignKeyWidget(Vendor, field="slug"))
    ai_model = fields.Field("ai_model", "ai_model", ForeignKeyWidget(AIModel, field="slug"))
    product = fields.Field("product", "product", ForeignKeyWidget(Product, field="slug"))


class CertificationResource(HeldFactResource):
    platform = fields.Field("platform", "platform", ForeignKeyWidget(Platform, field="slug"))

    class Meta:
        model = Certification
        import_id_fields = ("slug",)
        clean_model_instances = True
        skip_unchanged = True
        fields = (
            "slug", "vendor", "ai_model", "product", "kind", "platform", "name", "issuer",
            "number", "level", "grade", "valid_from", "valid_until", "source_title",
            "source_url", "source_date", "note", "status", "is_sample",
        )  # fmt: skip


class DeploymentOfferResource(HeldFactResource):
    class Meta:
        model = DeploymentOffer
        import_id_fields = ("slug",)
        clean_model_instances = True
        skip_unchanged = True
        fields = (
            "slug", "vendor", "ai_model", "product", "mode", "note", "source_title",
            "source_url", "source_date", "status", "is_sample",
        )  # fmt: skip


class ValidityFilter(admin.SimpleListFilter):
    title = _("validity")
    parameter_name = "validity"

    def lookups(self, request, model_admin):
        return [
            ("expiring", _("Expires within %(days)d days") % {"days": EXPIRY_WARNING_DAYS}),
            ("expired", _("Expired")),
            ("valid", _("Valid today")),
            ("open", _("No expiry recorded")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "expiring":
            return queryset.expiring()
        if self.value() == "expired":
            return queryset.expired()
        if self.value() == "valid":
            return queryset.valid()
        if self.value() == "open":
            return queryset.filter(valid_until__isnull=True)
        return queryset


HOLDER_FIELDSET = (_("Held by"), {"fields": ("vendor", "ai_model", "product")})
SOURCE_FIELDSET = (_("Source"), {"fields": ("source_title", "source_url", "source_date", "note")})


@admin.register(Certification)
class CertificationAdmin(PublishableAdmin):
    resource_classes = [CertificationResource]
    list_display = (
        "__str__", "kind", "platform", "level", "grade", "valid_until", "validity",
        "status_badge", "updated",
    )  # fmt: skip
    list_filter = ("status", ValidityFilter, "kind", "platform", "level", "is_sample")
    list_select_related = ("vendor", "ai_model", "product", "platform")
    search_fields = (
        "number", "issuer", "name", "grade", "slug", "vendor__name_zh", "vendor__name_en",
        "ai_model__name_zh", "product__name_zh",
    )  # fmt: skip
    autocomplete_fields = ("vendor", "ai_model", "product", "successor")
    fieldsets = (
        HOLDER_FIELDSET,
        (
            _("What"),
            {"fields": ("kind", "platform", "name", "issuer", "number", "level", "grade")},
        ),
        (_("Validity"), {"fields": ("valid_from", "valid_until")}),
        SOURCE_FIELDSET,
        (None, {"fields": ("slug",)}),
        (_("Publication"), {"fields": (*PublishableAdmin.workflow_fields, "review_comment")}),
        (_("Record"), {"fields": PublishableAdmin.workflow_readonly, "classes": ("collapse",)}),
    )

    @admin.display(description=_("validity"), ordering="valid_until")
    def validity(self, obj):
        if obj.is_expired:
            return format_html('<strong style="color:#991b1b">{}</strong>', _("Expired"))
        if obj.expires_soon:
            return format_html('<strong style="color:#b45309">{}</strong>', _("Expires soon"))
        if obj.valid_until is None:
            return _("No expiry recorded")
        return _("Valid")


@admin.register(DeploymentOffer)
class DeploymentOfferAdmin(PublishableAdmin):
    resource_classes = [DeploymentOfferResource]
    list_display = ("__str__", "mode", "vendor", "status_badge", "updated")
    list_filter = ("status", "mode", "is_sample")
    list_select_related = ("vendor", "ai_model", "product")
    search_fields = ("slug", "note", "vendor__name_zh", "ai_model__name_zh", "product__name_zh")
    autocomplete_fields = ("vendor", "ai_model", "product", "successor")
    fieldsets = (
        HOLDER_FIELDSET,
        (None, {"fields": ("mode",)}),
        SOURCE_FIELDSET,
        (None, {"fields": ("slug",)}),
        (_("Publication"), {"fields": (*PublishableAdmin.workflow_fields, "review_comment")}),
        (_("Record"), {"fields": PublishableAdmin.workflow_readonly, "classes": ("collapse",)}),
    )


@admin.register(Platform)
class PlatformAdmin(TaxonomyAdmin):
    list_display = ("name_zh", "name_en", "slug", "layer", "position")
    list_filter = ("layer",)
