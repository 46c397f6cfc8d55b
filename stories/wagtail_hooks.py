"""Stories in Wagtail's admin: only the leaders' review publishes a story.

A superuser who publishes a story directly, outside the leaders' workflow, leaves an override
entry in the audit log (the action is registered in moderation/wagtail_hooks.py), and copies of
stories are not published by copying.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import log

from moderation.groups import is_leader

from .models import StoryPage


@hooks.register("after_publish_page")
def log_superuser_story_publish(request, page):
    """A story published directly by a superuser, outside the leaders' workflow, is logged."""
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
