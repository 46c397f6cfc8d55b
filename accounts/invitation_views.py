"""The invitation link: she chooses her password, then sets up her authenticator app, in one
sitting, and is signed in.

These are not Wagtail admin URLs (Wagtail's require_admin_access would send her to the sign-in
page): samvedna/urls.py includes accounts/urls.py under /admin/welcome/, so the admin's headers
apply, and TwoFactorMiddleware lets the pages through (UNVERIFIED_ALLOWED). Every page speaks
her admin language. Opening the link swaps its token for a value in this browser's session at
once; the pending secret of her app and her chosen password (hashed) live in that session
only, until the app's first code proves the set-up.
"""

from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.hashers import make_password
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from . import invitations, otp_secrets, two_factor
from .forms import ChoosePasswordForm, EnrolCodeForm
from .invitations import LinkState
from .models import Invitation
from .views import NEW_CODES_KEY, with_next

SESSION_KEY = "accounts_invitation"
BACKEND = "django.contrib.auth.backends.ModelBackend"
# A link that does not work, for a person we cannot know: the page in all three languages,
# the browser's first.
ALL_LANGUAGES = ("gu", "hi", "en")

HEADINGS = {
    LinkState.USED: gettext_lazy("This link was already used"),
    LinkState.EXPIRED: gettext_lazy("This link has expired"),
    LinkState.REPLACED: gettext_lazy("This link was replaced by a newer one"),
    LinkState.UNKNOWN: gettext_lazy("This link does not work"),
}


def explanation(state: LinkState) -> str:
    if state is LinkState.USED:
        return _(
            "Each link works only once. If you set up your sign-in with it, sign in with your "
            "e-mail address, your password and the code from your app. If you did not use "
            "this link yourself, tell a site administrator at once."
        )
    if state is LinkState.EXPIRED:
        return ngettext(
            "Links work for %(hours)d hour only. Ask the site administrator who added you to "
            "send you a new one.",
            "Links work for %(hours)d hours only. Ask the site administrator who added you to "
            "send you a new one.",
            invitations.hours(),
        ) % {"hours": invitations.hours()}
    if state is LinkState.REPLACED:
        return _(
            "A newer link was sent to you by e-mail: use the link in the newest e-mail. If you "
            "cannot find it, ask the site administrator who added you to send a new one."
        )
    return _(
        "Check that you opened the whole link from the e-mail. If it still does not work, ask "
        "the site administrator who added you to send you a new one."
    )


def link_not_working(
    request: HttpRequest, invitation: Invitation | None, state: LinkState
) -> HttpResponse:
    """A clear page for an expired, used, replaced or unknown link; it says nothing about
    whether an account or an address exists."""
    request.session.pop(SESSION_KEY, None)
    if state is LinkState.UNKNOWN or invitation is None:
        browser = translation.get_language()
        languages = sorted(ALL_LANGUAGES, key=lambda code: code != browser)
    else:
        languages = [invitations.language_of(invitation.user)]
    sections = []
    for language in languages:
        with translation.override(language):
            sections.append(
                {"lang": language, "heading": str(HEADINGS[state]), "text": explanation(state)}
            )
    with translation.override(languages[0]):
        return render(
            request,
            "accounts/invitation_invalid.html",
            {"sections": sections, "show_sign_in": state is LinkState.USED},
            # 410 for every case: a 404 outside the language prefixes would be redirected to
            # /en/... by LocaleMiddleware, and one status says nothing about what was found.
            status=410,
        )


def pending_invitation(request: HttpRequest) -> tuple[Invitation | None, dict]:
    pending = request.session.get(SESSION_KEY)
    if not isinstance(pending, dict):
        return None, {}
    invitation = Invitation.objects.select_related("user").filter(pk=pending.get("id")).first()
    return invitation, pending


@never_cache
@require_GET
def open_link(request: HttpRequest, token: str) -> HttpResponse:
    invitation = invitations.find(token)
    state = invitations.state_of(invitation)
    if state is not LinkState.VALID:
        return link_not_working(request, invitation, state)
    pending = request.session.get(SESSION_KEY)
    # Opening the same link again keeps the secret she may already have put in her app.
    if (
        not isinstance(pending, dict)
        or pending.get("id") != invitation.pk
        or otp_secrets.unseal(pending.get("secret"), SESSION_KEY) is None
    ):
        # The new app's secret is sealed: sessions are stored in the database.
        request.session[SESSION_KEY] = {
            "id": invitation.pk,
            "secret": otp_secrets.seal(two_factor.new_secret(), SESSION_KEY),
            "password": "",
        }
    return redirect("accounts_invitation_password")


@never_cache
@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "POST"])
def choose_password(request: HttpRequest) -> HttpResponse:
    """Step 1: her password, checked by the site's password rules, kept hashed until step 2."""
    invitation, pending = pending_invitation(request)
    state = invitations.state_of(invitation)
    if state is not LinkState.VALID:
        return link_not_working(request, invitation, state)
    user = invitation.user
    with translation.override(invitations.language_of(user)):
        form = ChoosePasswordForm(user, request.POST or None)
        if request.method == "POST" and form.is_valid():
            pending["password"] = make_password(form.cleaned_data["password1"])
            request.session[SESSION_KEY] = pending
            return redirect("accounts_invitation_app")
        return render(
            request,
            "accounts/invitation_password.html",
            {
                "form": form,
                "sign_in_name": user.get_username(),
                "new_account": invitation.purpose == Invitation.Purpose.INVITE,
            },
        )


@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def set_up_app(request: HttpRequest) -> HttpResponse:
    """Step 2: scan or type the secret, prove it with a code; then she is signed in."""
    invitation, pending = pending_invitation(request)
    state = invitations.state_of(invitation)
    if state is not LinkState.VALID:
        return link_not_working(request, invitation, state)
    if not pending.get("password"):
        return redirect("accounts_invitation_password")
    user, secret = invitation.user, otp_secrets.unseal(pending.get("secret"), SESSION_KEY)
    if secret is None:  # sealed with a key since dropped from the list: a new one to scan
        secret = two_factor.new_secret()
        pending["secret"] = otp_secrets.seal(secret, SESSION_KEY)
        request.session[SESSION_KEY] = pending
    with translation.override(invitations.language_of(user)):
        form = EnrolCodeForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            code = two_factor.normalise_code(form.cleaned_data["code"])
            result = invitations.complete(invitation.pk, pending["password"], secret, code)
            if result.ok:
                return signed_in(request, result)
            if result.state is not LinkState.VALID:  # someone else finished with it first
                return link_not_working(request, invitation, result.state)
            form.add_error(
                "code",
                _(
                    "That code did not match. Check that the app shows this account, then "
                    "type the six digits it shows now."
                ),
            )
        uri = two_factor.provisioning_uri(user, secret)
        return render(
            request,
            "accounts/invitation_app.html",
            {
                "form": form,
                "qr_code": two_factor.qr_code_svg(
                    uri, _("QR code to scan with your authenticator app")
                ),
                "otpauth_uri": uri,
                "secret": two_factor.secret_for_typing(secret),
                "issuer": settings.OTP_TOTP_ISSUER,
                "username": user.get_username(),
            },
        )


def signed_in(request: HttpRequest, result: invitations.Completion) -> HttpResponse:
    """Signed in and verified, as after a full sign-in; then her recovery codes, once."""
    request.session.pop(SESSION_KEY, None)
    login(request, result.user, backend=BACKEND)
    two_factor.mark_verified(request, result.device)
    request.session[NEW_CODES_KEY] = otp_secrets.seal(result.recovery_codes, NEW_CODES_KEY)
    return redirect(with_next(reverse("accounts_recovery_codes"), reverse("wagtailadmin_home")))
