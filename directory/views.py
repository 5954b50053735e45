"""Public pages of the directory: vendor, model and product lists and details, verticals."""

from collections import Counter

from django.apps import apps
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, TemplateView

from core.listing import Facet, FacetedListView, FacetOption, SubqueryCount, localized_label
from core.models import Tier
from core.views import PublicDetailView, optional_template

from .filters import AIModelFilter, ProductFilter, VendorFilter
from .models import AIModel, Product, Vendor, Vertical


def case_model():
    # cases depends on directory, not the other way round: look the model up lazily.
    return apps.get_model("cases", "CaseStudy")


def published_count(through_or_model, link: str, **extra):
    """An annotation: how many published rows point at the outer row through `link`."""
    return SubqueryCount(
        through_or_model.objects.filter(**{link: OuterRef("pk")}, **extra).values("pk")
    )


def published_vendors():
    return Vendor.objects.published().only("slug", "name_zh", "name_en", "kind", "verified")


def vendor_vertical_options(ids, selected) -> list[FacetOption]:
    """Verticals of vendors' published models, products and case studies (three queries)."""
    names = ("slug", "name_zh", "name_en", "position")
    vendors = ids.values("pk")
    case_links = case_model().vendors.through.objects.filter(casestudy__status="published")
    sources = (
        (AIModel.objects.published().filter(vendor__in=vendors), "verticals"),
        (Product.objects.published().filter(vendor__in=vendors), "verticals"),
        (case_links.filter(vendor__in=vendors), "casestudy__vertical"),
    )
    pairs = set()
    terms = {}
    for queryset, relation in sources:
        rows = (
            queryset.exclude(**{f"{relation}__isnull": True})
            .values_list("vendor_id", *(f"{relation}__{n}" for n in names))
            .distinct()
        )
        for vendor_id, slug, zh, en, position in rows:
            pairs.add((vendor_id, slug))
            terms[slug] = (position, localized_label(zh, en))
    counts = Counter(slug for _vendor, slug in pairs)
    options = [
        FacetOption(slug, terms[slug][1], counts[slug], slug in selected)
        for slug in sorted(counts, key=lambda s: (terms[s][0], s))
    ]
    options += [FacetOption(v, v, 0, True) for v in sorted(selected - set(counts))]
    return options


class VendorListView(FacetedListView):
    filterset_class = VendorFilter
    facets = (
        Facet("vertical", counter=vendor_vertical_options),
        Facet("kind", field="kind"),
        Facet("province", field="province"),
        Facet("verified", only=Q(verified=True), label=_("Verified only")),
        Facet("listed", only=~Q(exchange=""), label=_("Listed companies only")),
    )
    item_template = "directory/_vendor_item.html"
    page_title = _("Vendors")
    page_intro = _("Companies and institutes that build or deliver large models in China.")
    compare_url_name = "public:compare_vendors"

    def with_list_relations(self, queryset):
        return queryset.annotate(
            n_models=published_count(AIModel, "vendor", status="published"),
            n_products=published_count(Product, "vendor", status="published"),
            n_cases=published_count(
                case_model().vendors.through, "vendor", casestudy__status="published"
            ),
        )


class ModelListView(FacetedListView):
    filterset_class = AIModelFilter
    facets = (
        Facet("vertical", relation="verticals"),
        Facet("tier", field="tier"),
        Facet("modality", relation="modalities"),
        Facet("deployment", relation="deployment_options"),
        Facet("vendor_kind", field="vendor__kind"),
        Facet("province", field="vendor__province"),
        Facet("open_weights", only=Q(open_weights=True), label=_("Open weights only")),
        Facet("has_filing", only=~Q(cac_filing_number=""), label=_("Has a CAC filing")),
    )
    item_template = "directory/_model_item.html"
    page_title = _("Models")
    page_intro = _(
        "General (L0), industry (L1) and vertical (L2) large models, with filings and prices."
    )
    compare_url_name = "public:compare_models"

    def with_list_relations(self, queryset):
        return queryset.select_related("vendor").prefetch_related("modalities")


class ProductListView(FacetedListView):
    filterset_class = ProductFilter
    facets = (
        Facet("vertical", relation="verticals"),
        Facet("scenario", relation="scenarios"),
        Facet("category", relation="category"),
        Facet("deployment", relation="deployment_options"),
        Facet("vendor_kind", field="vendor__kind"),
    )
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
            vendor.ai_models.published().prefetch_related("modalities").order_by("tier", "name_zh")
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
        )
        return context

    @staticmethod
    def covered_verticals(vendor):
        published_models = AIModel.objects.published().filter(vendor=vendor)
        published_products = Product.objects.published().filter(vendor=vendor)
        return Vertical.objects.filter(
            Q(Exists(published_models.filter(verticals=OuterRef("pk"))))
            | Q(Exists(published_products.filter(verticals=OuterRef("pk"))))
            | Q(
                Exists(
                    case_model().objects.published().filter(vendors=vendor, vertical=OuterRef("pk"))
                )
            )
        )

    def get_similar(self):
        verticals = self.covered_verticals(self.object).values("pk")
        return (
            Vendor.objects.published()
            .exclude(pk=self.object.pk)
            .filter(
                Q(
                    Exists(
                        AIModel.objects.published().filter(
                            vendor=OuterRef("pk"), verticals__in=verticals
                        )
                    )
                )
                | Q(kind=self.object.kind)
            )
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
            lineage_chart_template=optional_template("insights/_lineage.html"),
        )
        return context

    def get_similar(self):
        model = self.object
        return (
            AIModel.objects.published()
            .exclude(pk=model.pk)
            .filter(
                Q(tier=model.tier)
                & (Q(verticals__in=model.verticals.all()) | Q(vendor=model.vendor))
            )
            .select_related("vendor")
            .distinct()
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
    """Every vertical with its published vendors, models and cases counted (one query)."""
    in_vertical = {"verticals": OuterRef(OuterRef("pk"))}
    vendors = Vendor.objects.published().filter(
        Q(Exists(AIModel.objects.published().filter(vendor=OuterRef("pk"), **in_vertical)))
        | Q(Exists(Product.objects.published().filter(vendor=OuterRef("pk"), **in_vertical)))
        | Q(
            Exists(
                case_model()
                .objects.published()
                .filter(vendors=OuterRef("pk"), vertical=OuterRef(OuterRef("pk")))
            )
        )
    )
    return Vertical.objects.annotate(
        n_cases=SubqueryCount(
            case_model().objects.published().filter(vertical=OuterRef("pk")).values("pk")
        ),
        n_models=SubqueryCount(
            AIModel.objects.published().filter(verticals=OuterRef("pk")).values("pk")
        ),
        n_vendors=SubqueryCount(vendors.values("pk")),
    )


class VerticalListView(TemplateView):
    template_name = "directory/vertical_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["verticals"] = verticals_with_counts()
        return context


class VerticalDetailView(DetailView):
    model = Vertical
    template_name = "directory/vertical_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        vertical = self.object
        models = list(
            AIModel.objects.published()
            .in_vertical(vertical)
            .select_related("vendor")
            .prefetch_related("modalities")
            .order_by("-featured", "name_zh")
        )
        cases = list(
            case_model()
            .objects.published()
            .in_vertical(vertical)
            .prefetch_related(Prefetch("vendors", queryset=published_vendors()))
            .order_by("-published_at")
        )
        tiers = [
            {
                "value": value,
                "label": label,
                "explanation": Tier.explanations()[value],
                "models": [m for m in models if m.tier == value],
                "cases": [c for c in cases if c.tier == value],
            }
            for value, label in Tier.choices
        ]
        context.update(
            tiers=tiers,
            vendors=list(
                Vendor.objects.published().in_vertical(vertical).order_by("-featured", "name_zh")
            ),
            products=list(
                Product.objects.published()
                .in_vertical(vertical)
                .select_related("vendor", "category")
            ),
            n_models=len(models),
            n_cases=len(cases),
            insights_template=optional_template("insights/_vertical_charts.html"),
        )
        return context
