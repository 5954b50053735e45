from django.core.management.base import BaseCommand

from search import indexer


class Command(BaseCommand):
    help = "Drop the search index and rebuild it from the published rows."

    def add_arguments(self, parser):
        parser.add_argument("--database", default=None, help="Database alias (default: router).")

    def handle(self, *args, database=None, **options):
        stats = indexer.rebuild(using=database)
        seconds = stats.pop("seconds")
        for label, count in stats.items():
            self.stdout.write(f"{label}: {count}")
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt in {seconds:.1f} s."))
