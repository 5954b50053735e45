from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Message
from .services import messages_mark_handled


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["created", "kind", "about_url", "excerpt", "organisation", "status"]
    list_filter = ["status", "kind", "created"]
    search_fields = ["body", "about_url", "name", "email", "organisation"]
    readonly_fields = [
        "kind",
        "about_url",
        "body",
        "source_url",
        "name",
        "organisation",
        "email",
        "language",
        "created",
        "handled_by",
        "handled_at",
    ]
    fields = [*readonly_fields[:8], "status", "editor_note", *readonly_fields[8:]]
    actions = ["mark_handled"]
    date_hierarchy = "created"

    def has_add_permission(self, request):
        return False  # messages come from visitors

    @admin.display(description=_("message"))
    def excerpt(self, obj):
        return obj.body[:80] + ("…" if len(obj.body) > 80 else "")

    @admin.action(description=_("Mark the selected messages as handled"), permissions=["change"])
    def mark_handled(self, request, queryset):
        n = messages_mark_handled(queryset=queryset, by=request.user)
        self.message_user(
            request,
            ngettext("%(n)d message marked handled.", "%(n)d messages marked handled.", n)
            % {"n": n},
            messages.SUCCESS,
        )

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data and obj.status == Message.Status.HANDLED:
            obj.handled_by, obj.handled_at = request.user, timezone.now()
        super().save_model(request, obj, form, change)
