"""Admin accounts: two-factor authentication, lockout, sessions and passwords.

Imported at the end of base.py, so every environment gets these settings. The apps, middleware
and authentication backends they configure are listed in base.py; the code is in accounts/.
"""

import base64
import binascii
from datetime import timedelta

from django.core.exceptions import ImproperlyConfigured

from .env import env_int, env_list, env_str


def otp_secret_keys(name: str, default: list[str] | None = None) -> list[str]:
    """The comma-separated keys in ``name``, each checked now: a bad key stops the start, with
    its position (never the key) in the message, rather than the first sign-in."""
    values = env_list(name, default)
    if not values:
        raise ImproperlyConfigured(f"The environment variable {name} must be set.")
    for position, value in enumerate(values, start=1):
        try:
            size = len(base64.urlsafe_b64decode(value.encode("ascii")))
        except (binascii.Error, UnicodeEncodeError, ValueError):
            size = 0
        if size != 32:  # AES-256
            raise ImproperlyConfigured(
                f"{name}: key number {position} is not 32 bytes of URL-safe base64 (make one "
                "with: python manage.py rotate_otp_key --new-key)."
            )
    return values


# --- Two-factor authentication (django-otp) ----------------------------------------------------
# Every user who can reach the admin needs a TOTP app on her phone (accounts/middleware.py).
# The name her authenticator app shows next to the six-digit code. "Samvedna" is also an
# everyday word; a deployment may choose a more neutral one.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Samvedna")
# django-otp's exponential back-off after wrong codes: 1, 2, 4, 8… seconds (its default,
# stated here because the tests and the verify page's message rely on it).
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# The keys that encrypt the TOTP secrets and hash the recovery codes in the database
# (accounts/otp_secrets.py): comma-separated, the first one encrypts, all of them decrypt. To
# change it, put a new key first, run `manage.py rotate_otp_key`, and drop the old one when the
# command says nothing needs it. Production has no default (production.py); this one is for
# development and tests only, and production refuses it.
DEV_ONLY_OTP_SECRET_KEY = "ZGV2LW9ubHktb3RwLWtleS1ub3QtZm9yLXByb2R1Y3Q="  # noqa: S105
OTP_SECRET_KEYS = otp_secret_keys("OTP_SECRET_KEYS", [DEV_ONLY_OTP_SECRET_KEY])
# One-time recovery codes given at enrolment and on request from the account page.
ACCOUNTS_RECOVERY_CODES = 10

# --- Adding people by invitation (accounts/invitations.py) -------------------------------------
# A site administrator adds a person; she gets a link that works once, for this many hours, to
# choose her own password and set up her authenticator app. Administrators never set passwords:
# Wagtail's user forms lose their password fields.
ACCOUNTS_INVITATION_HOURS = 72
WAGTAILUSERS_PASSWORD_ENABLED = False

# --- Sessions and cookies ----------------------------------------------------------------------
# The session and CSRF cookie rules live here, with the other admin account rules.
# Admin sessions end after two hours without activity. The expiry slides on admin requests only
# (accounts.middleware.AdminIdleTimeoutMiddleware): SESSION_SAVE_EVERY_REQUEST would also save
# the session, and send a cookie, when a signed-in editor reads a public page.
SESSION_COOKIE_AGE = 2 * 60 * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # Wagtail's admin reads the token from the page, not the cookie
# Lax, not Strict: with Strict, a leader opening the admin from a review e-mail arrives without
# her session and sees the sign-in page although she is signed in. Lax still keeps the cookies
# off cross-site POSTs, and every admin form is CSRF-protected. (Secure: production.py.)
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# --- Page privacy --------------------------------------------------------------------------------
# Wagtail 8 reads WAGTAIL_PRIVATE_PAGE_OPTIONS (wagtail/admin/forms/pages.py).
# No shared passwords: a password passed around by chat cannot be taken back from one person.
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"SHARED_PASSWORD": False}
# Pages restricted to signed-in users send readers to the admin's sign-in page, so they too
# need the second factor: on the public site a password-only session counts as signed out
# (accounts.middleware.TwoFactorMiddleware).
WAGTAIL_FRONTEND_LOGIN_URL = "/admin/login/"

# --- Login lockout (django-axes) ---------------------------------------------------------------
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
# Locked: the pair (username, address), not the username alone nor the address alone.
# - By username alone, anyone anywhere who knows a leader's username could keep her out of the
#   admin with five wrong passwords every 15 minutes.
# - By address alone, one person on a shared connection (the KMVS office, a mobile network's
#   carrier-grade NAT, where thousands of phones share an address) would lock everyone else out.
# The pair still stops guessing one account's password from one place. Guessing from many
# addresses is slowed by the cool-off per address, and a guessed password is not enough: the
# admin also needs the code from her phone (django-otp throttles wrong codes).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True  # a successful sign-in forgets the earlier failures
# Attempts while locked do not push the end of the lockout further: the message's "15 minutes"
# stays true.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# The Wagtail sign-in page with a clear, translated message (HTTP 429), not a bare text.
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
# Addresses are kept only while the lockout may need them: axes' AccessAttempt rows older than
# the cool-off are deleted at the next sign-in, failure or sign-out of anyone (or by
# `manage.py axes_reset`). Nothing about visitors goes to the application log.
AXES_VERBOSE = False
AXES_CLIENT_STR_CALLABLE = "accounts.lockout.client_str"
AXES_DISABLE_ACCESS_LOG = True  # no row with address and browser for every successful sign-in
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_HANDLER = "accounts.lockout.PrivateDatabaseHandler"  # stores no user agent
AXES_ENABLE_ADMIN = False  # django.contrib.admin is not installed
# The client address: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT reverse proxies (nginx,
# Varnish…) the entry they appended to X-Forwarded-For. Never the left-most entry, which the
# client writes itself. Without this, behind a proxy every visitor has the proxy's address.
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_ip"
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
