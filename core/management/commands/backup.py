from pathlib import Path

from django.core.management.base import BaseCommand

from core.backup import backup


class Command(BaseCommand):
    help = "Write a consistent snapshot of the database and the media files into DIR."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="a new or empty directory")
        parser.add_argument("--database", default="default")

    def handle(self, *args, directory, database, **options):
        manifest = backup(directory, alias=database)
        self.stdout.write(
            f"Backed up the {manifest['vendor']} database and {len(manifest['media'])} media "
            f"files to {directory}."
        )
