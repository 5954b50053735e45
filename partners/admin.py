from django.contrib import admin, messages
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import APIKey, APIKeyRequest, APIKeyUsage
from .services import (
    api_key_create,
    api_key_request_approve,
    api_key_request_decline,
    api_key_revoke,
    today,
)


class APIKeyUsageInline(admin.TabularInline):
    model = APIKeyUsage
    fields = ["day", "requests"]
    readonly_fields = ["day", "requests"]
    extra = 0
    max_num = 0
    can_delete = False
    ordering = ["-day"]
    verbose_name_plural = _("Requests per day")

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("-day")


@admin.register(APIKey)
class APIKeyAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "owner",
        "prefix",
        "rate_limit_per_minute",
        "daily_quota",
        "requests_today",
        "active",
        "created",
    ]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter), "created"]
    search_fields = ["name", "owner", "contact_email", "prefix"]
    readonly_fields = ["prefix", "created", "created_by", "revoked_at", "requests_total"]
    fields = [
        "name",
        "owner",
        "contact_email",
        "rate_limit_per_minute",
        "daily_quota",
        "prefix",
        "created",
        "created_by",
        "revoked_at",
        "requests_total",
    ]
    inlines = [APIKeyUsageInline]
    actions = ["revoke"]

    @admin.display(boolean=True, description=_("active"))
    def active(self, obj):
        return not obj.is_revoked

    @admin.display(description=_("requests today"))
    def requests_today(self, obj):
        usage = obj.usage.filter(day=today()).first()
        return usage.requests if usage else 0

    @admin.display(description=_("requests in total"))
    def requests_total(self, obj):
        return obj.usage.aggregate(total=Sum("requests"))["total"] or 0

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        _key, raw = api_key_create(
            name=obj.name,
            owner=obj.owner,
            by=request.user,
            key=obj,
            contact_email=obj.contact_email,
        )
        self.message_user(
            request,
            _(
                "The new API key is %(key)s — copy it now: it is stored only as a digest and "
                "will not be shown again."
            )
            % {"key": raw},
            messages.WARNING,
        )

    @admin.action(description=_("Revoke the selected keys"), permissions=["change"])
    def revoke(self, request, queryset):
        keys = list(queryset.filter(revoked_at__isnull=True))
        for key in keys:
            api_key_revoke(key=key)
        self.message_user(
            request,
            ngettext("%(n)d key revoked.", "%(n)d keys revoked.", len(keys)) % {"n": len(keys)},
            messages.SUCCESS,
        )


@admin.register(APIKeyUsage)
class APIKeyUsageAdmin(admin.ModelAdmin):
    list_display = ["day", "key", "requests"]
    list_filter = ["day", "key__owner"]
    list_select_related = ["key"]
    date_hierarchy = "day"
    search_fields = ["key__name", "key__owner", "key__prefix"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(APIKeyRequest)
class APIKeyRequestAdmin(admin.ModelAdmin):
    list_display = ["created", "organisation", "contact_name", "contact_email", "status", "key"]
    list_filter = ["status", "created"]
    search_fields = ["organisation", "contact_name", "contact_email", "intended_use"]
    readonly_fields = [
        "organisation",
        "contact_name",
        "contact_email",
        "website",
        "intended_use",
        "status",
        "key",
        "decided_by",
        "decided_at",
        "created",
    ]
    actions = ["approve", "decline"]

    def has_add_permission(self, request):
        return False  # requests come from the public form

    @admin.action(
        description=_("Approve: issue a key to each selected request"), permissions=["change"]
    )
    def approve(self, request, queryset):
        if not request.user.has_perm("partners.add_apikey"):
            self.message_user(
                request, _("Issuing keys needs the right to add API keys."), messages.ERROR
            )
            return
        for key_request in queryset:
            issued = api_key_request_approve(key_request=key_request, by=request.user)
            if issued is None:
                continue
            key, raw = issued
            self.message_user(
                request,
                _(
                    "Key for %(owner)s (%(email)s): %(key)s — send it to the partner now: it is "
                    "stored only as a digest and will not be shown again."
                )
                % {"owner": key.owner, "email": key.contact_email, "key": raw},
                messages.WARNING,
            )

    @admin.action(description=_("Decline the selected requests"), permissions=["change"])
    def decline(self, request, queryset):
        n = sum(api_key_request_decline(key_request=r, by=request.user) for r in queryset)
        self.message_user(
            request,
            ngettext("%(n)d request declined.", "%(n)d requests declined.", n) % {"n": n},
            messages.SUCCESS,
        )
