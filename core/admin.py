"""The admin base every content model uses: workflow actions, roles, history, import/export,
optimistic locking and draft-only deletion."""

import dataclasses
from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import models
from django.http import HttpResponseRedirect
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from import_export import resources
from import_export.admin import ImportExportModelAdmin
from import_export.forms import SelectableFieldsExportForm
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from . import editorial, facets, imports, services, spreadsheet
from .models import EditConflict, PublicationStatus
from .names import DuplicateFinder, slug_from_names, unique_slug

# Bookkeeping columns that change on every save: noise in a diff an editor reads.
BOOKKEEPING_FIELDS = ("version", "updated", "created")

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


class SpreadsheetSafeResource(resources.ModelResource):
    """Exports whose text cells go through `core.spreadsheet.safe_cell` (no formulas)."""

    class Meta:
        # Re-importing an export changes nothing, and the preview says so row by row.
        skip_unchanged = True
        report_skipped = True
        store_instance = True

    # Bookkeeping an export carries but a file never sets: a re-import must not rewrite it,
    # nor count its formatting as a change.
    not_imported = ("created", "updated")

    def get_import_fields(self):
        return [f for f in super().get_import_fields() if f.attribute not in self.not_imported]

    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        return spreadsheet.safe_cell(value) if isinstance(value, str) else value


class SpreadsheetSafeExportMixin:
    """Admins without their own resource export through a SpreadsheetSafeResource too."""

    default_resource_class = None  # set below: SpreadsheetSafeResource or PublishableResource

    def get_resource_classes(self, request):
        if self.resource_classes:
            return super().get_resource_classes(request)
        return [resources.modelresource_factory(self.model, self.default_resource_class)]


SpreadsheetSafeExportMixin.default_resource_class = SpreadsheetSafeResource


class PublishableResource(imports.ExplainedImportMixin, SpreadsheetSafeResource):
    """Import/export rows; a row's status and editorial fields meet core.editorial's rule;
    what a file does is explained row by row (core.imports)."""

    @classmethod
    def get_display_name(cls):
        return capfirst(cls._meta.model._meta.verbose_name_plural)

    def import_data(self, *args, **kwargs):
        # One facet index update for the whole file, not one per row and link.
        with facets.batched():
            return super().import_data(*args, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if instance.status == PublicationStatus.PUBLISHED and instance.published_at is None:
            instance.mark_published()
        # The save would refuse too; checked here so the row shows why instead of failing.
        refused = editorial.entry_refusals(instance, actor=kwargs.get("user"))
        if refused:
            raise ValidationError(refused)


class PlainDecimalInput(forms.NumberInput):
    """62, not 62.0000: a stored decimal shown without the zeros its column pads it with."""

    def format_value(self, value):
        return super().format_value(plain_decimal(value) if isinstance(value, Decimal) else value)


def plain_decimal(value) -> str:
    if value is None:
        return ""
    return format(value.normalize(), "f") if isinstance(value, Decimal) else str(value)


PLAIN_DECIMALS = {models.DecimalField: {"widget": PlainDecimalInput}}


class EditorialChangesHelper(HistoricalRecordContextHelper):
    """History diffs without the bookkeeping columns."""

    def context_for_delta_changes(self, delta):
        kept = [c for c in delta.changes if c.field not in BOOKKEEPING_FIELDS]
        return super().context_for_delta_changes(dataclasses.replace(delta, changes=kept))


def changes_since(entry, loaded_version: int) -> list[str]:
    """What was saved after `loaded_version`, by whom and when, field by field (from history)."""
    history = getattr(entry, "history", None)
    if history is None:
        return []
    later = list(history.filter(version__gt=loaded_version).order_by("history_date"))
    base = history.filter(version=loaded_version).order_by("-history_date").first()
    lines = []
    if later:
        who = sorted({str(r.history_user) for r in later if r.history_user}) or [gettext("unknown")]
        lines.append(
            gettext("Saved meanwhile by %(who)s, last at %(when)s.")
            % {
                "who": ", ".join(who),
                "when": formats.date_format(later[-1].history_date, "DATETIME_FORMAT"),
            }
        )
    if base is not None and later:
        delta = later[-1].diff_against(base, foreign_keys_are_objs=True)
        for change in EditorialChangesHelper(type(entry), later[-1]).context_for_delta_changes(
            delta
        ):
            lines.append(
                gettext("Changed meanwhile — %(field)s: “%(old)s” → “%(new)s”")
                % {"field": change["field"], "old": change["old"], "new": change["new"]}
            )
    return lines


class VersionCheckedForm(forms.ModelForm):
    """Carries the version the editor loaded; a save based on an older one is refused. Used by
    the change form and by every inline row that is an entry of its own (a vendor's models)."""

    version = forms.IntegerField(
        label=_("version"), widget=forms.HiddenInput, required=False, min_value=0
    )

    def _current_version(self):
        model = type(self.instance)
        rows = model._base_manager.filter(pk=self.instance.pk).values_list("version", flat=True)
        return rows.first()

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None or self.instance._state.adding:
            return cleaned
        current = self._current_version()
        submitted = cleaned.get("version")
        if current is None or submitted == current:
            return cleaned
        # Let a second, deliberate save go through: the editor has now seen what changed.
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = str(current)
        entry = type(self.instance)._base_manager.get(pk=self.instance.pk)
        if submitted is None:
            raise ValidationError(
                _("This form did not say which version of the entry it was loaded from.")
            )
        raise ValidationError(
            [
                gettext(
                    "Not saved: someone else saved this entry while you were editing it. "
                    "Your edits are still in the form below."
                ),
                *changes_since(entry, submitted),
                gettext(
                    "Compare the changes above with yours; saving again replaces them with "
                    "what is in this form."
                ),
            ],
            code="edit_conflict",
        )


class PublishableAdminForm(VersionCheckedForm):
    """The change form: version check, and core.editorial's rule shown as form errors; on
    adding, a slug made from the names when left empty, and possible duplicates named."""

    duplicate_seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = gettext(
                "Left empty: made from the English name, else from the Chinese name's pinyin."
            )
        if not self.is_bound and self.instance.pk is not None:
            # Reverting to an old history record starts from today's version, not the record's.
            current = self._current_version()
            if current is not None:
                self.initial["version"] = current

    def _names(self) -> tuple[str, str]:
        zh = self.cleaned_data.get("name_zh", self.cleaned_data.get("title_zh", "")) or ""
        en = self.cleaned_data.get("name_en", self.cleaned_data.get("title_en", "")) or ""
        return zh, en

    def clean(self):
        cleaned = super().clean()
        if "slug" in self.fields and not cleaned.get("slug") and "slug" not in self.errors:
            zh, en = self._names()
            base = slug_from_names(name_zh=zh, name_en=en)
            if base:
                model = type(self.instance)
                others = model._base_manager.exclude(pk=self.instance.pk)
                taken = others.filter(slug=base).exists()
                cleaned["slug"] = unique_slug(model, base) if taken else base
        if self.instance.pk is None or self.instance._state.adding:
            self._warn_duplicates(cleaned)
        return cleaned

    def _warn_duplicates(self, cleaned):
        """A new entry with an existing entry's name, other name or credit code is saved only
        on a second, deliberate submit."""
        zh, en = self._names()
        finder = DuplicateFinder(type(self.instance))
        found = finder.warnings(names=[zh, en], uscc=cleaned.get("uscc") or "")
        if not found:
            return
        fingerprint = "|".join(sorted(w["url"] for w in found))
        if cleaned.get("duplicate_seen") == fingerprint:
            return
        self.data = self.data.copy()
        self.data[self.add_prefix("duplicate_seen")] = fingerprint
        raise ValidationError(
            [
                format_html('{} <a href="{}">{}</a>', w["text"], w["url"], gettext("open it"))
                for w in found
            ]
            + [gettext("Not saved yet: if it is a different entry, save again to create it.")],
            code="possible_duplicate",
        )

    def _post_clean(self):
        super()._post_clean()
        instance, model = self.instance, type(self.instance)
        if instance.pk is not None and not instance._state.adding:
            # An editorial field this form does not edit keeps the value it has now, also when
            # the form starts from an old history record: a revert restores content, and only
            # what this user may edit.
            kept = [model._meta.get_field(f).attname for f in editorial.EDITORIAL_FIELDS]
            kept = [a for a in kept if a.removesuffix("_id") not in self.fields]
            current = model._base_manager.filter(pk=instance.pk).values(*kept).first()
            for attname, value in (current or {}).items():
                setattr(instance, attname, value)
        for field, message in editorial.entry_refusals(instance).items():
            self.add_error(field if field in self.fields else None, message)
        if instance.pk is not None and not instance._state.adding:
            # A revision carries no files: a new logo of a live entry is a publisher's save.
            for name in self.changed_data:
                field = self.fields.get(name)
                if isinstance(field, forms.FileField) and editorial.live_content_refusals(
                    instance, update_fields=[name]
                ):
                    self.add_error(
                        name, gettext("Only a publisher can change the image of a live entry.")
                    )


class PublishableInlineForm(VersionCheckedForm):
    """An inline row of a live entry is changed by a publisher, or on its own page by an
    editor (where the change becomes a revision): never directly by an editor."""

    def _post_clean(self):
        super()._post_clean()
        if self.has_changed():
            for message in editorial.live_content_refusals(self.instance).values():
                self.add_error(
                    None,
                    message
                    + " "
                    + gettext("Change it on its own page, where it is kept for review."),
                )


class PublishableInline(admin.TabularInline):
    """Rows that are entries of their own (a vendor's models and products): each carries its
    version, so saving the parent page never reverts a row someone changed meanwhile."""

    form = PublishableInlineForm
    formfield_overrides = PLAIN_DECIMALS
    extra = 0
    can_delete = False  # entries are deleted (drafts only) or archived on their own page
    show_change_link = True

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        return fields if "version" in fields else [*fields, "version"]


class PublishableAdmin(SpreadsheetSafeExportMixin, ImportExportModelAdmin, SimpleHistoryAdmin):
    """Admin for a public entity: status badge, review actions, publisher-only transitions."""

    form = PublishableAdminForm
    formfield_overrides = PLAIN_DECIMALS
    default_resource_class = PublishableResource
    import_formats = imports.IMPORT_FORMATS
    list_per_page = 50
    save_on_top = True
    export_form_class = TranslatedExportForm
    show_full_result_count = True
    workflow_fields = ("status", "featured", "is_sample", "successor")
    workflow_readonly = ("published_at", "submitted_by", "submitted_at", "created", "updated")
    actions = ["submit_for_review", "publish", "archive", "feature", "unfeature"]
    publisher_actions = ("publish", "archive", "feature", "unfeature")

    @admin.display(description=_("tier"), ordering="tier")
    def tier_code(self, obj):
        """`L1`, not `L1 · Industry model`: the filter beside the list explains the tiers."""
        return obj.tier

    @admin.display(description=_("updated"), ordering="updated")
    def updated_on(self, obj):
        """The day, not the minute: a list column that stays narrow."""
        return timezone.localtime(obj.updated).strftime("%Y-%m-%d")

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, obj):
        return format_html(
            '<span style="color:{};font-weight:600">{}</span>',
            STATUS_COLOURS.get(obj.status, "#111"),
            obj.get_status_display(),
        )

    def get_fieldsets(self, request, obj=None):
        """The hidden `version` rides along in the first fieldset of every change form."""
        fieldsets = super().get_fieldsets(request, obj)
        hidden = "duplicate_seen" if obj is None else "version"
        if hidden in flatten_fieldsets(fieldsets):
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": (*options["fields"], hidden)}), *rest]

    def add_data_read_fail_error_to_form(self, form, e):
        """A file that cannot be read says why, in the editor's language (never a class name)."""
        if isinstance(e, imports.SpreadsheetError):
            form.add_error("import_file", str(e))
        else:
            form.add_error(
                "import_file",
                gettext("This file cannot be read as a CSV or XLSX spreadsheet."),
            )

    def get_historical_record_context_helper(self, request, historical_record):
        return EditorialChangesHelper(self.model, historical_record)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status != PublicationStatus.DRAFT:
            return False
        return super().has_delete_permission(request, obj)

    def _refuse_stale_save(self, view, request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except EditConflict as conflict:
            lines = changes_since(conflict.entry, conflict.loaded_version)
            self.message_user(
                request,
                " ".join(
                    [gettext("Not saved: someone else saved this entry a moment ago."), *lines]
                ),
                messages.ERROR,
            )
            return HttpResponseRedirect(request.path)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return self._refuse_stale_save(
            super().changeform_view, request, object_id, form_url, extra_context
        )

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        return self._refuse_stale_save(
            super().history_form_view, request, object_id, version_id, extra_context
        )

    def get_readonly_fields(self, request, obj=None):
        readonly = [*super().get_readonly_fields(request, obj), *self.workflow_readonly]
        if not services.can_publish(request.user, self.model):
            readonly += ["status", "featured"]
            if obj is not None and obj.status in editorial.PUBLIC_STATUSES:
                readonly += ["successor", "is_sample"]
        return readonly

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            actions["delete_selected"] = (
                PublishableAdmin.delete_selected_drafts,
                "delete_selected",
                _("Delete selected drafts"),
            )
        if not services.can_publish(request.user, self.model):
            for name in self.publisher_actions:
                actions.pop(name, None)
        return actions

    def proposes_revision(self, request, obj) -> bool:
        """An editor's save of a live entry is kept as a revision (revisions.services)."""
        if obj is None or obj.pk is None or services.can_publish(request.user, self.model):
            return False
        stored = self.model._base_manager.filter(pk=obj.pk).values_list("status", flat=True)
        return stored.first() in editorial.PUBLIC_STATUSES

    def get_inline_instances(self, request, obj=None):
        inlines = super().get_inline_instances(request, obj)
        if self.proposes_revision(request, obj):
            # A revision carries the entry's own fields: its rows are shown, not edited.
            for inline in inlines:
                inline.has_add_permission = lambda *args, **kwargs: False
                inline.has_change_permission = lambda *args, **kwargs: False
                inline.has_delete_permission = lambda *args, **kwargs: False
        return inlines

    def save_model(self, request, obj, form, change):
        # Who may set the status is decided by core.editorial when the entry is saved.
        if change and self.proposes_revision(request, obj):
            from revisions.services import revisable_fields, revision_propose

            fields = revisable_fields(self.model)
            proposed = {
                name: form.cleaned_data[name]
                if fields[name].many_to_many
                else getattr(obj, fields[name].attname)
                for name in form.cleaned_data
                if name in fields
            }
            request.atlas_revision = revision_propose(
                entry=obj,
                proposed=proposed,
                by=request.user,
                source="form",
                base_version=form.cleaned_data.get("version"),
            )
            return
        if obj.status == PublicationStatus.PUBLISHED:
            obj.mark_published()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if hasattr(request, "atlas_revision"):
            return  # the links travel in the revision
        super().save_related(request, form, formsets, change)

    def construct_change_message(self, request, form, formsets, add=False):
        if hasattr(request, "atlas_revision"):
            return []  # the formsets were not saved: the revision says what changes
        return super().construct_change_message(request, form, formsets, add)

    def log_change(self, request, obj, message):
        if hasattr(request, "atlas_revision"):
            return None  # nothing changed yet; the revision records who proposed what
        return super().log_change(request, obj, message)

    def response_change(self, request, obj):
        if not hasattr(request, "atlas_revision"):
            return super().response_change(request, obj)
        if request.atlas_revision is None:
            self.message_user(request, gettext("Nothing was changed."), messages.INFO)
        else:
            self.message_user(
                request,
                gettext(
                    "“%(entry)s” is live, so your change waits for a publisher in the review "
                    "queue; the public site shows the published version until it is approved."
                )
                % {"entry": obj},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(request.path)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET" and object_id:
            from revisions.models import Revision

            entry = self.get_object(request, object_id)
            pending = Revision.objects.pending().for_entry(entry).count() if entry else 0
            if pending:
                self.message_user(
                    request,
                    ngettext(
                        "%(n)d change to this entry waits for review in the review queue.",
                        "%(n)d changes to this entry wait for review in the review queue.",
                        pending,
                    )
                    % {"n": pending},
                    messages.WARNING,
                )
        return super().change_view(request, object_id, form_url, extra_context)

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

    def delete_selected_drafts(self, request, queryset):
        """Django's delete action, refused outright when any selected entry is not a draft."""
        kept = [str(entry) for entry in queryset.exclude(status=PublicationStatus.DRAFT)[:10]]
        if kept:
            self.message_user(
                request,
                gettext(
                    "Nothing deleted: only drafts can be deleted, and these are not: %(names)s. "
                    "Archive published entries instead."
                )
                % {"names": ", ".join(kept)},
                messages.ERROR,
            )
            return None
        return delete_selected(self, request, queryset)

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


class TaxonomyAdmin(SpreadsheetSafeExportMixin, ImportExportModelAdmin, SimpleHistoryAdmin):
    import_formats = imports.IMPORT_FORMATS  # GBK or UTF-8 CSV, XLSX, as for entries
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
        getattr(image, "thumbnail_url", image.url),
        size,
        size * 2,
    )
