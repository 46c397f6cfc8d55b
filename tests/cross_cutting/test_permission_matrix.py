"""Who may do what, by doing it: each action, as a member of each group, through its own view.

A permission check (`has_perm`) can say yes while the action itself fails (a leader's
withdrawal once failed inside Wagtail's unpublish); so every cell of the matrix performs the
action through the URL its button posts to and reads the outcome back from the database.
Nobody here is a superuser.
"""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, WorkflowState

from consent.models import ConsentRecord, IdentifyingDetailOverride
from moderation.models import LeaderApproval
from stories.models import StoryPage
from tests.support import people
from tests.support.story_factories import (
    make_consent,
    make_story,
    story_editor_data,
    story_index,
    stream_data,
    submitted_for_review,
    waiting_for_leaders_approval,
)

pytestmark = pytest.mark.django_db

DRAFTAIL_PARAGRAPH = json.dumps(
    {
        "blocks": [
            {
                "key": "a",
                "text": "We went to the office together.",
                "type": "unstyled",
                "depth": 0,
                "inlineStyleRanges": [],
                "entityRanges": [],
            }
        ],
        "entityMap": {},
    }
)


def story_form(story: StoryPage | None, consent: ConsentRecord, **changes) -> dict:
    """What the page editor posts for a story with one paragraph."""
    return story_editor_data(
        story,
        consent,
        title=story.title if story else "A story written in the matrix",
        slug=story.slug if story else "matrix-story",
        **stream_data("body", ("paragraph", DRAFTAIL_PARAGRAPH)),
        **changes,
    )


def review_url(story: StoryPage) -> str:
    story.refresh_from_db()
    return reverse("moderation_review", args=[story.current_workflow_task_state.pk])


def png_upload() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), (90, 120, 200)).save(buffer, format="PNG")
    return SimpleUploadedFile("meeting.png", buffer.getvalue(), content_type="image/png")


# --- The actions: each performs one through its view and says whether it happened -------------


def create_story(client, user, others) -> bool:
    consent = make_consent()
    index = story_index("en")
    client.post(
        reverse("wagtailadmin_pages:add", args=["stories", "storypage", index.pk]),
        story_form(None, consent),
    )
    return StoryPage.objects.filter(slug="matrix-story").exists()


def edit_story(client, user, others) -> bool:
    story = make_story(make_consent(), title="Draft to edit")
    client.post(
        reverse("wagtailadmin_pages:edit", args=[story.pk]),
        story_form(story, story.consent, summary="An edited summary."),
    )
    latest = StoryPage.objects.get(pk=story.pk).get_latest_revision_as_object()
    return latest.summary == "An edited summary."


def submit_story(client, user, others) -> bool:
    story = make_story(make_consent(), title="Draft to submit")
    client.post(
        reverse("wagtailadmin_pages:edit", args=[story.pk]),
        story_form(story, story.consent, **{"action-submit": "action-submit"}),
    )
    return WorkflowState.objects.active().filter(object_id=str(story.pk)).exists()


def publish_story(client, user, others) -> bool:
    story = make_story(make_consent(), title="Draft to publish")
    client.post(
        reverse("wagtailadmin_pages:edit", args=[story.pk]),
        story_form(story, story.consent, **{"action-publish": "action-publish"}),
    )
    return Page.objects.get(pk=story.pk).live


def confirm_consent(client, user, others) -> bool:
    story = submitted_for_review(others["author"])
    state = story.current_workflow_task_state
    client.post(
        review_url(story),
        {
            "action": "approve",
            "approve-heard_final_text": "on",
            "approve-consent_covers_it": "on",
        },
    )
    state.refresh_from_db()
    return state.status == state.STATUS_APPROVED


def approve(client, user, others) -> bool:
    story = waiting_for_leaders_approval(others["author"], others["leader"])
    client.post(review_url(story), {"action": "approve"})
    return LeaderApproval.objects.filter(user=user).exists()


def send_back(client, user, others) -> bool:
    story = submitted_for_review(others["author"])
    client.post(review_url(story), {"action": "reject", "reject-comment": "Remove the village."})
    return WorkflowState.objects.filter(
        object_id=str(story.pk), status=WorkflowState.STATUS_NEEDS_CHANGES
    ).exists()


def allow_detail(client, user, others) -> bool:
    body = [{"type": "paragraph", "value": "<p>Call the office on 98765 43210.</p>"}]
    story = make_story(make_consent(), title="Story with a number", body=body)
    client.post(
        reverse("consent_allow_identifying_details", args=[story.pk]),
        {"reason": "The KMVS office line, printed on every leaflet."},
    )
    return IdentifyingDetailOverride.objects.filter(translation_key=story.translation_key).exists()


def withdraw(client, user, others) -> bool:
    consent = make_consent(storyteller="Member M-1")
    story = make_story(consent, title="Live story", publish=True)
    client.post(reverse("consent_withdraw", args=[consent.pk]))
    withdrawn = ConsentRecord.objects.get(pk=consent.pk).status == ConsentRecord.Status.WITHDRAWN
    offline = not Page.objects.get(pk=story.pk).live
    assert withdrawn == offline, "a withdrawal must never be half done"
    return withdrawn


def erase(client, user, others) -> bool:
    consent = make_consent(storyteller="Member M-2")
    story = make_story(consent, title="Story to erase", publish=True)
    client.post(reverse("consent_erase", args=[consent.pk]), {"understood": "yes"})
    return not Page.objects.filter(pk=story.pk).exists()


def upload_photo(client, user, others) -> bool:
    client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Meeting",
            "description": "Chairs in a hall",
            "file": png_upload(),
            "collection": Collection.get_first_root_node().pk,
            "tags": "",
        },
    )
    return get_image_model().objects.filter(uploaded_by_user=user).exists()


ACTIONS = {
    "create a story": create_story,
    "edit a story": edit_story,
    "submit a story for review": submit_story,
    "confirm consent": confirm_consent,
    "approve": approve,
    "send back": send_back,
    "publish a story directly": publish_story,
    "allow a flagged detail": allow_detail,
    "withdraw consent": withdraw,
    "erase": erase,
    "upload a photo": upload_photo,
}

MAY = {
    "staff": {"create a story", "edit a story", "submit a story for review", "upload a photo"},
    "leader": set(ACTIONS) - {"publish a story directly"},
    "administrator": {
        "create a story",
        "edit a story",
        "submit a story for review",
        "upload a photo",
    },
}

MAKE = {"staff": people.staff, "leader": people.leader, "administrator": people.administrator}


@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("role", list(MAY))
def test_each_group_can_do_exactly_what_the_matrix_says(client, role, action):
    user = MAKE[role](f"matrix-{role}")
    others = {
        "author": people.staff("matrix-author"),
        "leader": people.leader("matrix-other-leader"),
    }
    client.force_login(user)
    happened = ACTIONS[action](client, user, others)
    expected = action in MAY[role]
    verb = "could not" if expected else "could"
    assert happened is expected, f"a member of {role} {verb} {action}"
