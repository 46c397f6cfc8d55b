"""Two-factor authentication with django-otp: enrolment, recovery codes, verification, reset.

One TOTP device (the authenticator app on her phone) and one static device (the one-time
recovery codes) per user. The views, the middleware and the management command call these
functions; nothing here reads the request except ``mark_verified``.
"""

import re
import time
import unicodedata
from base64 import b32encode
from binascii import unhexlify
from dataclasses import dataclass
from datetime import datetime
from math import ceil

import django_otp
import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex
from wagtail.log_actions import log

from . import otp_secrets

PHONE_DEVICE_NAME = "Authenticator app"
RESET_ACTION = "samvedna.accounts.two_factor_reset"
RECOVERY_DEVICE_NAME = "Recovery codes"

_SEPARATORS = re.compile(r"[\s\-–—_.]+")
_SIX_DIGITS = re.compile(r"\d{6}")


# --- Reading what she typed ---------------------------------------------------------------------


def normalise_code(raw: str) -> str:
    """The code without spaces or dashes, digits in ASCII, letters in lower case.

    A Gujarati or Hindi keyboard may type ૧૨૩ or १२३: both count as 123.
    """
    text = _SEPARATORS.sub("", raw or "")
    return "".join(str(unicodedata.digit(ch)) if ch.isdigit() else ch.lower() for ch in text)


def is_totp_code(code: str) -> bool:
    return bool(_SIX_DIGITS.fullmatch(code))


# --- Enrolment ---------------------------------------------------------------------------------


def confirmed_phone(user: AbstractBaseUser) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def new_secret() -> str:
    """A fresh TOTP key (hex, 20 random bytes as django-otp's default)."""
    return random_hex(20)


def secret_for_typing(key_hex: str) -> str:
    """The key as authenticator apps expect it typed: base32, in groups of four."""
    text = b32encode(unhexlify(key_hex)).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def provisioning_uri(user: AbstractBaseUser, key_hex: str) -> str:
    """The otpauth:// address the QR code holds (django-otp builds it, with OTP_TOTP_ISSUER)."""
    return TOTPDevice(user=user, key=key_hex).config_url


def qr_code_svg(data: str, label: str) -> SafeString:
    """An inline SVG QR code, drawn here: no image request, no external QR service.

    Black on a white square (readable in the admin's dark theme too), sized by CSS.
    """
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathFillImage, border=4)
    svg = image.to_string(encoding="unicode")
    svg = re.sub(r'^<svg width="[^"]*" height="[^"]*"', "<svg", svg, count=1)
    svg = svg.replace(' id="qr-path"', "", 1)
    attributes = f'class="two-factor-qr" role="img" aria-label="{escape(label)}" focusable="false"'
    # qrcode's own markup (paths and numbers only) with our escaped label.
    return mark_safe(svg.replace("<svg", f"<svg {attributes}", 1))  # noqa: S308


def code_matches_secret(key_hex: str, code: str) -> TOTP | None:
    """The matched TOTP (its step and drift) if ``code`` is this key's code now (±30 s)."""
    if not is_totp_code(code):
        return None
    totp = TOTP(unhexlify(key_hex), step=30, t0=0, digits=6)
    totp.time = time.time()
    return totp if totp.verify(int(code), tolerance=1) else None


@transaction.atomic
def enrol_phone(user: AbstractBaseUser, key_hex: str, code: str) -> TOTPDevice | None:
    """Confirm the authenticator app with a code it shows; ``None`` if the code is wrong.

    Only the invitation link leads here (accounts/invitations.py: complete), never a password
    alone. The new app replaces any earlier one of hers.
    """
    matched = code_matches_secret(key_hex, code)
    if matched is None:
        return None
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()  # one at a time
    TOTPDevice.objects.filter(user=user).delete()
    # last_t: the code she just typed cannot be used again to verify a session.
    return TOTPDevice.objects.create(
        user=user,
        name=PHONE_DEVICE_NAME,
        key=key_hex,
        confirmed=True,
        drift=matched.drift,
        last_t=matched.t(),
    )


@transaction.atomic
def new_recovery_codes(user: AbstractBaseUser) -> list[str]:
    """Replace her recovery codes with new ones (the old ones stop working) and return them.

    Only their keyed hashes are stored (accounts/otp_secrets.py): she sees them once.
    """
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.ACCOUNTS_RECOVERY_CODES)]
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=otp_secrets.hash_recovery_code(code)) for code in codes
    )
    return codes


def recovery_codes_left(user: AbstractBaseUser) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def format_recovery_code(code: str) -> str:
    """ABCD-EFGH: easier to copy by hand; normalise_code() reads it back."""
    return f"{code[:4]}-{code[4:]}".upper()


# --- Verification --------------------------------------------------------------------------------


@dataclass
class Verification:
    device: TOTPDevice | StaticDevice | None = None
    wait_seconds: int | None = None  # set when django-otp's throttle refused to check the code
    recovery_code_used: bool = False

    @property
    def ok(self) -> bool:
        return self.device is not None


def _seconds_until(moment: datetime) -> int:
    return max(1, ceil((moment - timezone.now()).total_seconds()))


@transaction.atomic
def verify_code(user: AbstractBaseUser, raw: str) -> Verification:
    """Check a code from her app (six digits) or one of her recovery codes.

    django-otp's throttle applies to each device: after a wrong code, the next check waits 1, 2,
    4, 8… seconds, and a code sent before then is refused unchecked, even the right one.
    """
    code = normalise_code(raw)
    if not code:
        return Verification()
    model = TOTPDevice if is_totp_code(code) else StaticDevice
    device = (
        model.objects.select_for_update().filter(user=user, confirmed=True).order_by("pk").first()
    )
    if device is None:
        return Verification()
    allowed, details = device.verify_is_allowed()
    if not allowed:
        return Verification(wait_seconds=_seconds_until(details["locked_until"]))
    if device.verify_token(_stored_form(device, code)):
        return Verification(device=device, recovery_code_used=model is StaticDevice)
    return Verification()


def _stored_form(device: TOTPDevice | StaticDevice, code: str) -> str:
    """What django-otp compares: the code for the app; for a recovery code, its stored hash
    (made with whichever key was first then). One verify_token call either way, so a wrong code
    counts once in the throttle."""
    if not isinstance(device, StaticDevice):
        return code
    candidates = otp_secrets.recovery_code_candidates(code)
    stored = device.token_set.filter(token__in=candidates).values_list("token", flat=True)
    return next(iter(stored), candidates[0])


def mark_verified(request: HttpRequest, device: TOTPDevice | StaticDevice) -> None:
    """Record in the session that this user passed the second factor with ``device``.

    A new session key too: whoever knew the key of the password-only session gains nothing.
    """
    request.session.cycle_key()
    django_otp.login(request, device)


# --- Reset (lost phone) ----------------------------------------------------------------------


@transaction.atomic
def remove_devices(user: AbstractBaseUser) -> int:
    """Delete her authenticator app and recovery codes; returns how many devices went."""
    removed = 0
    for device in django_otp.devices_for_user(user, confirmed=None):
        device.delete()
        removed += 1
    return removed


def end_sessions(user: AbstractBaseUser) -> int:
    """Sign her out everywhere (database sessions, the engine this site uses)."""
    from django.contrib.sessions.models import Session

    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
            ended += 1
    return ended


def reset(user: AbstractBaseUser, by: AbstractBaseUser | None) -> dict[str, int]:
    """Lost phone: her app and recovery codes go, she is signed out everywhere; the reset is
    logged in her history (by whom, how many devices and sessions, nothing else)."""
    with transaction.atomic():
        data = {"devices": remove_devices(user), "sessions": end_sessions(user)}
        log(user, RESET_ACTION, user=by, data=data)
    return data
