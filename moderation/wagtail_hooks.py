"""Audit entries for the leaders: quorum approvals and superuser overrides."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import log

from .groups import is_leader


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
