"""The second step of signing in to the admin: verify a code, recovery codes, and the page for
someone who has no authenticator app yet (she sets one up with her invitation link:
accounts/invitation_views.py).

Registered as admin URLs (wagtail_hooks.py), so Wagtail's ``require_admin_access`` runs first:
only a signed-in user who may use the admin gets here, and the page speaks her admin language
(Gujarati for leaders). accounts.middleware.TwoFactorMiddleware lets an unverified session
reach the "not set up" and verify pages only.
"""

from django.contrib import messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from . import otp_secrets, two_factor
from .forms import RecoveryCodeForm, VerifyCodeForm

NEW_CODES_KEY = "accounts_new_recovery_codes"


def next_url(request: HttpRequest) -> str:
    """Where to go once she is through: a safe ``next`` on this site, else the dashboard."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("wagtailadmin_home")


def with_next(url: str, next_to: str) -> str:
    return f"{url}?{urlencode({'next': next_to})}"


def wait_message(seconds: int) -> str:
    if seconds < 60:
        wait = ngettext("%(count)d second", "%(count)d seconds", seconds) % {"count": seconds}
    else:
        minutes = -(-seconds // 60)
        wait = ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
    return _(
        "Too many wrong codes. For your safety, no code is checked for %(wait)s, not even "
        "the right one. Wait, then type the code your app shows at that moment."
    ) % {"wait": wait}


# --- No app yet -----------------------------------------------------------------------------


@require_GET
def not_set_up(request: HttpRequest) -> HttpResponse:
    """Signed in with a password but no authenticator app: only her invitation link sets one up.

    Whoever knows or guesses her password must not be able to put her account on their phone.
    """
    if two_factor.confirmed_phone(request.user) is not None:
        return redirect(with_next(reverse("accounts_two_factor_verify"), next_url(request)))
    return render(request, "accounts/two_factor_not_set_up.html")


# --- Verify -------------------------------------------------------------------------------------


@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Every sign-in: a code from her app, or a recovery code (?method=recovery)."""
    user = request.user
    go_to = next_url(request)
    if user.is_verified():
        return redirect(go_to)
    if two_factor.confirmed_phone(user) is None:
        return redirect(with_next(reverse("accounts_two_factor_missing"), go_to))

    use_recovery = (request.POST.get("method") or request.GET.get("method")) == "recovery"
    form_class = RecoveryCodeForm if use_recovery else VerifyCodeForm
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = two_factor.verify_code(user, form.cleaned_data["code"])
        if result.ok:
            two_factor.mark_verified(request, result.device)
            if result.recovery_code_used:
                _warn_recovery_code_used(request, user)
            return redirect(go_to)
        if result.wait_seconds:
            form.add_error("code", wait_message(result.wait_seconds))
        elif use_recovery:
            form.add_error(
                "code",
                _("That recovery code is not valid. Each code works only once."),
            )
        else:
            form.add_error(
                "code",
                _("That code is not right. Type the six digits your app shows now."),
            )

    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": go_to, "use_recovery": use_recovery},
    )


def _warn_recovery_code_used(request: HttpRequest, user: AbstractBaseUser) -> None:
    left = two_factor.recovery_codes_left(user)
    messages.warning(
        request,
        ngettext(
            "You used a recovery code; it will not work again. %(count)d code is left: "
            "make new ones under Account → Recovery codes.",
            "You used a recovery code; it will not work again. %(count)d codes are left: "
            "make new ones under Account → Recovery codes if you are running low.",
            left,
        )
        % {"count": left},
    )


# --- Recovery codes -----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New codes are shown once, right after they are made; POST makes new ones."""
    user = request.user
    if request.method == "POST":
        request.session[NEW_CODES_KEY] = otp_secrets.seal(
            two_factor.new_recovery_codes(user), NEW_CODES_KEY
        )
        return redirect(with_next(reverse("accounts_recovery_codes"), next_url(request)))

    codes = otp_secrets.unseal(request.session.pop(NEW_CODES_KEY, None), NEW_CODES_KEY) or []
    return render(
        request,
        "accounts/recovery_codes.html",
        {
            "page_title": _("Recovery codes"),
            "header_icon": "key",
            "codes": [two_factor.format_recovery_code(code) for code in codes],
            "codes_left": two_factor.recovery_codes_left(user),
            "next": next_url(request),
        },
    )
