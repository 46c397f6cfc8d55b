"""python manage.py reset_two_factor <username>: for a leader who lost her phone.

Removes her authenticator app and recovery codes and signs her out everywhere (a session left
open on the lost phone ends too). At her next sign-in she sets up the app again. If the phone
may be in someone else's hands, change her password as well: with the password alone, that
person could set up their own app first.
"""

import logging

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from wagtail.log_actions import log

from accounts import two_factor
from accounts.wagtail_hooks import RESET_ACTION

logger = logging.getLogger("accounts")


class Command(BaseCommand):
    help = "Remove a user's authenticator app and recovery codes, and sign her out everywhere."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args, username: str, **options) -> None:
        User = get_user_model()
        try:
            user = User.objects.get_by_natural_key(username)
        except User.DoesNotExist as exc:
            raise CommandError(f"No user is called {username!r}.") from exc

        removed = two_factor.remove_devices(user)
        ended = two_factor.end_sessions(user)
        # The audit log (the user's history in the admin) and the application log; both name
        # the account by id only.
        log(user, RESET_ACTION, user=None, data={"devices": removed, "sessions": ended})
        logger.warning(
            "Two-step sign-in reset for user id %s: %d device(s) removed, %d session(s) ended.",
            user.pk,
            removed,
            ended,
        )
        self.stdout.write(
            f"Two-step sign-in reset for {username}: {removed} device(s) removed, "
            f"{ended} session(s) ended. At the next sign-in she sets up her authenticator app "
            "again. If her phone may be in someone else's hands, change her password too."
        )
