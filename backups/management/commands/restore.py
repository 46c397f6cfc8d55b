from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from backups.archive import BackupError, manifest_summary, read_manifest, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` over the site's database and media, then "
        "erase and withdraw again everything the erasure ledger records since the backup. Stop "
        "the site first; start it once this command has finished."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="a folder written by manage.py backup")
        parser.add_argument(
            "--yes", action="store_true", help="do not ask before replacing the database"
        )

    def handle(self, *args, **options):
        directory = options["directory"]
        try:
            manifest = read_manifest(directory)
            if not options["yes"] and not self._confirmed(manifest):
                raise CommandError("Nothing was changed.")
            report = restore(directory)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Restored {manifest_summary(manifest)}: {report.files} media file(s). Erasure "
            f"ledger: {report.ledger_entries} entr(y/ies) since the backup, "
            f"{report.erasures_repeated} erasure(s) and {report.withdrawals_repeated} "
            "withdrawal(s) done again. The site may start."
        )
        if report.ledger_pending:
            self.stderr.write(
                f"{report.ledger_pending} erasure ledger entr(y/ies) of the restored database "
                "could not be written to the media storage: run manage.py review_consents once "
                "the storage answers."
            )
        if not report.caches_cleared:
            self.stderr.write(
                "The cache could not be cleared: clear it (or restart Redis) before the site "
                "starts, or it may serve pages the restore undid."
            )

    def _confirmed(self, manifest: dict) -> bool:
        answer = input(
            "Replace this site's database and media with the backup "
            f"({manifest_summary(manifest)})? Type yes: "
        )
        return answer.strip().lower() == "yes"
