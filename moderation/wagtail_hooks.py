"""Moderation in Wagtail's admin: the leaders' review screens (admin_urls.py, views.py), their
menu item and dashboard panels (panels.py), the send-back comment in the editor (send_back.py),
what leaders see of the admin (leaders_admin.py), the admin on a phone (admin_screens.py), and
the audit entries for quorum approvals and superuser overrides. (What only stories need, the
override entry for a superuser's direct publish and the copy rule, is in stories/wagtail_hooks.py.)
"""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_screens, admin_urls, leaders_admin
from .panels import RecentWithdrawalsAndOverridesPanel, StoriesWaitingPanel
from .reviewing import sees_review_screens
from .send_back import show_send_back_comments
from .workflow_names import translate_workflow_messages

# --- Wagtail's admin for leaders and on a phone ----------------------------------------------

hooks.register("insert_global_admin_css", admin_screens.phone_fit_css)
hooks.register("construct_main_menu", leaders_admin.leaders_menu)
# Runs after every other app has added its panels.
hooks.register("construct_homepage_panels", leaders_admin.leaders_dashboard, order=1000)
hooks.register("register_admin_search_area", leaders_admin.consent_record_search_area)


# --- Audit entries ----------------------------------------------------------------------------


@hooks.register("register_log_actions")
def moderation_log_actions(actions):
    actions.register_action(
        "samvedna.moderation.approval_recorded",
        _("Leader approval recorded"),
        _("A leader approved; more approvals are needed"),
    )
    actions.register_action(
        "samvedna.moderation.override",
        _("Superuser override"),
        _("A superuser acted instead of the leaders"),
    )


# After Wagtail's own workflow messages are registered (its hooks come later in app order).
hooks.register("register_log_actions", translate_workflow_messages, order=100)


@hooks.register("construct_homepage_panels")
def add_recent_decisions_panel(request, panels):
    if sees_review_screens(request.user):
        panels.append(RecentWithdrawalsAndOverridesPanel())


@hooks.register("construct_homepage_panels")
def add_stories_waiting_panel(request, panels):
    if sees_review_screens(request.user):
        panels.append(StoriesWaitingPanel(request.user))


# --- The leaders' review screens -------------------------------------------------------------


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("stories-to-review/", include(admin_urls))]


class ReviewMenuItem(MenuItem):
    def is_shown(self, request):
        return sees_review_screens(request.user)


@hooks.register("register_admin_menu_item")
def review_menu_item():
    return ReviewMenuItem(
        _("Stories to review"),
        reverse("moderation_waiting"),
        name="stories-to-review",
        icon_name="tasks",
        order=150,
    )


# The send-back comment at the top of the page editor (moderation/send_back.py).
hooks.register("before_edit_page", show_send_back_comments)
