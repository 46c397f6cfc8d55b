"""Audit entries for the leaders: quorum approvals and superuser overrides."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.log_actions import log

from . import admin_screens, leaders_admin  # noqa: F401  (admin screens; what leaders see)
from .groups import is_leader
from .workflow_names import translate_workflow_messages


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


@hooks.register("after_publish_page")
def log_superuser_story_publish(request, page):
    """A story published directly by a superuser, outside the leaders' workflow, is logged."""
    from stories.models import StoryPage

    user = request.user
    if isinstance(page.specific, StoryPage) and user.is_superuser and not is_leader(user):
        log(
            instance=page,
            action="samvedna.moderation.override",
            user=user,
            data={"action": "publish"},
        )


@hooks.register("before_copy_page")
def copies_of_stories_are_not_published_outside_the_workflow(request, page):
    """Copying a page with its stories and "publish copies" (or as live aliases) would publish
    those stories without the leaders: only a superuser may do that, as for any story."""
    from django.contrib import messages
    from django.shortcuts import redirect

    from stories.models import StoryPage

    publishing = request.POST.get("publish_copies") or request.POST.get("alias")
    if request.method != "POST" or not publishing or request.user.is_superuser:
        return None
    if not StoryPage.objects.descendant_of(page, inclusive=True).exists():
        return None
    messages.error(
        request,
        _(
            "Stories are published only by the leaders' review. Copy without publishing, "
            "then send the copies for review."
        ),
    )
    return redirect(request.get_full_path())


class RecentWithdrawalsAndOverridesPanel(Component):
    """Leaders see every withdrawal and every time a superuser acted in their place."""

    name = "recent_withdrawals_and_overrides"
    order = 60
    template_name = "moderation/recent_decisions_panel.html"

    def get_context_data(self, parent_context=None):
        from wagtail.models import ModelLogEntry, PageLogEntry

        since = timezone.now() - datetime.timedelta(days=30)
        withdrawals = ModelLogEntry.objects.filter(
            action="samvedna.consent.withdraw", timestamp__gte=since
        ).select_related("user")[:10]
        overrides = PageLogEntry.objects.filter(
            action="samvedna.moderation.override", timestamp__gte=since
        ).select_related("user")[:10]
        return {"withdrawals": list(withdrawals), "overrides": list(overrides)}


@hooks.register("construct_homepage_panels")
def add_recent_decisions_panel(request, panels):
    user = request.user
    if user.is_superuser or is_leader(user):
        panels.append(RecentWithdrawalsAndOverridesPanel())


from . import views  # noqa: E402,F401  (registers the review screens)
