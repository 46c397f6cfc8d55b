"""Sending notification e-mails when the mail server may refuse them.

The action that caused an e-mail (a story submitted for the leaders' review, a leader's
decision, the daily consent reminders) always completes: a refused or unreachable mail server
never undoes it or shows anyone an error page. Each e-mail that did not go is instead

* logged on ``samvedna.mail`` as a warning with the kind of notification, how many did not
  go and the SMTP reply code (never an address, a name, a title, or the server's reply text,
  which often repeats the address), and
* recorded as a ``MailFailure`` row (kind, count, time: nothing personal), which the admin
  dashboard shows to site administrators as "N notifications could not be sent in the last
  7 days" (``base/wagtail_hooks.py``), so someone checks the mail settings.

They are not retried: every notification only points to work that waits in the admin (the
leaders' "Stories to review", the consent panel), so the people concerned still find it there.
Invitations are different: the administrator who sends one is told at once and nothing is kept
(``accounts/invitations.py``), so they only log here.
"""

import contextlib
import logging
from collections.abc import Sequence
from datetime import timedelta

from django.core.mail import EmailMessage, get_connection
from django.db import DatabaseError
from django.db.models import Sum
from django.utils import timezone

logger = logging.getLogger("samvedna.mail")

# The administrators' panel looks this far back.
SHOWN_DAYS = 7


def reason(error: BaseException) -> str:
    """The error's class and SMTP code: enough to diagnose, nothing the server echoed."""
    code = getattr(error, "smtp_code", None)
    recipients = getattr(error, "recipients", None)
    if code is None and isinstance(recipients, dict) and recipients:
        # SMTPRecipientsRefused: {address: (code, reply)}; keep the first code only.
        code = next(iter(recipients.values()))[0]
    name = type(error).__name__
    return f"{name} {code}" if code is not None else name


def log_failure(kind: str, count: int, error: BaseException) -> None:
    logger.warning(
        "%d %s notification e-mail(s) could not be sent (%s)", count, kind, reason(error)
    )


def record_failure(kind: str, count: int, error: BaseException) -> None:
    """Log it and keep it for the administrators' panel."""
    from .models import MailFailure

    log_failure(kind, count, error)
    try:
        MailFailure.objects.create(kind=kind, count=count)
    except DatabaseError:
        logger.warning("The %s mail failure could not be recorded in the database", kind)


def send_notifications(kind: str, messages: Sequence[EmailMessage]) -> int:
    """Send ``messages`` over one connection; returns how many went.

    Never raises for a mail server that refuses, drops the connection or cannot be reached
    (smtplib's errors, socket errors and timeouts are all ``OSError``).
    """
    if not messages:
        return 0
    connection = get_connection()
    try:
        connection.open()
    except OSError as error:
        record_failure(kind, len(messages), error)
        return 0
    sent, failed, last_error = 0, 0, None
    try:
        for message in messages:
            message.connection = connection
            try:
                sent += message.send()
            except OSError as error:
                failed, last_error = failed + 1, error
    finally:
        with contextlib.suppress(OSError):
            connection.close()
    if failed:
        record_failure(kind, failed, last_error)
    return sent


def recent_failures(days: int = SHOWN_DAYS) -> int:
    """How many notification e-mails did not go in the last ``days`` days."""
    from .models import MailFailure

    since = timezone.now() - timedelta(days=days)
    total = MailFailure.objects.filter(failed_at__gte=since).aggregate(total=Sum("count"))
    return total["total"] or 0
