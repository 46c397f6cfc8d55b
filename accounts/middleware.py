"""What a signed-in session may reach: the admin only after the second factor, and not after
two hours without activity.

Both middlewares act on the admin's URLs only: public pages never touch the session here (they
must set no cookie and send no ``Vary: Cookie``), except that a password-only session counts as
signed out on the public site (``TwoFactorMiddleware``), lazily, when a page asks who is there.
"""

import time
from collections.abc import Callable
from functools import cache

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from . import two_factor

LAST_ACTIVITY_KEY = "accounts_last_activity"
# The activity time is written at most once a minute: not a session write on every request.
ACTIVITY_RESOLUTION = 60

# Reachable with a password-only session: signing in and out, the second step itself, password
# reset (it signs nobody in), the invitation link, and the icons and translations every admin
# page loads.
UNVERIFIED_ALLOWED = frozenset(
    {
        "wagtailadmin_login",
        "wagtailadmin_logout",
        "wagtailadmin_password_reset",
        "wagtailadmin_password_reset_done",
        "wagtailadmin_password_reset_confirm",
        "wagtailadmin_password_reset_complete",
        "wagtailadmin_sprite",
        "wagtailadmin_javascript_catalog",
        "accounts_two_factor_missing",
        "accounts_two_factor_verify",
        # The invitation link: her own password-only session, or someone else's, in this browser.
        "accounts_invitation_open",
        "accounts_invitation_password",
        "accounts_invitation_app",
    }
)
# Requests the admin's pages send by themselves while open: they do not count as activity, or a
# page left open on an unattended phone would keep its session alive for ever.
BACKGROUND = frozenset({"wagtailadmin_editing_sessions:ping"})


@cache
def admin_prefix() -> str:
    return reverse("wagtailadmin_home")


def is_admin_path(request: HttpRequest) -> bool:
    return request.path_info.startswith(admin_prefix())


def url_name(request: HttpRequest) -> str | None:
    try:
        match = resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return None
    return match.view_name


def wants_a_page(request: HttpRequest) -> bool:
    """A browser navigation (may be redirected), not a script's or an API's request (403)."""
    if request.method not in {"GET", "HEAD"}:
        return False
    if request.headers.get("x-requested-with") == "XMLHttpRequest":
        return False
    if request.path_info.startswith(admin_prefix() + "api/"):
        return False
    accept = request.headers.get("accept", "")
    return not ("json" in accept and "text/html" not in accept)


def refuse(message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=403)


class AdminIdleTimeoutMiddleware:
    """Signs the admin session out after SESSION_COOKIE_AGE seconds (two hours) without activity.

    Saving the session on activity also slides its expiry in the session store and the cookie,
    so the store drops a forgotten session by itself.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_admin_path(request) and request.user.is_authenticated:
            response = self.check(request)
            if response is not None:
                return response
        return self.get_response(request)

    def check(self, request: HttpRequest) -> HttpResponse | None:
        now = int(time.time())
        last = request.session.get(LAST_ACTIVITY_KEY)
        if isinstance(last, int) and now - last > settings.SESSION_COOKIE_AGE:
            logout(request)
            message = _("You were signed out after two hours without activity. Sign in again.")
            if not wants_a_page(request):
                return refuse(message)
            messages.info(request, message)
            return redirect_to_login(request.get_full_path(), reverse("wagtailadmin_login"))
        if url_name(request) in BACKGROUND:
            return None
        if not isinstance(last, int) or now - last >= ACTIVITY_RESOLUTION:
            request.session[LAST_ACTIVITY_KEY] = now
        return None


class TwoFactorMiddleware:
    """No admin URL before the second factor, apart from UNVERIFIED_ALLOWED.

    A page is redirected to the verify page, or without an authenticator app to a page that says
    only her invitation link can set one up; any other request (scripts, the admin API,
    choosers, form posts) gets a 403.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_admin_path(request):
            response = self.check(request)
            if response is not None:
                return response
        else:
            self.hide_unverified(request)
        return self.get_response(request)

    @staticmethod
    def hide_unverified(request: HttpRequest) -> None:
        # Lazy, like request.user itself: a page that never asks reads no session.
        signed_in_as = request.user
        request.user = SimpleLazyObject(lambda: verified_or_anonymous(signed_in_as))
        original_auser = getattr(request, "auser", None)
        if original_auser is not None:

            async def auser():
                return verified_or_anonymous(await original_auser())

            request.auser = auser

    def check(self, request: HttpRequest) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        name = url_name(request)
        if name == "wagtailadmin_login" and request.method == "GET":
            # Signed in with the password only: the next step is the code, not the form again.
            return redirect(self.second_step(user, request.GET.get("next", "")))
        if name in UNVERIFIED_ALLOWED:
            return None
        if wants_a_page(request):
            return redirect(self.second_step(user, request.get_full_path()))
        return refuse(_("Enter the code from your authenticator app first."))

    @staticmethod
    def second_step(user: AbstractBaseUser, next_to: str) -> str:
        has_app = two_factor.confirmed_phone(user) is not None
        url = reverse("accounts_two_factor_verify" if has_app else "accounts_two_factor_missing")
        return f"{url}?{urlencode({'next': next_to})}" if next_to else url


def verified_or_anonymous(
    user: AbstractBaseUser | AnonymousUser,
) -> AbstractBaseUser | AnonymousUser:
    """On the public site a password-only session is nobody: no login-restricted page or
    private document opens for it."""
    if user.is_authenticated and not user.is_verified():
        return AnonymousUser()
    return user
