from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from backups.archive import BackupError, back_up, manifest_summary


class Command(BaseCommand):
    help = (
        "Back up the database and every media file into a new folder (manifest.json, the "
        "database, media.tar). The site may keep running meanwhile."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="a new or empty folder")

    def handle(self, *args, **options):
        try:
            manifest = back_up(options["directory"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Backed up {manifest_summary(manifest)} into {options['directory']}.")
