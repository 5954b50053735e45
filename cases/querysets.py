from core.querysets import PublishableQuerySet
from search.querysets import SearchableQuerySet


class CaseStudyQuerySet(SearchableQuerySet, PublishableQuerySet):
    def in_vertical(self, vertical):
        return self.filter(vertical=vertical)
