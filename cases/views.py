"""Public pages of the case studies: the faceted list and the case page."""

from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _

from core.listing import Facet, FacetedListView
from core.views import PublicDetailView
from directory.models import AIModel, Product, Vendor

from .filters import CaseStudyFilter
from .models import CaseStudy


def published_vendors():
    return Vendor.objects.published().only("slug", "name_zh", "name_en", "kind", "verified")


class CaseListView(FacetedListView):
    filterset_class = CaseStudyFilter
    facets = (
        Facet("vertical", relation="vertical"),
        Facet("scenario", relation="scenarios"),
        Facet("tier", field="tier"),
        Facet("client_type", field="client_type"),
        Facet("deployment_mode", field="deployment_mode"),
        Facet("region", field="region"),
        Facet("vendor_kind", field="vendors__kind"),
    )
    item_template = "cases/_case_item.html"
    page_title = _("Case studies")
    page_intro = _(
        "Where government bodies, SOEs, banks, hospitals and schools put models to work."
    )

    def with_list_relations(self, queryset):
        return queryset.select_related("vertical").prefetch_related(
            Prefetch("vendors", queryset=published_vendors())
        )


class CaseDetailView(PublicDetailView):
    model = CaseStudy
    template_name = "cases/case_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("vertical")
            .prefetch_related(
                "scenarios",
                "metrics",
                "images",
                Prefetch("vendors", queryset=published_vendors()),
                Prefetch(
                    "ai_models", queryset=AIModel.objects.published().select_related("vendor")
                ),
                Prefetch("products", queryset=Product.objects.published().select_related("vendor")),
            )
        )

    def get_similar(self):
        case = self.object
        return (
            CaseStudy.objects.published()
            .exclude(pk=case.pk)
            .filter(Q(vertical=case.vertical) | Q(scenarios__in=case.scenarios.all()))
            .select_related("vertical")
            .distinct()
            .order_by("-featured", "-published_at")
        )

    def get_jsonld(self):
        case = self.object
        data = {
            "@context": "https://schema.org",
            "@type": "Article",
            "headline": case.title,
            "url": self.request.build_absolute_uri(case.get_absolute_url()),
            "description": case.summary,
            "about": [{"@type": "Organization", "name": v.name_zh} for v in case.vendors.all()],
        }
        if case.published_at:
            data["datePublished"] = case.published_at.isoformat()
        data["dateModified"] = case.updated.isoformat()
        if case.source_url:
            data["citation"] = case.source_url
        return data
