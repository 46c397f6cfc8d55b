"""django-axes, configured for this site (settings in samvedna/settings/accounts.py).

The lockout page is Wagtail's sign-in page with a translated message; nothing about the visitor
(address, browser) goes to the log or to the database beyond what the lockout itself needs.
"""

import ipaddress

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.admin.views.account import get_user_login_form, password_reset_enabled


def lockout_message(request: HttpRequest | None) -> str:
    cool_off = get_cool_off(request)
    minutes = max(1, round(cool_off.total_seconds() / 60)) if cool_off else 0
    if not minutes:
        return _(
            "Too many failed attempts to sign in. Signing in to this account from here is "
            "blocked. Ask a site administrator for help."
        )
    return ngettext(
        "Too many failed attempts to sign in. For your safety, signing in to this account "
        "from here is paused for %(count)d minute. Wait, then try again, or ask a site "
        "administrator for help.",
        "Too many failed attempts to sign in. For your safety, signing in to this account "
        "from here is paused for %(count)d minutes. Wait, then try again, or ask a site "
        "administrator for help.",
        minutes,
    ) % {"count": minutes}


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the sign-in page again, with the lockout message on top."""
    message = lockout_message(request)
    status = settings.AXES_HTTP_RESPONSE_CODE
    if request.headers.get("x-requested-with") == "XMLHttpRequest":
        return JsonResponse({"error": message}, status=status)
    username_field = get_user_model().USERNAME_FIELD
    username = (credentials or {}).get(username_field) or request.POST.get(username_field, "")
    next_to = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_to, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_to = ""
    form = get_user_login_form()(request, initial={username_field: username})
    context = {
        "form": form,
        "lockout_message": message,
        "next": next_to,
        "show_password_reset": password_reset_enabled(),
        "username_field": get_user_model()._meta.get_field(username_field).verbose_name,
    }
    return render(request, "accounts/locked_out.html", context, status=status)


def client_ip(request: HttpRequest) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the visitor's address, which no visitor can choose.

    Behind TRUSTED_PROXY_COUNT reverse proxies, each appends the address it received the
    request from to X-Forwarded-For, so the client's is that many entries from the right; the
    entries to its left are whatever the client sent.
    """
    remote = request.META.get("REMOTE_ADDR")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        return remote  # did not come through the proxies
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def client_str(
    username: str | None,
    ip_address: str | None,
    user_agent: str | None,
    path_info: str | list | tuple | None,
    request: HttpRequest | None,
) -> str:
    """AXES_CLIENT_STR_CALLABLE: what axes' log lines say about the client: only the path."""
    if isinstance(path_info, list | tuple):
        path_info = path_info[0] if path_info else ""
    return f'{{path_info: "{path_info}"}}'


class PrivateDatabaseHandler(AxesDatabaseHandler):
    """axes' database handler without the browser's user agent in its rows.

    The lockout needs the username and address (AXES_LOCKOUT_PARAMETERS); the user agent would
    only be one more detail about who tried to sign in, kept in the database.
    """

    def user_login_failed(
        self, sender, credentials: dict, request: HttpRequest | None = None, **kwargs
    ) -> None:
        _forget_browser(request)
        return super().user_login_failed(sender, credentials, request, **kwargs)

    def user_logged_in(self, sender, request: HttpRequest, user, **kwargs) -> None:
        _forget_browser(request)
        return super().user_logged_in(sender, request, user, **kwargs)

    def user_logged_out(self, sender, request: HttpRequest, user, **kwargs) -> None:
        _forget_browser(request)
        return super().user_logged_out(sender, request, user, **kwargs)


def _forget_browser(request: HttpRequest | None) -> None:
    if request is not None:
        request.axes_user_agent = ""
        request.axes_http_accept = ""
