from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import EntryFilterSet

from .models import StatSeries


class StatSeriesFilter(EntryFilterSet):
    orderings = (
        ("position", _("Editors' order"), ("position", "slug")),
        ("name", _("Name"), ("name_zh",)),
        ("updated", _("Recently updated"), ("-updated", "-pk")),
    )

    class Meta:
        model = StatSeries
        fields = ["q", "ordering"]

    def fallback_search_q(self, value):
        return super().fallback_search_q(value) | Q(source_title__icontains=value)
