"""E-mails to leaders. They never carry a story's title, pseudonym or text: only a link.

If the mail server refuses, the daily job still finishes (expiries, compaction); the reminders
that did not go are logged by count and shown to site administrators (base/mail.py), and the
leaders still find the records in the admin's consent panel.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from base.mail import send_notifications

from .models import ConsentRecord

LEADERS_GROUP = "Samvedna leaders"


def leaders():
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    in_group = users.filter(groups__name=LEADERS_GROUP)
    # Until the leaders' group exists (moderation issue), superusers get the reminders.
    return in_group if in_group.exists() else users.filter(is_superuser=True)


def _language_of(user) -> str:
    profile = getattr(user, "wagtail_userprofile", None)
    return getattr(profile, "preferred_language", "") or settings.LANGUAGE_CODE


def notify_leaders_of_due_renewals(records: list[ConsentRecord]) -> int:
    """E-mail each leader once; returns how many reminders went."""
    link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("wagtailadmin_home")
    messages = []
    for user in leaders().distinct():
        with translation.override(_language_of(user)):
            subject = _("Consent records are due for review")
            body = ngettext(
                "%(count)s consent record reaches its review date within 30 days. "
                "Please look at it in the admin: %(link)s",
                "%(count)s consent records reach their review date within 30 days. "
                "Please look at them in the admin: %(link)s",
                len(records),
            ) % {"count": len(records), "link": link}
        messages.append(EmailMessage(subject, body, None, [user.email]))
    return send_notifications("consent reminder", messages)
