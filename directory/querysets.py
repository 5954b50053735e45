from django.db.models import Exists, OuterRef, Q

from core.querysets import PublishableQuerySet
from search.querysets import SearchableQuerySet


class VendorQuerySet(SearchableQuerySet, PublishableQuerySet):
    def in_vertical(self, vertical):
        """Vendors with a published model or product tagged with the vertical."""
        from .models import AIModel, Product

        return self.filter(
            Q(Exists(AIModel.objects.published().filter(vendor=OuterRef("pk"), verticals=vertical)))
            | Q(
                Exists(
                    Product.objects.published().filter(vendor=OuterRef("pk"), verticals=vertical)
                )
            )
        )


class AIModelQuerySet(SearchableQuerySet, PublishableQuerySet):
    def in_vertical(self, vertical):
        return self.filter(verticals=vertical)

    def with_list_relations(self):
        return self.select_related("vendor", "base_model").prefetch_related("modalities")


class ProductQuerySet(SearchableQuerySet, PublishableQuerySet):
    def in_vertical(self, vertical):
        return self.filter(verticals=vertical)

    def with_list_relations(self):
        return self.select_related("vendor", "category")
