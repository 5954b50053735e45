"""Strings our dependencies show editors but ship no zh_Hans translation for.

Never imported: it exists so that `makemessages` copies these msgids into
locale/zh_Hans/LC_MESSAGES/django.po, whose translations take precedence over every app's.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

DEPENDENCY_STRINGS = (
    # Django 5.2 admin: the app list's column headers (read by screen readers).
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    # django-simple-history: the history table.
    gettext_noop("Changes"),
    # django-import-export: the import and export pages.
    gettext_noop("Resource"),
    gettext_noop("Select all"),
    gettext_noop('Select at least 1 field for "%(resource_name)s" to export'),
    gettext_noop(
        "No valid data to import. Ensure your file has the correct headers or data for import."
    ),
    gettext_noop(
        "%(exc_name)s encountered while trying to read file. "
        "Ensure you have chosen the correct format for the file."
    ),
    gettext_noop("Value could not be parsed."),
    ngettext_lazy("Export %(len)s selected item.", "Export %(len)s selected items.", "len"),
    # django-filter ships zh_CN only, which Django does not use for zh-hans.
    gettext_noop("Multiple values may be separated by commas."),
    gettext_noop("%s (descending)"),
    gettext_noop("Ordering"),
    gettext_noop("Submit"),
    gettext_noop("Field filters"),
    gettext_noop("This is an exclusion filter"),
    gettext_noop("Select a lookup."),
    gettext_noop("Range query expects two values."),
    gettext_noop("Today"),
    gettext_noop("Yesterday"),
    gettext_noop("Past 7 days"),
    gettext_noop("This month"),
    gettext_noop("This year"),
)
