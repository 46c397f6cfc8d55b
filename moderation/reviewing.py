"""What the leaders' review screens handle, what waits for whom, and in which language.

The screens show stories (both steps of "Story approval") and events (the one-step "Leader
review"). Page types are named by their labels, so these queries import no page app.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.urls import reverse
from wagtail.models import TaskState
from wagtail.users.models import UserProfile

from .groups import LEADERS, LEADERS_LANGUAGE, is_leader

STORY = "story"
EVENT = "event"
# The page types the screens show (model labels), and what leaders call them.
REVIEWED_PAGES = {"stories.storypage": STORY, "events.eventpage": EVENT}


def review_language(user) -> str | None:
    """The language these screens speak: the user's choice, else Gujarati for leaders."""
    chosen = (
        UserProfile.objects.filter(user=user).values_list("preferred_language", flat=True).first()
    )
    if chosen:
        return chosen
    if is_leader(user):
        return LEADERS_LANGUAGE
    return None


def content_type_ids() -> dict[int, str]:
    """Content type id → "story" / "event" (ContentType's cache: no query after the first)."""
    return {
        ContentType.objects.get_by_natural_key(*label.split(".")).pk: kind
        for label, kind in REVIEWED_PAGES.items()
    }


def kind_of(state: TaskState) -> str | None:
    """Which kind of page the step is on ("story", "event"); None if the screens do not show it."""
    return content_type_ids().get(state.workflow_state.content_type_id)


def is_leaders_task(task) -> bool:
    """A task the leaders' group decides (the story steps and the events' "Leader review")."""
    groups = getattr(task.specific, "groups", None)
    return groups is not None and groups.filter(name=LEADERS).exists()


def review_path(state: TaskState) -> str | None:
    """The leaders' screen for this step, when it is a leaders' step on a story or an event."""
    if kind_of(state) is None or not is_leaders_task(state.task):
        return None
    return reverse("moderation_review", args=[state.pk])


def waiting_states(user, kind: str | None = None) -> QuerySet:
    """Steps on stories and events waiting for this user's decision, newest first.

    A leader who has approved a story in the quorum step is no longer waited for: it leaves
    her list and her dashboard count (the other leaders still see it).
    """
    types = [pk for pk, its_kind in content_type_ids().items() if kind in (None, its_kind)]
    return (
        TaskState.objects.reviewable_by(user)
        .filter(status=TaskState.STATUS_IN_PROGRESS, workflow_state__content_type_id__in=types)
        .exclude(leader_approvals__user_id=user.pk)
        .select_related("task", "revision", "workflow_state")
        .order_by("-started_at", "-pk")
    )


def can_moderate(user, state: TaskState) -> bool:
    return TaskState.objects.reviewable_by(user).filter(pk=state.pk).exists()
