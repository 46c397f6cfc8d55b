"""Adding people by invitation: her account, the one-time link, its e-mail, and using it.

Nobody but the person herself ever chooses or sees her password, and only the holder of the link
can set up her authenticator app (a password alone cannot: accounts/middleware.py). A link works
once, for ACCOUNTS_INVITATION_HOURS after it was sent; a newer link replaces the older ones. The
database keeps only a hash of each link's secret.

If the mail server refuses the invitation e-mail, nothing is kept (no account, no link) and the
administrator sending it is told at once on the form; the failure is logged on
``samvedna.mail`` by kind only (base/mail.py), never with her address or name.
"""

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import Group
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy, gettext_noop, ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.log_actions import log
from wagtail.users.models import UserProfile

from base.mail import log_failure, reason

from . import two_factor
from .models import Invitation

SENT_ACTION = "samvedna.accounts.invitation_sent"
USED_ACTION = "samvedna.accounts.invitation_used"


class MailNotSent(Exception):
    """The e-mail server refused or could not be reached: the caller rolls back."""


# --- The link -----------------------------------------------------------------------------------


def hash_token(token: str) -> str:
    # The token is 256 random bits: a plain hash cannot be reversed or guessed.
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def hours() -> int:
    return settings.ACCOUNTS_INVITATION_HOURS


def lifetime() -> timedelta:
    return timedelta(hours=hours())


def expires_at(invitation: Invitation) -> datetime:
    return invitation.sent_at + lifetime()


def link_for(token: str) -> str:
    base = (settings.WAGTAILADMIN_BASE_URL or "").rstrip("/")
    return base + reverse("accounts_invitation_open", args=[token])


class LinkState(StrEnum):
    VALID = "valid"
    USED = "used"
    REPLACED = "replaced"
    EXPIRED = "expired"
    UNKNOWN = "unknown"  # malformed, never sent, or the account was deactivated


def find(token: str) -> Invitation | None:
    if not token or len(token) > 200:
        return None
    return Invitation.objects.select_related("user").filter(token_hash=hash_token(token)).first()


def state_of(invitation: Invitation | None, now: datetime | None = None) -> LinkState:
    if invitation is None or not invitation.user.is_active:
        return LinkState.UNKNOWN
    if invitation.used_at is not None:
        return LinkState.USED
    if invitation.replaced_at is not None:
        return LinkState.REPLACED
    if (now or timezone.now()) > expires_at(invitation):
        return LinkState.EXPIRED
    return LinkState.VALID


@transaction.atomic
def issue(
    user: AbstractBaseUser, *, purpose: str, sent_by: AbstractBaseUser | None
) -> tuple[Invitation, str]:
    """A new link for ``user`` (earlier ones stop working); returns it and its secret token."""
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()  # one at a time
    now = timezone.now()
    Invitation.objects.filter(user=user, used_at=None, replaced_at=None).update(replaced_at=now)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        user=user, token_hash=hash_token(token), purpose=purpose, sent_at=now, sent_by=sent_by
    )
    log(user, SENT_ACTION, user=sent_by, data={"purpose": purpose})
    return invitation, token


# --- Her language -------------------------------------------------------------------------------


def language_of(user: AbstractBaseUser) -> str:
    """Her admin language: the one she (or the administrator) chose, else the site's default."""
    return UserProfile.get_for_user(user).get_preferred_language()


# --- Creating the account -----------------------------------------------------------------------


def invite(
    *,
    display_name: str,
    email: str,
    group: Group,
    language: str,
    sent_by: AbstractBaseUser,
) -> tuple[AbstractBaseUser, str]:
    """Create her account (no usable password, no app) in ``group``; returns it and the token.

    She signs in with her e-mail address. ``language`` may be empty: leaders then get Gujarati
    (moderation/signals.py), everyone else the site's default (English).
    """
    email = email.strip().lower()
    user = get_user_model().objects.create_user(
        username=email, email=email, password=None, first_name=display_name.strip()
    )
    if language:
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save(update_fields=["preferred_language"])
    user.groups.add(group)
    _invitation, token = issue(user, purpose=Invitation.Purpose.INVITE, sent_by=sent_by)
    return user, token


# --- The e-mail ---------------------------------------------------------------------------------

# Nothing about the site's purpose, her group or her name: a phone's lock screen shows subjects.
SUBJECTS = {
    Invitation.Purpose.INVITE: gettext_noop("Set up your sign-in"),
    Invitation.Purpose.NEW_APP: gettext_noop("Set up your sign-in again"),
}
SENTENCES = {
    Invitation.Purpose.INVITE: gettext_noop(
        "You have been added to the website. Open this link to choose your password and set "
        "up the app on your phone:"
    ),
    Invitation.Purpose.NEW_APP: gettext_noop(
        "Your sign-in was reset. Open this link to choose a new password and set up the app "
        "on your phone:"
    ),
}


def expiry_sentence(hours: int) -> str:
    return ngettext(
        "The link works only once, for %(hours)d hour.",
        "The link works only once, for %(hours)d hours.",
        hours,
    ) % {"hours": hours}


@dataclass(frozen=True)
class InvitationEmail:
    to: str
    language: str
    subject: str
    body: str


def compose(user: AbstractBaseUser, invitation: Invitation, token: str) -> InvitationEmail:
    language = language_of(user)
    with translation.override(language):
        subject = gettext(SUBJECTS[invitation.purpose])
        sentence = gettext(SENTENCES[invitation.purpose])
        expiry = expiry_sentence(hours())
    body = f"{sentence}\n{link_for(token)}\n\n{expiry}\n"
    return InvitationEmail(user.email, language, subject, body)


def send(user: AbstractBaseUser, invitation: Invitation, token: str) -> None:
    """Send the link now; MailNotSent if that failed (the caller keeps nothing then)."""
    if not user.email:
        raise MailNotSent("no e-mail address")
    email = compose(user, invitation, token)
    try:
        send_mail(email.subject, email.body, None, [email.to])
    except OSError as error:  # smtplib's errors and refused connections are OSErrors
        log_failure("invitation", 1, error)
        # The server's reply text often repeats her address: only the error's class and code.
        raise MailNotSent(reason(error)) from error


# --- Using the link -----------------------------------------------------------------------------


@dataclass
class Completion:
    state: LinkState
    user: AbstractBaseUser | None = None  # with her new password: signing in uses its hash
    device: TOTPDevice | None = None
    recovery_codes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.device is not None


@transaction.atomic
def complete(invitation_id: int, password_hash: str, key_hex: str, code: str) -> Completion:
    """Her password and app in one go, if the link still works and the code matches.

    The invitation row is locked: of two people holding the same link, one finishes and the
    other finds it used. A wrong code changes nothing.
    """
    invitation = (
        Invitation.objects.select_for_update().select_related("user").filter(pk=invitation_id)
    ).first()
    state = state_of(invitation)
    if state is not LinkState.VALID:
        return Completion(state)
    user = invitation.user
    device = two_factor.enrol_phone(user, key_hex, code)
    if device is None:
        return Completion(state)
    user.password = password_hash
    user.save(update_fields=["password"])
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    codes = two_factor.new_recovery_codes(user)
    log(user, USED_ACTION, user=user, data={"purpose": invitation.purpose})
    return Completion(state, user, device, codes)


# --- Where each person stands (the admin's list of users) ---------------------------------------


class SignInStatus(StrEnum):
    ACTIVE = "active"
    INVITED = "invited"
    EXPIRED = "expired"
    NOT_SET_UP = "not_set_up"
    DEACTIVATED = "deactivated"


STATUS_LABELS = {
    SignInStatus.ACTIVE: gettext_lazy("Active"),
    SignInStatus.INVITED: gettext_lazy("Invited"),
    SignInStatus.EXPIRED: gettext_lazy("Invitation expired"),
    SignInStatus.NOT_SET_UP: gettext_lazy("Not set up"),
    SignInStatus.DEACTIVATED: gettext_lazy("Deactivated"),
}


def with_sign_in_state(users: QuerySet) -> QuerySet:
    """Annotate whether each has an app and when her open link (if any) was sent: 2 subqueries,
    however many users are listed."""
    open_links = Invitation.objects.filter(
        user=OuterRef("pk"), used_at=None, replaced_at=None
    ).order_by("-sent_at")
    return users.annotate(
        sign_in_has_app=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
        sign_in_link_sent_at=Subquery(open_links.values("sent_at")[:1]),
    )


def status_of(user: AbstractBaseUser) -> SignInStatus:
    """From with_sign_in_state()'s annotations, or with two queries for a single user."""
    if not user.is_active:
        return SignInStatus.DEACTIVATED
    if hasattr(user, "sign_in_has_app"):
        has_app, sent_at = user.sign_in_has_app, user.sign_in_link_sent_at
    else:
        has_app = two_factor.confirmed_phone(user) is not None
        latest = Invitation.objects.filter(user=user, used_at=None, replaced_at=None).first()
        sent_at = latest.sent_at if latest else None
    if has_app:
        return SignInStatus.ACTIVE
    if sent_at is None:
        return SignInStatus.NOT_SET_UP
    if timezone.now() > sent_at + lifetime():
        return SignInStatus.EXPIRED
    return SignInStatus.INVITED
