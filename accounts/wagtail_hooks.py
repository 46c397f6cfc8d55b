"""The two-factor pages and the "send a link" page as admin URLs, the account page's link and
the audit log's wording."""

from django.http import HttpRequest
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.views.account import NameEmailSettingsPanel
from wagtail.log_actions import LogActionRegistry

from . import invitations, two_factor, user_admin, views
from .user_forms import DisplayNameEmailForm

RESET_ACTION = two_factor.RESET_ACTION

# Her account page asks for one display name (a pseudonym is fine), and a new e-mail address
# becomes her sign-in name, as when an administrator changes it.
NameEmailSettingsPanel.form_class = DisplayNameEmailForm


@hooks.register("register_admin_urls")
def two_factor_urls() -> list[URLPattern]:
    # Admin URLs: Wagtail's require_admin_access, never_cache and admin language apply.
    return [
        path("two-factor/", views.verify, name="accounts_two_factor_verify"),
        path("two-factor/not-set-up/", views.not_set_up, name="accounts_two_factor_missing"),
        path("two-factor/recovery-codes/", views.recovery_codes, name="accounts_recovery_codes"),
        path(
            "users/<int:user_id>/sign-in-link/",
            user_admin.send_link,
            name="accounts_send_sign_in_link",
        ),
    ]


@hooks.register("register_account_menu_item")
def recovery_codes_menu_item(request: HttpRequest) -> dict[str, str]:
    return {
        "url": reverse("accounts_recovery_codes"),
        "label": _("Recovery codes"),
        "help_text": _(
            "See how many one-time recovery codes you have left, or make new ones (the old "
            "ones then stop working)."
        ),
    }


@hooks.register("register_log_actions")
def accounts_log_actions(actions: LogActionRegistry) -> None:
    actions.register_action(
        RESET_ACTION,
        gettext_lazy("Reset two-step sign-in"),
        gettext_lazy("Two-step sign-in reset: authenticator app and recovery codes removed"),
    )
    actions.register_action(
        invitations.SENT_ACTION,
        gettext_lazy("Sign-in link sent"),
        gettext_lazy("A one-time link to set up the password and app was sent"),
    )
    actions.register_action(
        invitations.USED_ACTION,
        gettext_lazy("Sign-in set up"),
        gettext_lazy("Password and authenticator app set up with the one-time link"),
    )
