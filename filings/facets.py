"""The register list's facets, counted from bitmaps (see core.facets); registered at startup."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core import facets
from core.facets import Dependency, Facet


def filing_years(queryset):
    return (
        (pk, str(day.year)) for pk, day in queryset.values_list("pk", "filed_on") if day is not None
    )


def filings_of_vendors(vendors):
    from .models import Filing

    # A vendor published or retired moves its filings in or out of "in the directory".
    return Filing.objects.filter(vendor__in=vendors).values_list("pk", flat=True)


def register_all():
    from directory.models import Vendor

    from .models import Filing

    facets.register(
        Filing,
        facets=(
            Facet("kind", path="kind"),
            Facet("province", path="province"),
            Facet("batch", path="batch__period"),
            Facet("year", rows=filing_years),
            Facet("linked", only=Q(vendor__status="published"), label=_("In the directory only")),
            Facet(
                "late",
                only=Q(late_registration=True),
                label=_("Late registrations (补登) only"),
            ),
        ),
        depends_on=(Dependency(Vendor, filings_of_vendors),),
    )
