from django.db import models


class PublishableQuerySet(models.QuerySet):
    def update(self, **values):
        """A bulk status change meets the same rule as a save (core.editorial)."""
        from .editorial import check_update

        check_update(self.model, values)
        return super().update(**values)

    def published(self):
        return self.filter(status="published")

    def archived(self):
        return self.filter(status="archived")

    def public(self):
        """Rows that keep a public URL: published ones and retired (archived) ones."""
        return self.filter(status__in=("published", "archived"))

    def awaiting_review(self):
        return self.filter(status="in_review")

    def featured(self):
        return self.filter(featured=True)
