"""python manage.py reset_two_factor <username>: lost phone, or an account that has no app yet.

Removes her authenticator app and recovery codes, signs her out everywhere (a session left open
on the lost phone ends too) and e-mails her a one-time link (works once, for
ACCOUNTS_INVITATION_HOURS) to choose a new password and set up a new app: her password alone
can no longer set up an app, so whoever has the phone and a saved password gets nothing.

--print-link prints the link here instead of e-mailing it: for setting up your own account on
the server, e.g. right after `createsuperuser`. Whoever opens the link first sets up the account.
"""

import logging

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from accounts import invitations, two_factor
from accounts.models import Invitation

logger = logging.getLogger("accounts")


class Command(BaseCommand):
    help = (
        "Remove a user's authenticator app and recovery codes, sign her out everywhere, and "
        "e-mail her a one-time link to set a new password and app (--print-link: print it)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--print-link",
            action="store_true",
            help="Print the link instead of e-mailing it (for your own account).",
        )

    def handle(self, *args, username: str, print_link: bool, **options) -> None:
        User = get_user_model()
        try:
            user = User.objects.get_by_natural_key(username)
        except User.DoesNotExist as exc:
            raise CommandError(f"No user is called {username!r}.") from exc
        if not print_link and not user.email:
            raise CommandError(
                f"{username} has no e-mail address: add one in the admin (Users), or run this "
                "with --print-link to set up your own account."
            )

        # The audit log (the user's history in the admin) and the application log; both name
        # the account by id only.
        removed = two_factor.reset(user, by=None)
        logger.warning(
            "Two-step sign-in reset for user id %s: %d device(s) removed, %d session(s) ended.",
            user.pk,
            removed["devices"],
            removed["sessions"],
        )
        self.stdout.write(
            f"Two-step sign-in reset for {username}: {removed['devices']} device(s) removed, "
            f"{removed['sessions']} session(s) ended."
        )

        hours = invitations.hours()
        try:
            with transaction.atomic():
                invitation, token = invitations.issue(
                    user, purpose=Invitation.Purpose.NEW_APP, sent_by=None
                )
                if not print_link:
                    invitations.send(user, invitation, token)
        except invitations.MailNotSent as exc:
            raise CommandError(
                f"The e-mail to {user.email} could not be sent ({exc}). Check the e-mail "
                "settings, then run this again, or send the link from the admin (Users)."
            ) from exc
        if print_link:
            self.stdout.write(
                f"Open this link within {hours} hours to choose a password and set up the "
                f"authenticator app (it works once):\n{invitations.link_for(token)}"
            )
        else:
            self.stdout.write(
                f"A link to choose a new password and set up a new app was e-mailed to "
                f"{user.email}; it works once, for {hours} hours."
            )
