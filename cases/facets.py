"""The case list's facets, counted from bitmaps (see core.facets); registered at startup."""

from django.db.models import Q

from core import facets
from core.facets import Dependency, Facet


def cases_of_vendors(vendors):
    from .models import CaseStudy

    links = CaseStudy.vendors.through.objects.filter(vendor__in=vendors)
    return links.values_list("casestudy_id", flat=True)


def register_all():
    from directory.models import Scenario, Vendor, Vertical

    from .models import CaseStudy

    facets.register(
        CaseStudy,
        facets=(
            Facet("vertical", path="vertical__slug", terms=Vertical),
            Facet("scenario", path="scenarios__slug", terms=Scenario),
            Facet("tier", path="tier"),
            Facet("client_type", path="client_type"),
            Facet("deployment_mode", path="deployment_mode"),
            Facet("region", path="region"),
            Facet("vendor_kind", path="vendors__kind"),
            Facet("go_live_year", path="go_live_year", listed=False),
            Facet("is_sample", only=Q(is_sample=True), listed=False),
            # Each vendor's published cases, for the finder's per-vendor counts.
            Facet("vendor", path="vendors__slug", listed=False),
        ),
        m2m=("scenarios", "vendors"),
        depends_on=(Dependency(Vendor, cases_of_vendors),),
    )
