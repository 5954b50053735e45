from core.querysets import PublishableQuerySet


class StatSeriesQuerySet(PublishableQuerySet):
    def with_points(self):
        return self.prefetch_related("points")
