from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from consent.lifecycle import may_withdraw
from consent.models import ConsentRecord


class Command(BaseCommand):
    help = "Withdraw a consent record: every page that uses it goes offline at once."

    def add_arguments(self, parser):
        parser.add_argument("record_id", type=int)
        parser.add_argument(
            "--by",
            help="username of the leader who withdraws (logged as her act; she needs the "
            "withdraw permission). Without it the withdrawal is logged as the site's.",
        )

    def handle(self, *args, **options):
        try:
            record = ConsentRecord.objects.get(pk=options["record_id"])
        except ConsentRecord.DoesNotExist as exc:
            raise CommandError(f"No consent record #{options['record_id']}.") from exc
        user = None
        if options["by"]:
            user = get_user_model().objects.filter(username=options["by"]).first()
            if user is None:
                raise CommandError(f"No user called {options['by']!r}.")
            if not may_withdraw(user):
                raise CommandError(
                    f"{user.get_username()!r} may not withdraw consent (only Samvedna leaders "
                    "can). Nothing was changed."
                )
        count = record.withdraw(by=user)
        self.stdout.write(
            f"Consent record #{record.pk} withdrawn; {count} live page(s) taken offline."
        )
