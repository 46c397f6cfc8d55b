"""What a Samvedna leader sees in the admin: only what her work needs.

A leader checks consent, approves or sends back stories, withdraws or erases consent and looks
after her own account (language, password, recovery codes). Wagtail's full admin around that
(the page tree, images, media, documents, snippets, reports, settings, help, site summary,
Wagtail's own review and workflow panels, a search box over pages) is in English jargon she does
not need and would have to learn to ignore on a small screen. So for leaders who are not
superusers, the menu keeps the dashboard, "Stories to review", "Consent records", her account
and sign-out; the dashboard keeps this project's panels; the sidebar's search looks for a
storyteller's consent record instead of pages.

This is presentation only: the permissions the data migrations grant are unchanged, and staff,
administrators and superusers keep the normal Wagtail admin. The hooks are registered in
wagtail_hooks.py.
"""

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.search import SearchArea

from .groups import is_leader

# Menu items a leader keeps (names given in moderation/ and consent/wagtail_hooks.py).
LEADER_MENU = frozenset({"stories-to-review", "consent-records"})


def sees_leaders_admin(user: AbstractBaseUser | AnonymousUser) -> bool:
    """A leader who is not a superuser: a superuser keeps every tool."""
    if not user.is_authenticated or user.is_superuser:
        return False
    # Asked several times per admin page (menu, search, dashboard): one query per request.
    if not hasattr(user, "_sees_leaders_admin"):
        user._sees_leaders_admin = is_leader(user)
    return user._sees_leaders_admin


def leaders_menu(request: HttpRequest, menu_items: list[MenuItem]) -> None:
    if sees_leaders_admin(request.user):
        menu_items[:] = [item for item in menu_items if item.name in LEADER_MENU]


def _is_wagtails_own(panel: object) -> bool:
    # Wagtail's and wagtail-localize's panels: site summary, "Awaiting your review", "Your pages
    # in a workflow", recent edits, locked pages.
    return type(panel).__module__.split(".")[0].startswith("wagtail")


def leaders_dashboard(request: HttpRequest, panels: list) -> None:
    if sees_leaders_admin(request.user):
        # The page apps leave out the panels a leader does not need (e.g. resources/: the
        # guides' check dates) when they add them, asking sees_leaders_admin.
        panels[:] = [panel for panel in panels if not _is_wagtails_own(panel)]


class ConsentRecordSearchArea(SearchArea):
    """The sidebar's search box searches the first search area shown: for a leader, her
    storytellers' consent records (by pseudonym or member code), not pages."""

    def is_shown(self, request: HttpRequest) -> bool:
        return sees_leaders_admin(request.user)


def consent_record_search_area() -> SearchArea:
    return ConsentRecordSearchArea(
        _("Consent records"),
        reverse("wagtailsnippets_consent_consentrecord:list"),
        name="consent-records",
        icon_name="doc-full",
        order=10,  # before Wagtail's pages (100)
    )
