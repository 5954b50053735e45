import time

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS

from core import facets, planner


class Command(BaseCommand):
    help = (
        "Rebuild the facet index of every list (after writes that bypass signals, such as "
        "bulk_create or QuerySet.update()) and refresh the planner's statistics."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, database, **options):
        started = time.process_time()
        planner.analyze(database)
        facets.rebuild(using=database)
        for reg in facets.registrations():
            count = facets.totals(reg.model, using=database)["all"]
            self.stdout.write(f"{reg.label}: {count} published entries")
        self.stdout.write(f"Rebuilt in {time.process_time() - started:.2f} s of CPU.")
