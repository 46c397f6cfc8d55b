"""The page types the leaders review and the indexes that get a workflow, registered by the page
apps that own them.

``moderation`` imports no page app (stories, events, resources, home). Each page app says here,
from its ``AppConfig.ready()``, which of its page types the leaders' screens show and how
(``review_with_leaders``: see stories/apps.py and events/apps.py), and which of its index pages
get which workflow when they are created (``attach_workflow_to_new``). Wagtail's own admin
learns about page types the same way, from the apps that define them.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models.signals import post_save
from wagtail.models import Workflow, WorkflowPage


@dataclass(frozen=True)
class ReviewedPageType:
    """How the leaders' review screens and e-mails handle one page type."""

    # What the screens and the e-mails call it: reviewing.STORY, EVENT or PRESS_RELEASE.
    kind: str
    # The review screen's template (templates/moderation/review/).
    template_name: str
    # (request, page, flagged texts) → the template's context: the page as the public will see
    # it, each flagged text marked (the helpers are in review_content.py).
    content: Callable[..., dict]


# Model label ("stories.storypage") → how it is reviewed, in the order the apps registered.
_REVIEWED: dict[str, ReviewedPageType] = {}


def review_with_leaders(model, *, kind: str, template_name: str, content: Callable) -> None:
    """The leaders' screens show the steps on pages of ``model`` (in their "Stories to review"
    list, their dashboard count and the review e-mails' links)."""
    _REVIEWED[model._meta.label_lower] = ReviewedPageType(kind, template_name, content)


def reviewed_page_types() -> dict[str, ReviewedPageType]:
    """Model label → how the leaders review it, for every registered page type."""
    return _REVIEWED


def attach_workflow_to_new(index_model, workflow_name: str) -> None:
    """Every new page of ``index_model`` gets the active workflow ``workflow_name`` (its pages
    below inherit it). Indexes that existed before got it from a data migration."""

    def give_new_index_its_workflow(sender, instance, created, raw=False, **kwargs):
        if raw or WorkflowPage.objects.filter(page=instance).exists():
            return
        workflow = Workflow.objects.filter(name=workflow_name, active=True).first()
        if workflow is not None:
            WorkflowPage.objects.create(page=instance, workflow=workflow)

    post_save.connect(
        give_new_index_its_workflow,
        sender=index_model,
        weak=False,
        dispatch_uid=f"moderation_workflow_on_new_{index_model._meta.label_lower}",
    )
