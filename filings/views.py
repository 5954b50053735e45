"""The public register (备案查询): a faceted, searchable list and a page per filing."""

from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView

from core.listing import FacetedListView

from .filters import FilingFilter
from .models import Filing


class FilingListView(FacetedListView):
    filterset_class = FilingFilter
    item_template = "filings/_filing_item.html"
    page_title = _("CAC register (备案查询)")
    page_intro = _(
        "Every generative-AI service filed (备案) or registered (登记) with the Cyberspace "
        "Administration of China, as published in its announcements: search by number, "
        "service or organisation."
    )

    def with_list_relations(self, queryset):
        return queryset.select_related("batch", "vendor", "ai_model")


class FilingDetailView(DetailView):
    model = Filing
    template_name = "filings/filing_detail.html"

    def get_queryset(self):
        return Filing.objects.select_related("batch", "vendor", "ai_model", "product")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filing = self.object
        context.update(
            vendor_public=filing.vendor is not None and filing.vendor.is_published,
            model_public=filing.ai_model is not None and filing.ai_model.is_published,
            product_public=filing.product is not None and filing.product.is_published,
            same_organisation=list(
                Filing.objects.filter(organisation_key=filing.organisation_key)
                .exclude(pk=filing.pk)
                .select_related("batch")
                .order_by("filed_on", "number")[:50]
            ),
        )
        return context
