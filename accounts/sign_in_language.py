"""The language of the admin's pages before sign-in, and of the password-reset e-mail.

Once signed in, Wagtail speaks each user's chosen admin language (Gujarati for leaders,
moderation/signals.py). Before that the site does not know who she is, and Django would follow
the browser, which on most phones in Kutch is set to English. So the sign-in and password-reset
pages speak Gujarati, the leaders' language, unless the browser asks for Hindi first or she
picks another language with the links on those pages (``?lang=hi``). Her pick, and later her
account's language, is remembered in a cookie limited to /admin/, so the next sign-in page (after
signing out, say) is in her language too. Public pages never see or set this cookie.
"""

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy
from django.utils.translation.trans_real import parse_accept_lang_header
from wagtail.admin.forms.auth import LoginForm
from wagtail.admin.forms.auth import PasswordResetForm as WagtailPasswordResetForm

from .middleware import is_admin_path

COOKIE = "samvedna_admin_language"
CHOOSE = "lang"  # query parameter of the language links
COOKIE_AGE = 365 * 24 * 60 * 60
# A browser asking for one of these first gets it without choosing; English-language phones
# get the leaders' language, since the phone's language says little about its owner's here.
FOLLOWED_BROWSER_LANGUAGES = frozenset({"gu", "hi"})


def admin_languages() -> dict[str, str]:
    return dict(settings.WAGTAILADMIN_PERMITTED_LANGUAGES)


def _known(code: str | None) -> str | None:
    return code if code in admin_languages() else None


def browser_language(request: HttpRequest) -> str | None:
    for code, _quality in parse_accept_lang_header(request.headers.get("accept-language", "")):
        base = code.split("-")[0].lower()
        if base in admin_languages():
            return base if base in FOLLOWED_BROWSER_LANGUAGES else None
    return None


def sign_in_language(request: HttpRequest) -> str:
    return (
        _known(request.GET.get(CHOOSE))
        or _known(request.COOKIES.get(COOKIE))
        or browser_language(request)
        or settings.ADMIN_SIGN_IN_LANGUAGE
    )


def account_language(user: AbstractBaseUser) -> str:
    """Her chosen admin language, else the language active now."""
    profile = getattr(user, "wagtail_userprofile", None)
    return _known(getattr(profile, "preferred_language", "")) or translation.get_language()


def remember(response: HttpResponse, language: str) -> None:
    response.set_cookie(
        COOKIE,
        language,
        max_age=COOKIE_AGE,
        path="/admin/",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


class SignInLanguageMiddleware:
    """After LocaleMiddleware and authentication: admin pages for someone not signed in."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_admin_path(request):
            return self.get_response(request)
        user = request.user
        if user.is_authenticated:
            response = self.get_response(request)
            try:
                language = _known(user.wagtail_userprofile.preferred_language)
            except AttributeError:  # no profile yet: nothing chosen
                language = None
            if language and request.COOKIES.get(COOKIE) != language:
                remember(response, language)
            return response
        language = sign_in_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if request.GET.get(CHOOSE) == language:
            remember(response, language)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response


class PasswordResetForm(WagtailPasswordResetForm):
    """The reset e-mail goes out in the admin language of the account it is for."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict,
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        with translation.override(account_language(context["user"])):
            super().send_mail(
                subject_template_name,
                email_template_name,
                context,
                from_email,
                to_email,
                html_email_template_name,
            )


class SignInForm(LoginForm):
    """Wagtail's sign-in form, whose password field has no label of its own: Django then shows
    the field's name, "Password", untranslated."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].label = gettext_lazy("Password")
