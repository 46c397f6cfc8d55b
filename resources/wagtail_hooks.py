"""Guides in the admin: the helpline snippets and the "guides to check again" dashboard panel."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from moderation.leaders_admin import sees_leaders_admin

from .due_for_check import DUE_WITHIN_DAYS, PANEL_LIMIT, resources_due_for_check
from .helplines import Helpline


class HelplineViewSet(SnippetViewSet):
    model = Helpline
    icon = "help"
    menu_label = _("Helplines")
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["name", "number", "hours", "locale"]
    # A handful of rows per language: the admin searches them with the ORM (substring match,
    # so part of a Gujarati or Hindi word finds them too), not through a search index.
    search_fields = ["name", "number", "helps_with"]
    search_backend_name = None


register_snippet(HelplineViewSet)


class ResourcesDueForCheckPanel(Component):
    name = "resources_due_for_check"
    order = 60
    template_name = "resources/admin/due_for_check_panel.html"

    def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
        today = timezone.localdate()
        # One query: the guides with their language.
        resources = list(resources_due_for_check()[:PANEL_LIMIT])
        return {
            "overdue": [page for page in resources if page.review_by < today],
            "due_soon": [page for page in resources if page.review_by >= today],
            "within_days": DUE_WITHIN_DAYS,
        }


@hooks.register("construct_homepage_panels")
def add_resources_due_for_check_panel(request: HttpRequest, panels: list) -> None:
    # Whoever can edit pages can bring a guide up to date; staff do it, so a leader's dashboard
    # (moderation/leaders_admin.py) leaves it out although she may edit pages.
    if sees_leaders_admin(request.user):
        return
    if PagePermissionPolicy().user_has_permission(request.user, "change"):
        panels.append(ResourcesDueForCheckPanel())
