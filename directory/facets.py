"""The directory lists' facets, counted from bitmaps (see core.facets); registered at startup."""

from functools import partial

from django.apps import apps
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core import facets
from core.facets import Dependency, Facet
from procurement import querysets as procurement

from .querysets import filing_known_q


def case_model():
    # cases depends on directory, not the other way round: look the model up lazily.
    return apps.get_model("cases", "CaseStudy")


def vendor_verticals(vendors):
    """(vendor, vertical slug) of vendors' published models, products and case studies."""
    from .models import AIModel, Product

    pks = vendors.values("pk")
    pair = ("vendor_id", "verticals__slug")
    sources = (
        AIModel.objects.published().filter(vendor__in=pks).values_list(*pair),
        Product.objects.published().filter(vendor__in=pks).values_list(*pair),
        case_model()
        .vendors.through.objects.filter(vendor__in=pks, casestudy__status="published")
        .values_list("vendor_id", "casestudy__vertical__slug"),
    )
    pairs = set()
    for rows in sources:
        pairs.update((vendor, slug) for vendor, slug in rows.order_by().distinct() if slug)
    return pairs


def filing_model():
    # The register (filings) links to models, not the other way round: look it up lazily.
    return apps.get_model("filings", "Filing")


def procurement_model(name):
    # Procurement facts belong to vendors, not the other way round: look them up lazily.
    return apps.get_model("procurement", name)


def entries_of_vendors(model, vendors):
    return model.objects.filter(vendor__in=vendors).values_list("pk", flat=True)


def _vendors_of(queryset):
    return queryset.exclude(vendor_id=None).values_list("vendor_id", flat=True)


def _vendors_of_holders(field):
    """The vendors of these models (or products) and the vendors holding facts about them: a
    fact about a model counts only while the model is published, whoever holds it."""

    def rows(queryset):
        found = set(_vendors_of(queryset))
        for name in ("Certification", "DeploymentOffer"):
            facts = procurement_model(name).objects.filter(
                **{f"{field}__in": queryset.values("pk")}
            )
            found.update(facts.values_list("vendor_id", flat=True))
        return found

    return rows


def _vendors_of_cases(queryset):
    return queryset.values_list("vendors", flat=True).exclude(vendors=None)


def held_facts(holder: str, platform_model) -> tuple[Facet, ...]:
    """The procurement facts' facets of a vendor, model or product (`holder`: the facts' field
    naming it), as its FilterSet's `FactsFilterSet` filters select them."""
    return (
        Facet(
            "xinchuang",
            rows=partial(procurement.platform_pairs, holder=holder),
            terms=platform_model,
        ),
        Facet("dengbao", rows=partial(procurement.dengbao_pairs, holder=holder)),
        Facet("offer", rows=partial(procurement.offer_pairs, holder=holder)),
    )


def fact_owners(holder: str):
    """A certification or offer saved, moved or deleted changes its holder's facts."""
    return tuple((procurement_model(name), holder) for name in ("Certification", "DeploymentOffer"))


def register_all():
    from .models import (
        AIModel,
        DeploymentOption,
        Modality,
        Product,
        ProductCategory,
        Scenario,
        Vendor,
        Vertical,
    )

    Platform = procurement_model("Platform")

    facets.register(
        Vendor,
        facets=(
            Facet("vertical", rows=vendor_verticals, terms=Vertical),
            Facet("kind", path="kind"),
            Facet("province", path="province"),
            Facet("verified", only=Q(verified=True), label=_("Verified only")),
            Facet("listed", only=~Q(exchange=""), label=_("Listed companies only")),
            *held_facts("vendor", Platform),
            # Every kind of valid certification (the finder scores the others than 信创 and 等保).
            Facet("certification", rows=procurement.certification_pairs, listed=False),
        ),
        depends_on=(
            Dependency(AIModel, _vendors_of_holders("ai_model"), m2m=("verticals",)),
            Dependency(Product, _vendors_of_holders("product"), m2m=("verticals",)),
            Dependency(case_model(), _vendors_of_cases, m2m=("vendors",)),
        ),
        owners=(
            (AIModel, "vendor"),
            (Product, "vendor"),
            *fact_owners("vendor"),
        ),
        changes=procurement.validity_changes,
    )
    facets.register(
        AIModel,
        facets=(
            Facet("vertical", path="verticals__slug", terms=Vertical),
            Facet("tier", path="tier"),
            Facet("modality", path="modalities__slug", terms=Modality),
            Facet("deployment", path="deployment_options__slug", terms=DeploymentOption),
            Facet("vendor_kind", path="vendor__kind"),
            Facet("province", path="vendor__province"),
            Facet("open_weights", only=Q(open_weights=True), label=_("Open weights only")),
            Facet("has_filing", only=filing_known_q(AIModel), label=_("Has a CAC filing")),
            *held_facts("ai_model", Platform),
            # Each vendor's published models, for the finder's per-vendor counts.
            Facet("vendor", path="vendor__slug", listed=False),
        ),
        m2m=("verticals", "modalities", "deployment_options"),
        depends_on=(Dependency(Vendor, partial(entries_of_vendors, AIModel)),),
        # A filing linked to (or away from) a model changes its "has a filing".
        owners=((filing_model(), "ai_model"), *fact_owners("ai_model")),
        changes=partial(procurement.validity_changes, holder="ai_model"),
    )
    facets.register(
        Product,
        facets=(
            Facet("vertical", path="verticals__slug", terms=Vertical),
            Facet("scenario", path="scenarios__slug", terms=Scenario),
            Facet("category", path="category__slug", terms=ProductCategory),
            Facet("deployment", path="deployment_options__slug", terms=DeploymentOption),
            Facet("vendor_kind", path="vendor__kind"),
            *held_facts("product", Platform),
        ),
        m2m=("verticals", "scenarios", "deployment_options"),
        depends_on=(Dependency(Vendor, partial(entries_of_vendors, Product)),),
        owners=fact_owners("product"),
        changes=partial(procurement.validity_changes, holder="product"),
    )
