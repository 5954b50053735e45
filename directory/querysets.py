from django.db.models import Exists, OuterRef, Q

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


class ProductQuerySet(SearchableQuerySet, PublishableQuerySet):
    def in_vertical(self, vertical):
        return self.filter(verticals=vertical)
