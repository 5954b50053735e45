"""The register in the admin: filings (read as imported, links editable), the queue of filings
not yet linked to a directory vendor with one-click links, and every import run's report."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from directory.models import AIModel, Vendor

from .models import Filing, FilingBatch, ImportAnomaly, ImportRun, UnlinkedFiling
from .services import filing_link, import_run_report_csv

IMPORTED_FIELDS = (
    "number", "number_key", "kind", "service_name", "organisation", "region", "province",
    "filed_on", "filed_on_printed", "late_registration", "batch", "serial", "row", "source_tag",
    "extra", "slug", "created", "updated",
)  # fmt: skip


@admin.register(FilingBatch)
class FilingBatchAdmin(admin.ModelAdmin):
    list_display = ("period", "title", "stated_count", "announcement_url")
    search_fields = ("period", "title")
    readonly_fields = ("created", "updated")


class FilingAdminBase(admin.ModelAdmin):
    list_display = (
        "number", "service_name", "organisation", "kind", "province", "batch", "filed_on",
        "vendor_link",
    )  # fmt: skip
    list_filter = ("kind", "batch", "province", "late_registration")
    list_select_related = ("batch", "vendor")
    search_fields = ("number", "number_key", "service_name", "organisation")
    autocomplete_fields = ("vendor", "ai_model", "product")
    readonly_fields = IMPORTED_FIELDS
    fieldsets = (
        (_("As published"), {"fields": IMPORTED_FIELDS}),
        (_("Links"), {"fields": ("vendor", "ai_model", "product")}),
    )

    def has_add_permission(self, request):
        return False  # filings come from the register, through the import

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    @admin.display(description=_("vendor"), ordering="vendor__name_zh")
    def vendor_link(self, obj):
        if obj.vendor is None:
            return "—"
        status = "" if obj.vendor.is_published else f" ({obj.vendor.get_status_display()})"
        return f"{obj.vendor}{status}"

    def save_model(self, request, obj, form, change):
        # A changed vendor is the organisation's: move its legal name and its other filings.
        vendor = obj.vendor if "vendor" in form.changed_data else None
        model = obj.ai_model if "ai_model" in form.changed_data else None
        stored = Filing.objects.get(pk=obj.pk)
        obj.vendor, obj.ai_model = stored.vendor, stored.ai_model
        if vendor is not None or model is not None:
            filing_link(filing=obj, vendor=vendor, ai_model=model, by=request.user)
        if "product" in form.changed_data:
            obj.save()


@admin.register(Filing)
class FilingAdmin(FilingAdminBase):
    pass


@admin.register(UnlinkedFiling)
class UnlinkedFilingAdmin(FilingAdminBase):
    """Filings whose organisation is not (yet) a published vendor, with suggested links."""

    list_display = ("number", "service_name", "organisation", "current_vendor", "link_buttons")
    list_per_page = 50

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(Q(vendor__isnull=True) | ~Q(vendor__status="published"))
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/link/",
                self.admin_site.admin_view(self.link_view),
                name="filings_unlinkedfiling_link",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        self._suggestions = _suggestion_index()
        return super().changelist_view(request, extra_context)

    @admin.display(description=_("current vendor"))
    def current_vendor(self, obj):
        if obj.vendor is None:
            return "—"
        url = reverse("admin:directory_vendor_change", args=[obj.vendor_id])
        return format_html(
            '<a href="{}">{}</a> ({})', url, obj.vendor, obj.vendor.get_status_display()
        )

    @admin.display(description=_("one-click link"))
    def link_buttons(self, obj):
        suggestions = _suggest(getattr(self, "_suggestions", {}), obj)
        if not suggestions:
            return "—"
        url = reverse("admin:filings_unlinkedfiling_link", args=[obj.pk])
        return format_html_join(
            " ",
            '<form method="post" action="{}" style="display:inline">'
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
            '<input type="hidden" name="{}" value="{}">'
            '<button type="submit" class="button">{}</button></form>',
            ((url, self._csrf, field, pk, label) for field, pk, label in suggestions),
        )

    def get_changelist_instance(self, request):
        from django.middleware.csrf import get_token

        self._csrf = get_token(request)
        return super().get_changelist_instance(request)

    def link_view(self, request, pk: int):
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:filings_unlinkedfiling_changelist"))
        if not self.has_change_permission(request):
            raise PermissionDenied
        filing = get_object_or_404(Filing, pk=pk)
        vendor = model = None
        if request.POST.get("vendor"):
            vendor = get_object_or_404(Vendor, pk=request.POST["vendor"])
        if request.POST.get("ai_model"):
            model = get_object_or_404(AIModel, pk=request.POST["ai_model"])
        if vendor is None and model is None:
            messages.error(request, gettext("Choose a vendor or a model to link."))
        else:
            filing_link(filing=filing, vendor=vendor, ai_model=model, by=request.user)
            messages.success(
                request,
                gettext("Linked %(number)s to %(target)s.")
                % {"number": filing.number, "target": model or vendor},
            )
        return HttpResponseRedirect(
            request.POST.get("next") or reverse("admin:filings_unlinkedfiling_changelist")
        )


def _suggestion_index():
    """Published vendors' names and their models, read once per queue page."""
    names = []
    for vendor in Vendor.objects.published().prefetch_related("names", "ai_models"):
        labels = {vendor.name_zh, vendor.name_en, *(n.name for n in vendor.names.all())}
        names.append((vendor, {label for label in labels if label and len(label) >= 2}))
    return {"vendors": names}


def _suggest(index, filing) -> list[tuple[str, int, str]]:
    """A vendor whose name or alias appears in the organisation; its model of the same name."""
    out = []
    for vendor, labels in index.get("vendors", []):
        if any(label in filing.organisation for label in labels):
            out.append(("vendor", vendor.pk, gettext("Link to %(vendor)s") % {"vendor": vendor}))
            for model in vendor.ai_models.all():
                if model.is_published and (
                    model.name_zh in filing.service_name or filing.service_name in model.name_zh
                ):
                    out.append(
                        ("ai_model", model.pk, gettext("Link to model %(m)s") % {"m": model})
                    )
    return out[:4]


class ImportAnomalyInline(admin.TabularInline):
    model = ImportAnomaly
    fields = ("batch", "row", "serial", "number", "code", "detail", "decision", "skipped")
    readonly_fields = fields
    extra = 0
    can_delete = False
    max_num = 0
    show_change_link = False


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = (
        "started", "source", "by_label", "rows", "created", "updated", "unchanged", "skipped",
        "anomaly_count", "vendors_created",
    )  # fmt: skip
    readonly_fields = (
        "started", "finished", "source", "file_format", "checksum", "by", "by_label", "rows",
        "created", "updated", "unchanged", "skipped", "vendors_created", "linked",
        "changes_table", "report_link",
    )  # fmt: skip
    exclude = ("changes",)
    inlines = [ImportAnomalyInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path(
                "<int:pk>/report.csv",
                self.admin_site.admin_view(self.report_view),
                name="filings_importrun_report",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=_("anomalies"))
    def anomaly_count(self, obj):
        return obj.anomalies.count()

    @admin.display(description=_("changes"))
    def changes_table(self, obj):
        if not obj.changes:
            return "—"
        return format_html_join(
            "",
            "<div>{} {}: {}</div>",
            (
                (
                    c.get("batch", ""),
                    c.get("number", ""),
                    "; ".join(f"{k}: {old!r} → {new!r}" for k, (old, new) in c["fields"].items()),
                )
                for c in obj.changes
            ),
        )

    @admin.display(description=_("report"))
    def report_link(self, obj):
        url = reverse("admin:filings_importrun_report", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("Download the report (CSV)"))

    def report_view(self, request, pk: int):
        if not self.has_view_permission(request):
            raise PermissionDenied
        run = get_object_or_404(ImportRun, pk=pk)
        response = HttpResponse(
            import_run_report_csv(run=run), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="register-import-{pk}.csv"'
        return response


@admin.register(ImportAnomaly)
class ImportAnomalyAdmin(admin.ModelAdmin):
    list_display = ("run", "batch", "row", "number", "code", "detail", "decision", "skipped")
    list_filter = ("code", "batch", "skipped")
    search_fields = ("number", "detail")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
