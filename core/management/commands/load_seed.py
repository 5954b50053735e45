import json
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from core import facets
from core.editorial import as_operator

SEED_FILE = Path(settings.BASE_DIR) / "fixtures" / "seed.json"


class Command(BaseCommand):
    help = "Load the research report's vendors, models, taxonomy, figures and sample cases."

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=SEED_FILE)

    @as_operator
    def handle(self, *args, file: Path, **options):
        # Imported here: this command is an entry point that spans every app, like config.urls.
        from cases.services import cases_seed_load
        from directory.services import directory_seed_load
        from insights.services import statistics_seed_load
        from procurement.services import offers_seed_load

        data = json.loads(file.read_text(encoding="utf-8"))
        tally: Counter = Counter()
        with facets.batched(), transaction.atomic():
            directory_seed_load(data=data, tally=tally)
            cases_seed_load(data=data, tally=tally)
            statistics_seed_load(data=data, tally=tally)
            offers_seed_load(data=data, tally=tally)
        labels = sorted({label for label, _outcome in tally}, key=str)
        for label in labels:
            counts = ", ".join(
                f"{tally[(label, o)]} {o}" for o in ("created", "updated", "unchanged")
            )
            self.stdout.write(f"{label}: {counts}")
        changed = sum(n for (_l, o), n in tally.items() if o != "unchanged")
        self.stdout.write(self.style.SUCCESS(f"Seed loaded from {file.name}: {changed} changes."))
