from pathlib import Path

from django.core.management.base import BaseCommand

from core.backup import restore


class Command(BaseCommand):
    help = "Bring back the database and media files from a directory written by `backup`."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument("--database", default="default")

    def handle(self, *args, directory, database, **options):
        manifest = restore(directory, alias=database)
        self.stdout.write(
            f"Restored the database and {len(manifest['media'])} media files from "
            f"{directory} (backup of {manifest['created']})."
        )
