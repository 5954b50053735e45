"""Spreadsheet imports that say what they will do (issue 14).

* Files: CSV in UTF-8 (with or without BOM) or GBK/GB18030, detected; XLSX. The content
  decides, not the format picked: a workbook chosen as CSV is read as a workbook. Empty
  cells are blank, blank lines are skipped, cells are trimmed.
* Every problem is a row error naming the row (as the spreadsheet numbers it: the header is
  row 1), the column and the value, in the editor's language, with the allowed values where
  there is a list; all rows are checked, and the confirm step is only offered when every
  row is valid (the import runs in one transaction). No exception reaches the page.
* A slug repeated in one file is an error naming both rows; an empty slug is made from the
  names (`core.names`), unique in the database and the file.
* Rows that change a live entry become revisions when the importer is an editor.
"""

import datetime
from decimal import Decimal, InvalidOperation
from io import BytesIO

import tablib
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from import_export import widgets
from import_export.formats import base_formats

from .spreadsheet import FORMULA_PREFIXES

MAX_LISTED = 60  # allowed values are listed when there are at most this many


class SpreadsheetError(ValueError):
    """The file cannot be read as a spreadsheet: the message says why, for the editor."""


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030 (a superset of GBK, what Chinese Excel saves)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SpreadsheetError(
        _(
            "This file is not text in UTF-8 or GBK/GB18030. Save it from Excel as "
            "“CSV UTF-8” or as an .xlsx workbook."
        )
    )


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return int(value)  # Excel keeps 2019 and 600000 as floats
    if isinstance(value, str):
        value = value.strip()
        if value[:1] == "'" and value[1:2] and value[1:].startswith(FORMULA_PREFIXES):
            return value[1:]  # the apostrophe our exports put before a formula (safe_cell)
    return value


def _dataset(rows) -> tablib.Dataset:
    rows = [list(row) for row in rows]
    while rows and all(_cell(v) == "" for v in rows[0]):
        rows.pop(0)
    if not rows:
        raise SpreadsheetError(_("The file is empty: it needs a header row and data rows."))
    headers = [str(_cell(h)).lstrip("\ufeff").strip() for h in rows[0]]
    while headers and headers[-1] == "":
        headers.pop()
    dataset = tablib.Dataset(headers=headers)
    for row in rows[1:]:
        values = [_cell(v) for v in row][: len(headers)]
        values += [""] * (len(headers) - len(values))
        if any(v != "" for v in values):
            dataset.append(values)
    return dataset


def read_spreadsheet(data) -> tablib.Dataset:
    """A dataset from the bytes of a CSV or XLSX file, whichever it is."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    if data[:4] == b"PK\x03\x04":
        import openpyxl

        try:
            book = openpyxl.load_workbook(BytesIO(data), read_only=True, data_only=True)
        except Exception as error:
            raise SpreadsheetError(
                _("This workbook cannot be read (%(reason)s).") % {"reason": type(error).__name__}
            ) from error
        return _dataset(book.active.iter_rows(values_only=True))
    text = decode_text(data)
    if "\x00" in text:
        raise SpreadsheetError(_("This is not a CSV or XLSX file."))
    import csv

    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return _dataset(csv.reader(text.splitlines(), dialect))


class SniffingCSV(base_formats.CSV):
    """CSV as offered in the admin; read as bytes, so that the encoding is detected here."""

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream):
        return read_spreadsheet(in_stream)


class SniffingXLSX(base_formats.XLSX):
    def create_dataset(self, in_stream):
        return read_spreadsheet(in_stream)


IMPORT_FORMATS = [SniffingCSV, SniffingXLSX]


# ── cells → values, with messages an editor can act on ─────────────────────────────────────


def _allowed(values) -> str:
    values = list(values)
    if not values:
        return ""
    shown = ", ".join(str(v) for v in values[:MAX_LISTED])
    return " " + _("Allowed values: %(values)s.") % {
        "values": shown + (" …" if len(values) > MAX_LISTED else "")
    }


class SlugWidget(widgets.ForeignKeyWidget):
    """A related entry or term named by its slug; an unknown slug is named in the error."""

    def __init__(self, model, field="slug", **kwargs):
        super().__init__(model, field=field, **kwargs)

    def clean(self, value, row=None, **kwargs):
        value = str(value).strip() if value is not None else ""
        if not value:
            return None
        found = self.model._base_manager.filter(**{self.field: value}).first()
        if found is None:
            raise ValueError(unknown_message(self.model, [value]))
        return found


class SlugsWidget(widgets.ManyToManyWidget):
    """Several slugs separated by `|`: every unknown one is named, none is dropped silently."""

    def __init__(self, model, field="slug", separator="|", **kwargs):
        super().__init__(model, field=field, separator=separator, **kwargs)

    def clean(self, value, row=None, **kwargs):
        names = [v.strip() for v in str(value or "").split(self.separator) if v.strip()]
        if not names:
            return self.model.objects.none()
        found = self.model._base_manager.filter(**{f"{self.field}__in": names})
        known = set(found.values_list(self.field, flat=True))
        unknown = [n for n in names if n not in known]
        if unknown:
            raise ValueError(unknown_message(self.model, unknown))
        return found


def unknown_message(model, values) -> str:
    message = _("Unknown %(kind)s: %(values)s.") % {
        "kind": model._meta.verbose_name,
        "values": ", ".join(f"“{v}”" for v in values),
    }
    slugs = model._base_manager.order_by("slug").values_list("slug", flat=True)
    if slugs[: MAX_LISTED + 1].count() <= MAX_LISTED:
        return message + _allowed(slugs)
    return (
        message
        + " "
        + _("Write the slug of an existing %(kind)s.") % {"kind": model._meta.verbose_name}
    )


class YesNoWidget(widgets.BooleanWidget):
    TRUE_VALUES = ["1", 1, True, "true", "yes", "y", "是", "真", "✓", "√"]
    FALSE_VALUES = ["0", 0, False, "false", "no", "n", "否", "假", "", None]

    def clean(self, value, row=None, **kwargs):
        key = value.strip().lower() if isinstance(value, str) else value
        if key in self.TRUE_VALUES:
            return True
        if key in self.FALSE_VALUES:
            return False  # an empty cell is "no"
        raise ValueError(_("Write 1 or 0 (or TRUE/FALSE, 是/否)."))


def explain(model, field_name: str, value, error: Exception) -> str:
    """The message for a cell that could not be read as its field's type."""
    try:
        field = model._meta.get_field(field_name)
    except Exception:
        field = None
    if (
        isinstance(error, ValueError)
        and not isinstance(error, InvalidOperation)
        and (field is None or field.is_relation or isinstance(field, models.BooleanField))
    ):
        return str(error)
    if isinstance(field, models.IntegerField):
        return _("Not a whole number: write digits only, e.g. 2019.")
    if isinstance(field, models.DecimalField):
        return _("Not a number: write digits with a decimal point, e.g. 62.5.")
    if isinstance(field, models.DateTimeField | models.DateField):
        return _("Not a date: write YYYY-MM-DD, e.g. 2024-03-01.")
    return str(error) or type(error).__name__


def with_value(model, field_name: str, value, message: str) -> str:
    """`message` preceded by the offending value and followed by the allowed values."""
    shown = "" if value is None else str(value)
    text = _("Value “%(value)s”: %(message)s") % {"value": shown, "message": message}
    try:
        field = model._meta.get_field(field_name)
    except Exception:
        return text
    if getattr(field, "choices", None) and not field.is_relation:
        text += _allowed(key for key, _label in field.flatchoices if key != "")
    return text


def _cells(text) -> str:
    """A cell's export text, with `|`-separated lists in a stable order."""
    text = "" if text is None else str(text)
    return "|".join(sorted(text.split("|"))) if "|" in text else text


class ExplainedImportMixin:
    """For a ModelResource matched on `slug`: see the module docstring."""

    name_fields = ("name_zh", "name_en")

    @classmethod
    def widget_from_django_field(cls, f, default=widgets.Widget):
        if isinstance(f, models.BooleanField):
            return YesNoWidget
        return super().widget_from_django_field(f, default)

    # Kept by the workflow, never read from a file (see SpreadsheetSafeResource).
    not_imported = ("created", "updated", "version", "published_at", "submitted_by")
    not_imported += ("submitted_at", "review_comment")

    # The file as a whole: columns, repeated slugs.
    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        if "slug" not in dataset.headers:
            if len(dataset):
                dataset.append_col([""] * len(dataset), header="slug")
            else:
                dataset.headers = [*dataset.headers, "slug"]
        self.atlas_rows_of: dict[str, list[int]] = {}
        for number, slug in enumerate(dataset["slug"], 1):
            slug = str(slug or "").strip()
            if slug:
                self.atlas_rows_of.setdefault(slug, []).append(number)
        self.atlas_made_slugs: set[str] = set()
        self.atlas_names_in_file: dict[str, int] = {}
        from .names import DuplicateFinder

        self.atlas_duplicates = DuplicateFinder(self._meta.model)

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        for key, value in list(row.items()):
            row[key] = _cell(value)
        slug = str(row.get("slug") or "")
        row["slug"] = slug
        rows = self.atlas_rows_of.get(slug, [])
        # Reported with the row's other errors (import_instance), not instead of them.
        self.atlas_row_errors = {}
        if len(rows) > 1:
            self.atlas_row_errors["slug"] = _(
                "The same slug is in rows %(rows)s: one row per entry."
            ) % {"rows": ", ".join(str(n + 1) for n in rows)}
        if not slug:
            from .names import slug_from_names, unique_slug

            zh, en = (str(row.get(f) or "") for f in self.name_fields)
            base = slug_from_names(name_zh=zh, name_en=en)
            if base:
                row["slug"] = unique_slug(
                    self._meta.model, base, taken={*self.atlas_rows_of, *self.atlas_made_slugs}
                )
                self.atlas_made_slugs.add(row["slug"])

    # One row: every cell read, each failure explained.
    def import_instance(self, instance, row, **kwargs):
        fields = [f for f in self.get_import_fields() if f.attribute and f.column_name in row]
        instance._atlas_before = (
            {f.column_name: _cells(f.export(instance)) for f in fields}
            if instance.pk is not None and not instance._state.adding
            else None
        )
        errors = {k: ValidationError(m) for k, m in getattr(self, "atlas_row_errors", {}).items()}
        for field in fields:
            if field.attribute in errors:
                continue
            try:
                if isinstance(field.widget, widgets.ManyToManyWidget):
                    field.clean(row)  # checked now; saved with the row (save_m2m)
                else:
                    self.import_field(field, instance, row, **kwargs)
            except Exception as error:  # any failure of a cell is a message, never a traceback
                model = self._meta.model
                errors[field.attribute] = ValidationError(
                    explain(model, field.attribute, row.get(field.column_name), error)
                )
        if errors:
            raise ValidationError(errors)
        for field in type(instance)._meta.concrete_fields:
            value = getattr(instance, field.attname, None)
            if type(field) is models.DateField and isinstance(value, datetime.datetime):
                setattr(instance, field.attname, value.date())  # a workbook's dates are datetimes
                continue
            # 62 from a workbook is the 62.000 the column holds: not a change.
            if (
                isinstance(field, models.DecimalField)
                and isinstance(value, Decimal)
                and value.is_finite()
                and value.adjusted() < field.max_digits
            ):
                exponent = Decimal(1).scaleb(-field.decimal_places)
                setattr(instance, field.attname, value.quantize(exponent))

    def save_instance(self, instance, is_create, row, **kwargs):
        from core import editorial
        from core.services import can_publish

        model = type(instance)
        if not is_create and not can_publish(kwargs.get("user"), model):
            stored = model._base_manager.filter(pk=instance.pk).values_list("status", flat=True)
            if stored.first() in editorial.PUBLIC_STATUSES:
                instance._atlas_revision = True  # proposed in save_m2m, with the links
                return
        super().save_instance(instance, is_create, row, **kwargs)

    def save_m2m(self, instance, row, **kwargs):
        if getattr(instance, "_atlas_revision", None) is not True:
            return super().save_m2m(instance, row, **kwargs)
        from revisions.services import revisable_fields, revision_propose

        fields = revisable_fields(type(instance))
        proposed = {}
        for field in self.get_import_fields():
            if field.column_name not in row or field.attribute not in fields:
                continue
            model_field = fields[field.attribute]
            proposed[field.attribute] = (
                field.clean(row)
                if model_field.many_to_many
                else getattr(instance, model_field.attname)
            )
        instance._atlas_revision = revision_propose(
            entry=instance, proposed=proposed, by=kwargs.get("user"), source="import"
        )
        return None

    def import_row(self, row, instance_loader, **kwargs):
        from import_export.results import RowResult

        result = super().import_row(row, instance_loader, **kwargs)
        number = kwargs.get("row_number") or 0
        result.line = number + 1  # as the spreadsheet numbers it: the header is row 1
        if result.errors:
            error = result.errors[0].error
            result.errors = []
            result.import_type = RowResult.IMPORT_TYPE_INVALID
            result.validation_error = ValidationError(
                _("This row could not be saved: %(reason)s")
                % {"reason": str(error) or type(error).__name__}
            )
        if result.validation_error is not None:
            result.validation_error = self._with_values(result.validation_error, row)
            return result
        instance = result.instance
        result.revision = getattr(instance, "_atlas_revision", None) is not None
        before = getattr(instance, "_atlas_before", None) or {}
        fields = [f for f in self.get_import_fields() if f.attribute and f.column_name in row]
        changes = []
        if result.import_type != RowResult.IMPORT_TYPE_SKIP:
            for field in fields:
                if isinstance(field.widget, widgets.ManyToManyWidget):
                    new = _cells("|".join(str(row.get(field.column_name) or "").split("|")))
                    new = "|".join(v.strip() for v in new.split("|") if v.strip())
                    new = _cells(new)
                else:
                    new = _cells(field.export(instance))
                old = before.get(field.column_name, "")
                if result.import_type == RowResult.IMPORT_TYPE_NEW:
                    if new:
                        changes.append((field.column_name, "", new))
                elif new != old:
                    changes.append((field.column_name, old, new))
        result.changes = changes
        result.warnings = []
        if result.import_type == RowResult.IMPORT_TYPE_NEW:
            result.warnings = self.atlas_duplicates.warnings(
                names=[str(row.get(f) or "") for f in self.name_fields],
                uscc=str(row.get("uscc") or ""),
            )
            for name in (str(row.get(f) or "") for f in self.name_fields):
                from .names import fold_name

                key = fold_name(name)
                if not key:
                    continue
                first = self.atlas_names_in_file.setdefault(key, result.line)
                if first != result.line:
                    result.warnings.append(
                        {
                            "text": _("Same name as row %(row)s of this file: “%(name)s”.")
                            % {"row": first, "name": name},
                            "url": "",
                        }
                    )
        return result

    def _with_values(self, error: ValidationError, row) -> ValidationError:
        from django.core.exceptions import NON_FIELD_ERRORS

        model = self._meta.model
        if not hasattr(error, "error_dict"):
            return ValidationError({NON_FIELD_ERRORS: error.messages})
        columns = {f.attribute: f.column_name for f in self.get_import_fields()}
        out = {}
        for key, messages in error.message_dict.items():
            if key == NON_FIELD_ERRORS:
                out[key] = messages
                continue
            value = row.get(columns.get(key, key), "")
            out[key] = [with_value(model, key, value, m) for m in messages]
        return ValidationError(out)
