from core.querysets import PublishableQuerySet
from search.querysets import SearchableQuerySet


class CaseStudyQuerySet(SearchableQuerySet, PublishableQuerySet):
    def in_vertical(self, vertical):
        return self.filter(vertical=vertical)

    def with_list_relations(self):
        return self.select_related("vertical").prefetch_related("vendors", "scenarios")
