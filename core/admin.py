"""The admin base every content model uses: workflow actions, roles, history, import/export."""

from django.contrib import admin, messages
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export import resources
from import_export.admin import ImportExportModelAdmin
from import_export.forms import SelectableFieldsExportForm
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .models import PublicationStatus

STATUS_COLOURS = {
    PublicationStatus.DRAFT: "#6b7280",
    PublicationStatus.IN_REVIEW: "#b45309",
    PublicationStatus.PUBLISHED: "#047857",
    PublicationStatus.ARCHIVED: "#991b1b",
}


class TranslatedExportForm(SelectableFieldsExportForm):
    """Export checkboxes read "中文名称 (name_zh)": the translated field name, then its column."""

    def _get_field_label(self, resource, field_name):
        try:
            verbose_name = resource._meta.model._meta.get_field(field_name).verbose_name
        except FieldDoesNotExist:
            return super()._get_field_label(resource, field_name)
        field = resource.fields.get(field_name)
        return f"{capfirst(verbose_name)} ({field.column_name if field else field_name})"


class PublishableResource(resources.ModelResource):
    """Import/export rows; only a publisher may import a row that publishes or archives."""

    @classmethod
    def get_display_name(cls):
        return capfirst(cls._meta.model._meta.verbose_name_plural)

    def import_instance(self, instance, row, **kwargs):
        before = instance.status if instance.pk else PublicationStatus.DRAFT
        super().import_instance(instance, row, **kwargs)
        user = kwargs.get("user")
        publishing = instance.status in (PublicationStatus.PUBLISHED, PublicationStatus.ARCHIVED)
        if publishing and instance.status != before and not services.can_publish(user, instance):
            raise ValidationError(
                {"status": _("Only a publisher can import rows that publish or archive entries.")}
            )
        if instance.status == PublicationStatus.PUBLISHED and instance.published_at is None:
            instance.mark_published()


class PublishableAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    """Admin for a public entity: status badge, review actions, publisher-only transitions."""

    list_per_page = 50
    save_on_top = True
    export_form_class = TranslatedExportForm
    show_full_result_count = True
    workflow_fields = ("status", "featured", "is_sample", "successor")
    workflow_readonly = ("published_at", "submitted_by", "submitted_at", "created", "updated")
    actions = ["submit_for_review", "publish", "archive", "feature", "unfeature"]
    publisher_actions = ("publish", "archive", "feature", "unfeature")

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, obj):
        return format_html(
            '<span style="color:{};font-weight:600">{}</span>',
            STATUS_COLOURS.get(obj.status, "#111"),
            obj.get_status_display(),
        )

    def get_readonly_fields(self, request, obj=None):
        readonly = [*super().get_readonly_fields(request, obj), *self.workflow_readonly]
        if not services.can_publish(request.user, self.model):
            readonly += ["status", "featured"]
        return readonly

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not services.can_publish(request.user, self.model):
            for name in self.publisher_actions:
                actions.pop(name, None)
        return actions

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data or not change:
            allowed = (PublicationStatus.DRAFT, PublicationStatus.IN_REVIEW)
            if obj.status not in allowed and not services.can_publish(request.user, obj):
                raise PermissionDenied
            if obj.status == PublicationStatus.PUBLISHED:
                obj.mark_published()
        super().save_model(request, obj, form, change)

    def _transition(self, request, queryset, action, done_message, **extra):
        done = 0
        for entry in queryset:
            try:
                action(entry=entry, by=request.user, **extra)
            except (PermissionDenied, ValidationError) as error:
                message = error.messages[0] if isinstance(error, ValidationError) else str(error)
                self.message_user(request, f"{entry}: {message}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, done_message(done), messages.SUCCESS)

    @admin.action(description=_("Submit selected entries for review"))
    def submit_for_review(self, request, queryset):
        self._transition(
            request,
            queryset,
            services.entry_submit_for_review,
            lambda n: (
                ngettext(
                    "%(n)d entry submitted for review.", "%(n)d entries submitted for review.", n
                )
                % {"n": n}
            ),
        )

    @admin.action(description=_("Publish selected entries"))
    def publish(self, request, queryset):
        self._transition(
            request,
            queryset,
            services.entry_publish,
            lambda n: ngettext("%(n)d entry published.", "%(n)d entries published.", n) % {"n": n},
        )

    @admin.action(description=_("Archive selected entries (keeps their URL)"))
    def archive(self, request, queryset):
        self._transition(
            request,
            queryset,
            services.entry_archive,
            lambda n: ngettext("%(n)d entry archived.", "%(n)d entries archived.", n) % {"n": n},
        )

    @admin.action(description=_("Feature selected entries"))
    def feature(self, request, queryset):
        self._transition(
            request,
            queryset,
            services.entry_set_featured,
            lambda n: ngettext("%(n)d entry featured.", "%(n)d entries featured.", n) % {"n": n},
            featured=True,
        )

    @admin.action(description=_("Stop featuring selected entries"))
    def unfeature(self, request, queryset):
        self._transition(
            request,
            queryset,
            services.entry_set_featured,
            lambda n: (
                ngettext("%(n)d entry no longer featured.", "%(n)d entries no longer featured.", n)
                % {"n": n}
            ),
            featured=False,
        )


class TaxonomyAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    list_display = ("name_zh", "name_en", "slug", "position")
    list_editable = ("position",)
    search_fields = ("name_zh", "name_en", "slug")
    prepopulated_fields = {"slug": ("name_en",)}
    ordering = ("position", "slug")
    export_form_class = TranslatedExportForm


def thumbnail(image, size=40):
    if not image:
        return "—"
    return format_html(
        '<img src="{}" alt="" style="max-height:{}px;max-width:{}px;object-fit:contain">',
        image.url,
        size,
        size * 2,
    )
