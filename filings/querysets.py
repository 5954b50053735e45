from django.db.models import Q

from search.querysets import SearchableQuerySet


class FilingQuerySet(SearchableQuerySet):
    def published(self):
        """Every filing: the register is an official public source, not an editorial entry."""
        return self.all()

    def linked(self):
        """Filings whose organisation is a vendor published in the directory."""
        return self.filter(vendor__status="published")

    def unlinked(self):
        return self.filter(Q(vendor__isnull=True) | ~Q(vendor__status="published"))

    def of_kind(self, kind: str):
        return self.filter(kind=kind)

    def shown_with(self, *, vendor=None, ai_model=None, product=None):
        """The filings a vendor, model or product page lists, oldest first."""
        if vendor is not None:
            found = self.filter(vendor=vendor)
        elif ai_model is not None:
            found = self.filter(ai_model=ai_model)
        else:
            found = self.filter(product=product)
        return found.select_related("batch").order_by("filed_on", "number")
