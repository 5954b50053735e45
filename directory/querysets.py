from django.db.models import Exists, OuterRef, Q, Subquery

from core.querysets import PublishableQuerySet
from search.querysets import SearchableQuerySet


class VendorQuerySet(SearchableQuerySet, PublishableQuerySet):
    def in_vertical(self, vertical):
        """Vendors with a published model, product or case study in the vertical."""
        from django.apps import apps

        from .models import AIModel, Product

        # cases builds on directory, so its model is looked up rather than imported.
        case_study = apps.get_model("cases", "CaseStudy")
        vendor = {"vendor": OuterRef("pk")}
        return self.filter(
            Q(Exists(AIModel.objects.published().filter(**vendor, verticals=vertical)))
            | Q(Exists(Product.objects.published().filter(**vendor, verticals=vertical)))
            | Q(
                Exists(
                    case_study.objects.published().filter(vendors=OuterRef("pk"), vertical=vertical)
                )
            )
        )


class AIModelQuerySet(SearchableQuerySet, PublishableQuerySet):
    def in_vertical(self, vertical):
        return self.filter(verticals=vertical)

    def _register(self):
        # The register (filings app) links to models, not the other way round.
        return self.model._meta.get_field("filings").related_model

    def with_filing_status(self):
        """`register_filing_number`: the model's first filing in the CAC register, if any."""
        first = self._register().objects.filter(ai_model=OuterRef("pk")).order_by("filed_on", "pk")
        return self.annotate(register_filing_number=Subquery(first.values("number")[:1]))

    def filing_known(self):
        """Models with a filing in the register or a filing number recorded by editors."""
        return self.filter(filing_known_q(self.model))


def filing_known_q(model) -> Q:
    register = model._meta.get_field("filings").related_model
    return Q(Exists(register.objects.filter(ai_model=OuterRef("pk")))) | ~Q(cac_filing_number="")


class ProductQuerySet(SearchableQuerySet, PublishableQuerySet):
    def in_vertical(self, vertical):
        return self.filter(verticals=vertical)
