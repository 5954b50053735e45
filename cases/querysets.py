from core.querysets import PublishableQuerySet


class CaseStudyQuerySet(PublishableQuerySet):
    def in_vertical(self, vertical):
        return self.filter(vertical=vertical)

    def with_list_relations(self):
        return self.select_related("vertical").prefetch_related("vendors", "scenarios")
