"""What the leaders' review screens handle, who sees them, what waits for whom, and in which
language.

The screens show stories (both steps of "Story approval") and events (the one-step "Leader
review"): the page types their apps registered in registry.py, so moderation imports no page
app.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import Page, TaskState
from wagtail.users.models import UserProfile

from .groups import LEADERS, LEADERS_LANGUAGE, is_leader
from .models import ConsentConfirmedTask, LeadersApproveTask
from .registry import ReviewedPageType, reviewed_page_types
from .review_content import language_name

# What leaders call the page types the screens show (each page app registers its own).
STORY = "story"
EVENT = "event"
PRESS_RELEASE = "press_release"


def sees_review_screens(user) -> bool:
    """Leaders and superusers: "Stories to review" in the menu, on the dashboard and its screens."""
    return user.is_superuser or is_leader(user)


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


def _reviewed_content_types() -> dict[int, ReviewedPageType]:
    """Content type id → how it is reviewed (ContentType's cache: no query after the first)."""
    return {
        ContentType.objects.get_by_natural_key(*label.split(".")).pk: reviewed
        for label, reviewed in reviewed_page_types().items()
    }


def content_type_ids() -> dict[int, str]:
    """Content type id → "story" / "event" / "press_release"."""
    return {pk: reviewed.kind for pk, reviewed in _reviewed_content_types().items()}


def reviewed_type(state: TaskState) -> ReviewedPageType | None:
    """How the screens show the step's page; None if they do not show it."""
    return _reviewed_content_types().get(state.workflow_state.content_type_id)


def kind_of(state: TaskState) -> str | None:
    """Which kind of page the step is on ("story", "event", "press_release"); None if the
    screens do not show it."""
    reviewed = reviewed_type(state)
    return reviewed.kind if reviewed is not None else None


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


def waiting_items(states: list[TaskState]) -> list[dict]:
    """What a leader needs to pick one: its title in its language, the step, the progress."""
    page_ids = [int(state.workflow_state.object_id) for state in states]
    pages = Page.objects.filter(pk__in=page_ids).select_related("locale").in_bulk()
    items = []
    for state in states:
        page = pages.get(int(state.workflow_state.object_id))
        if page is None:
            continue
        task = state.task.specific_class
        kind = kind_of(state)
        if kind == EVENT:
            step = _("Event")
        elif kind == PRESS_RELEASE:
            step = _("Press release")
        elif task is ConsentConfirmedTask:
            step = _("Check consent")
        else:
            step = _("Leaders approve")
        items.append(
            {
                "state": state,
                "kind": kind,
                "title": state.revision.content.get("title") or page.title,
                "language": language_name(page.locale.language_code),
                "language_code": page.locale.language_code,
                "step": step,
                "is_quorum": task is LeadersApproveTask,
                "approvals": getattr(state, "approvals", 0),
                "url": reverse("moderation_review", args=[state.pk]),
            }
        )
    return items
