"""Daily: warn leaders about consents due for renewal, withdraw the ones past their date,
compact the database again after recent erasures (consent/erasure_traces.py), delete media
files no row refers to (privacy/unreferenced_files.py), and write the erasure ledger entries
still waiting in the database (consent/ledger.py: the storage refused them, or the process
stopped before writing them). Exits with an error while some still wait, so that cron reports it.

(The command keeps its first name, ``review_consents``: cron lines call it by that name.)

Cron (every day at 06:00 India time):
    0 6 * * *  cd /srv/samvedna && .venv/bin/python manage.py review_consents
"""

from django.core.management.base import BaseCommand, CommandError

from consent import ledger
from consent.erasure_traces import compact_after_recent_erasures
from consent.lifecycle import consents_due_for_renewal, expire_overdue_consents
from consent.notifications import notify_leaders_of_due_renewals
from privacy.unreferenced_files import delete_unreferenced_files


class Command(BaseCommand):
    help = "Tell leaders about consents due for review within 30 days; withdraw expired ones."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30)

    def handle(self, *args, **options):
        expired = expire_overdue_consents()
        due = list(consents_due_for_renewal(within_days=options["days"]))
        sent = notify_leaders_of_due_renewals(due) if due else 0
        self.stdout.write(
            f"{len(expired)} consent(s) expired and withdrawn; {len(due)} due for review within "
            f"{options['days']} days; {sent} reminder e-mail(s) sent."
        )
        compacted = compact_after_recent_erasures()
        if compacted is not None:
            self.stdout.write(
                "Database compacted after recent erasures."
                if compacted
                else "Database compacted after recent erasures, but older transactions stayed "
                "open: see the log."
            )
        # Files a failed request could not delete (a killed worker, S3 down meanwhile).
        swept = delete_unreferenced_files()
        self.stdout.write(
            f"{swept.deleted} media file(s) no record refers to deleted"
            + (f"; {swept.failed} could not be deleted (see the log)." if swept.failed else ".")
        )
        # Last: the expiries above add entries of their own.
        try:
            written = ledger.flush_pending()
        except ledger.LedgerNotWritten as exc:
            raise CommandError(str(exc)) from exc
        if written:
            self.stdout.write(f"{written} waiting erasure ledger entr(y/ies) written.")
