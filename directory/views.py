"""Public pages of the directory: vendor, model and product lists and details, verticals."""

from django.apps import apps
from django.db import router
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, prefetch_related_objects
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, TemplateView
from pyroaring import BitMap

from core import facets
from core.listing import FacetedListView
from core.models import Tier
from core.views import PublicDetailView, optional_template

from .filters import AIModelFilter, ProductFilter, VendorFilter
from .models import AIModel, Product, Vendor, Vertical


def case_model():
    # cases depends on directory, not the other way round: look the model up lazily.
    return apps.get_model("cases", "CaseStudy")


def published_vendors():
    return Vendor.objects.published().only("slug", "name_zh", "name_en", "kind", "verified")


class VendorListView(FacetedListView):
    filterset_class = VendorFilter
    item_template = "directory/_vendor_item.html"
    page_title = _("Vendors")
    page_intro = _("Companies and institutes that build or deliver large models in China.")
    compare_url_name = "public:compare_vendors"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object_list"] = with_published_counts(list(context["page_obj"].object_list))
        return context


class ModelListView(FacetedListView):
    filterset_class = AIModelFilter
    item_template = "directory/_model_item.html"
    page_title = _("Models")
    page_intro = _(
        "General (L0), industry (L1) and vertical (L2) large models, with filings and prices."
    )
    compare_url_name = "public:compare_models"

    def with_list_relations(self, queryset):
        return queryset.with_filing_status().select_related("vendor").prefetch_related("modalities")


class ProductListView(FacetedListView):
    filterset_class = ProductFilter
    item_template = "directory/_product_item.html"
    page_title = _("Products")
    page_intro = _(
        "Assistants, knowledge bases, customer-service bots and 信创 stacks built on the models."
    )

    def with_list_relations(self, queryset):
        return queryset.select_related("vendor", "category").prefetch_related("verticals")


# -- detail pages --------------------------------------------------------------------------------


class VendorDetailView(PublicDetailView):
    model = Vendor
    template_name = "directory/vendor_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        vendor = self.object
        models = list(
            vendor.ai_models.published()
            .with_filing_status()
            .prefetch_related("modalities")
            .order_by("tier", "name_zh")
        )
        products = list(vendor.products.published().select_related("category"))
        cases = list(
            vendor.cases.published().select_related("vertical").order_by("-published_at")[:12]
        )
        context.update(
            models=models,
            products=products,
            cases=cases,
            verticals=self.covered_verticals(vendor),
            filings=list(vendor.filings.shown_with(vendor=vendor)),
            certifications=list(vendor.certifications.shown_with(vendor=vendor)),
            offers=list(vendor.deploymentoffers.shown_with(vendor=vendor)),
        )
        return context

    @staticmethod
    def covered_verticals(vendor):
        """The verticals of the vendor's published models, products and cases: the vendor
        list's `vertical` facet (directory.facets.vendor_verticals), read from its bitmaps."""
        options = facets.load(Vendor).values.get("vertical", {})
        return Vertical.objects.filter(
            slug__in=[slug for slug, vendors in options.items() if vendor.pk in vendors]
        )

    def get_similar(self):
        """Published vendors in one of the same verticals, or of the same kind (bitmaps)."""
        index = facets.load(Vendor)
        vendor = self.object
        options = index.values.get("vertical", {})
        similar = BitMap.union(
            index.bitmap("kind", vendor.kind),
            *(vendors for vendors in options.values() if vendor.pk in vendors),
        ) - BitMap([vendor.pk])
        return (
            Vendor.objects.published()
            .filter(pk__in=facets.among(similar, using=router.db_for_read(Vendor)))
            .order_by("-featured", "-verified", "name_zh")
        )

    def get_jsonld(self):
        vendor = self.object
        data = {
            "@context": "https://schema.org",
            "@type": "Organization",
            "name": vendor.name_zh or vendor.name_en,
            "url": self.request.build_absolute_uri(vendor.get_absolute_url()),
            "description": vendor.summary,
        }
        if vendor.name_en and vendor.name_en != data["name"]:
            data["alternateName"] = vendor.name_en
        if vendor.website:
            data["sameAs"] = [vendor.website]
        if vendor.founded_year:
            data["foundingDate"] = str(vendor.founded_year)
        if vendor.logo:
            data["logo"] = self.request.build_absolute_uri(vendor.logo.url)
        if vendor.province:
            data["address"] = {
                "@type": "PostalAddress",
                "addressRegion": vendor.get_province_display(),
                "addressLocality": vendor.city,
                "addressCountry": "CN",
            }
        if vendor.uscc:
            data["taxID"] = vendor.uscc
        return data


class ModelDetailView(PublicDetailView):
    model = AIModel
    template_name = "directory/model_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("vendor", "base_model")
            .prefetch_related("modalities", "verticals", "deployment_options")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        model = self.object
        context.update(
            lineage=[m for m in model.lineage() if m.is_published],
            derived=list(model.derived_models.published().select_related("vendor")),
            products=list(model.products.published().select_related("vendor")),
            cases=list(
                model.cases.published().select_related("vertical").order_by("-published_at")[:12]
            ),
            vendor_public=model.vendor.is_published,
            filings=list(model.filings.shown_with(ai_model=model)),
            certifications=list(model.certifications.shown_with(ai_model=model)),
            offers=list(model.deploymentoffers.shown_with(ai_model=model)),
            lineage_chart_template=optional_template("insights/_lineage.html"),
        )
        return context

    def get_similar(self):
        model = self.object
        return (
            AIModel.objects.published()
            .exclude(pk=model.pk)
            .filter(tier=model.tier)
            .filter(
                Q(
                    Exists(
                        AIModel.verticals.through.objects.filter(
                            aimodel=OuterRef("pk"),
                            vertical__in=[v.pk for v in model.verticals.all()],
                        )
                    )
                )
                | Q(vendor=model.vendor_id)
            )
            .select_related("vendor")
            .order_by("-featured", "name_zh")
        )

    def get_jsonld(self):
        model = self.object
        data = {
            "@context": "https://schema.org",
            "@type": "SoftwareApplication",
            "name": model.name_zh or model.name_en,
            "applicationCategory": "AI model",
            "url": self.request.build_absolute_uri(model.get_absolute_url()),
            "description": model.summary,
        }
        if model.name_en and model.name_en != data["name"]:
            data["alternateName"] = model.name_en
        if model.vendor.is_published:
            data["author"] = {
                "@type": "Organization",
                "name": model.vendor.name_zh,
                "url": self.request.build_absolute_uri(model.vendor.get_absolute_url()),
            }
        if model.release_date:
            data["datePublished"] = model.release_date.isoformat()
        if model.price_input_per_mtok is not None:
            data["offers"] = {
                "@type": "Offer",
                "price": str(model.price_input_per_mtok.normalize()),
                "priceCurrency": "CNY",
                "description": "per million input tokens",
            }
        if model.licence:
            data["license"] = model.licence
        return data


class ProductDetailView(PublicDetailView):
    model = Product
    template_name = "directory/product_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("vendor", "category")
            .prefetch_related("verticals", "scenarios", "deployment_options")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        product = self.object
        context.update(
            models=list(product.ai_models.published().select_related("vendor")),
            filings=list(product.filings.shown_with(product=product)),
            certifications=list(product.certifications.shown_with(product=product)),
            offers=list(product.deploymentoffers.shown_with(product=product)),
            cases=list(
                product.cases.published().select_related("vertical").order_by("-published_at")[:12]
            ),
        )
        return context

    def get_similar(self):
        product = self.object
        return (
            Product.objects.published()
            .exclude(pk=product.pk)
            .filter(category=product.category)
            .select_related("vendor", "category")
            .order_by("-featured", "name_zh")
        )

    def get_jsonld(self):
        product = self.object
        data = {
            "@context": "https://schema.org",
            "@type": "SoftwareApplication",
            "name": product.name_zh or product.name_en,
            "applicationCategory": product.category.name_en or product.category.name_zh,
            "url": self.request.build_absolute_uri(product.get_absolute_url()),
            "description": product.summary,
        }
        if product.vendor.is_published:
            data["author"] = {"@type": "Organization", "name": product.vendor.name_zh}
        return data


# -- verticals -----------------------------------------------------------------------------------


def verticals_with_counts():
    """Every vertical with its published vendors, models, products and cases counted.

    The counts are the facet index's totals (core.facets): one small read, whatever the size of
    the directory.
    """
    sources = {
        "n_cases": case_model(),
        "n_models": AIModel,
        "n_vendors": Vendor,
        "n_products": Product,
    }
    indexes = facets.load_many(sources.values())
    counts = {
        name: index.counts()["facets"].get("vertical", {})
        for name, index in zip(sources, indexes, strict=True)
    }
    verticals = list(Vertical.objects.all())
    for vertical in verticals:
        for name, per_vertical in counts.items():
            setattr(vertical, name, per_vertical.get(vertical.slug, 0))
    return verticals


def with_published_counts(vendors: list) -> list:
    """Vendors with `n_models`, `n_products` and `n_cases` (published) for just these rows."""
    pks = [vendor.pk for vendor in vendors]
    sources = {
        "n_models": AIModel.objects.published().filter(vendor__in=pks).values("vendor_id"),
        "n_products": Product.objects.published().filter(vendor__in=pks).values("vendor_id"),
        "n_cases": case_model()
        .vendors.through.objects.filter(vendor__in=pks, casestudy__status="published")
        .values("vendor_id"),
    }
    for name, rows in sources.items():
        counts = dict(rows.order_by().annotate(n=Count("pk")).values_list("vendor_id", "n"))
        for vendor in vendors:
            setattr(vendor, name, counts.get(vendor.pk, 0))
    return vendors


class VerticalListView(TemplateView):
    template_name = "directory/vertical_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["verticals"] = verticals_with_counts()
        return context


class VerticalDetailView(DetailView):
    """A vertical's newest entries per tier, with the counts of all and links to the lists."""

    model = Vertical
    template_name = "directory/vertical_detail.html"
    per_tier = 10
    per_section = 24

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        vertical = self.object
        using = router.db_for_read(AIModel)
        model_index, case_index, vendor_index, product_index = facets.load_many(
            [AIModel, case_model(), Vendor, Product], using=using
        )
        in_models = model_index.bitmap("vertical", vertical.slug)
        in_cases = case_index.bitmap("vertical", vertical.slug)
        tiers = []
        for value, label in Tier.choices:
            tier_models = in_models & model_index.bitmap("tier", value)
            tier_cases = in_cases & case_index.bitmap("tier", value)
            tiers.append(
                {
                    "value": value,
                    "label": label,
                    "explanation": Tier.explanations()[value],
                    "n_models": len(tier_models),
                    "n_cases": len(tier_cases),
                    "models": list(
                        AIModel.objects.published()
                        .filter(pk__in=facets.among(tier_models, using=using))
                        .select_related("vendor")
                        .order_by("-featured", "-published_at", "-pk")[: self.per_tier]
                    ),
                    "cases": list(
                        case_model()
                        .objects.published()
                        .in_vertical(vertical)
                        .filter(tier=value)
                        .order_by("-published_at", "-pk")[: self.per_tier]
                    ),
                }
            )
        # The vendors of every tier's cases in one query.
        prefetch_related_objects(
            [case for tier in tiers for case in tier["cases"]],
            Prefetch("vendors", queryset=published_vendors()),
        )
        vendor_ids = vendor_index.bitmap("vertical", vertical.slug)
        product_ids = product_index.bitmap("vertical", vertical.slug)
        context.update(
            tiers=tiers,
            vendors=list(
                Vendor.objects.published()
                .filter(pk__in=facets.among(vendor_ids, using=using))
                .order_by("-featured", "name_sort", "name_zh")[: self.per_section]
            ),
            n_vendors=len(vendor_ids),
            products=list(
                Product.objects.published()
                .filter(pk__in=facets.among(product_ids, using=using))
                .select_related("vendor", "category")
                .order_by("-featured", "-published_at", "-pk")[: self.per_section]
            ),
            n_products=len(product_ids),
            n_models=len(in_models),
            n_cases=len(in_cases),
            insights_template=optional_template("insights/_vertical_charts.html"),
        )
        return context
