"""Public pages of the case studies: the faceted list and the case page."""

from django.db.models import Exists, OuterRef, Prefetch
from django.utils.translation import gettext_lazy as _

from core.listing import FacetedListView
from core.views import PublicDetailView
from directory.models import AIModel, Product, Vendor

from .filters import CaseStudyFilter
from .models import CaseStudy


def published_vendors():
    return Vendor.objects.published().only("slug", "name_zh", "name_en", "kind", "verified")


class CaseListView(FacetedListView):
    filterset_class = CaseStudyFilter
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
        """Newest cases of the same vertical sharing a scenario, then of the same vertical.

        Two short index walks (newest first within the vertical) instead of one DISTINCT over
        every case that shares anything: the cost does not depend on the size of the vertical.
        """
        case = self.object
        others = (
            CaseStudy.objects.published()
            .exclude(pk=case.pk)
            .select_related("vertical")
            .order_by("-published_at", "-pk")
        )
        links = CaseStudy.scenarios.through.objects.filter(
            casestudy=OuterRef("pk"), scenario__in=[s.pk for s in case.scenarios.all()]
        )
        limit = self.similar_count
        picked = list(others.filter(Exists(links), vertical=case.vertical_id)[:limit])
        if len(picked) < limit:
            picked += others.filter(vertical=case.vertical_id).exclude(
                pk__in=[c.pk for c in picked]
            )[: limit - len(picked)]
        return picked

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
