"""The publication guard: a story is live only while its consent covers it, on every path."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.actions.copy_page import CopyPageAction
from wagtail.actions.publish_page_revision import PublishPageRevisionAction
from wagtail.models import Page, Revision

from consent.guard import ConsentGuardError
from consent.models import ConsentRecord
from moderation.groups import LEADERS
from stories.models import StoryPage
from tests.support import people
from tests.support.story_factories import (
    draftail_paragraph,
    image_body,
    make_consent,
    make_image,
    make_story,
    story_editor_data,
    story_index,
    stream_data,
)

pytestmark = pytest.mark.django_db


def is_live(page) -> bool:
    return Page.objects.get(pk=page.pk).live


# --- The rule ---------------------------------------------------------------------------------


def test_a_covered_story_can_be_published():
    story = make_story(make_consent(), publish=True)
    assert is_live(story)


def test_a_story_without_consent_cannot_be_published():
    story = make_story(None)
    with pytest.raises(ConsentGuardError) as refused:
        story.get_latest_revision().publish()
    assert "no consent record is linked" in str(refused.value.messages[0])
    assert not is_live(story)


@pytest.mark.parametrize(
    ("consent_kwargs", "expected"),
    [
        ({"photo": False}, "does not cover photos"),
        ({"photo": True, "languages": ("en", "gu")}, "does not allow the story in हिन्दी"),
    ],
)
def test_the_refusal_says_exactly_what_is_missing(consent_kwargs, expected):
    image = make_image()
    language = "hi" if "languages" in consent_kwargs else "en"
    story = make_story(make_consent(**consent_kwargs), language=language, body=image_body(image))
    with pytest.raises(ConsentGuardError) as refused:
        story.get_latest_revision().publish()
    assert expected in str(refused.value.messages[0])


def test_press_use_needs_the_press_scope():
    story = make_story(make_consent(press=False), press_use=True)
    with pytest.raises(ConsentGuardError, match="use by the media and press"):
        story.get_latest_revision().publish()


def test_a_share_image_counts_as_a_photo():
    story = make_story(make_consent(photo=False), og_image=make_image())
    with pytest.raises(ConsentGuardError, match="photos"):
        story.get_latest_revision().publish()


@pytest.mark.parametrize("status", [ConsentRecord.Status.WITHDRAWN, ConsentRecord.Status.EXPIRED])
def test_a_consent_that_is_not_active_covers_nothing(status):
    consent = make_consent()
    ConsentRecord.objects.filter(pk=consent.pk).update(status=status)
    consent.refresh_from_db()
    story = make_story(consent)
    with pytest.raises(ConsentGuardError):
        story.get_latest_revision().publish()


def test_a_consent_past_its_review_date_covers_nothing_even_before_the_daily_job():
    consent = make_consent(given_on=datetime.date(2020, 1, 1))
    assert consent.review_by == datetime.date(2021, 1, 1)
    story = make_story(consent)
    with pytest.raises(ConsentGuardError, match="review date"):
        story.get_latest_revision().publish()


def test_saving_a_draft_of_a_live_story_is_not_blocked_by_the_guard():
    story = make_story(make_consent(), publish=True)
    story.summary = "A new summary."
    story.save_revision()  # only draft bookkeeping fields: allowed
    assert is_live(story)


# --- Every publish path -----------------------------------------------------------------------


def uncovered_story(covered: bool = False):
    """A story with a photo whose consent does not cover photos (or does, for control runs)."""
    return make_story(make_consent(photo=covered), body=image_body(make_image()))


# Each admin path runs twice: the control run (consent covers the photo) must publish, which
# proves the request really reached the publish step; the other must be refused.
COVERED = pytest.mark.parametrize("covered", [True, False], ids=["control", "refused"])


def press_publish_in_the_editor(client, story):
    """Post the story's edit form with "Publish", as the editor's button does."""
    url = reverse("wagtailadmin_pages:edit", args=[story.pk])
    form = client.get(url).context["form"]
    data = {**{k: v for k, v in form.initial.items() if v is not None}}
    body = stream_data(
        "body",
        ("paragraph", draftail_paragraph("We went.")),
        ("image", {"image": str(story.body[1].value["image"].pk), "caption": ""}),
    )
    data.update(story_editor_data(story, **body, **{"action-publish": "action-publish"}))
    data.pop("topics", None)
    return client.post(url, data)


@COVERED
def test_path_editor_publish_button(admin_client, covered):
    # A superuser: only a superuser may publish a story directly (logged as an override).
    story = uncovered_story(covered)
    response = press_publish_in_the_editor(admin_client, story)
    if covered:
        assert response.status_code == 302, response.content.decode()[:3000]
        assert is_live(story)
        return
    assert response.status_code == 200  # the form again, with the reason
    assert "cannot be published because it does not cover photos" in response.content.decode()
    assert not is_live(story)


def test_path_revision_publish():
    story = uncovered_story()
    with pytest.raises(ConsentGuardError):
        story.get_latest_revision().publish()
    assert not is_live(story)


def test_path_publish_page_revision_action():
    story = uncovered_story()
    action = PublishPageRevisionAction(story.get_latest_revision())
    with pytest.raises(ConsentGuardError):
        action.execute(skip_permission_checks=True)
    assert not is_live(story)


def test_path_direct_save_with_live_true():
    story = uncovered_story()
    story.live = True
    with pytest.raises(ConsentGuardError):
        story.save()
    assert not is_live(story)


def test_path_scheduled_publishing(capsys):
    story = uncovered_story()
    story.go_live_at = timezone.now() - datetime.timedelta(minutes=1)
    revision = story.save_revision()
    Revision.objects.filter(pk=revision.pk).update(
        approved_go_live_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    covered = make_story(make_consent(), title="A covered story")
    covered_revision = covered.save_revision()
    Revision.objects.filter(pk=covered_revision.pk).update(
        approved_go_live_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    call_command("publish_scheduled")
    assert not is_live(story)
    assert is_live(covered)  # one refusal does not stop the others
    assert "does not cover photos" in capsys.readouterr().out
    assert Revision.objects.get(pk=revision.pk).approved_go_live_at is None


def test_path_wagtail_scheduled_publishing_internals_still_guarded():
    # Even if something bypasses our command, Revision.publish() from the scheduler is guarded.
    story = uncovered_story()
    revision = story.get_latest_revision()
    with pytest.raises(ConsentGuardError):
        revision.publish(log_action="wagtail.publish.scheduled")


@COVERED
def test_path_bulk_publish_action(admin_client, covered):
    # A superuser: only a superuser may publish a story directly (logged as an override).
    story = uncovered_story(covered)
    url = (
        reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"]) + f"?id={story.pk}"
    )
    response = admin_client.post(url, {"include_descendants": ""})
    assert response.status_code == 302
    assert is_live(story) is covered
    if not covered:
        # The editor lands on the story with the reason shown.
        page = admin_client.get(response.headers["Location"])
        assert "does not cover photos" in page.content.decode()


def test_path_copy_with_keep_live():
    consent = make_consent(photo=True)
    story = make_story(consent, body=image_body(make_image()), publish=True)
    ConsentRecord.objects.filter(pk=consent.pk).update(covers_photo=False)
    story.refresh_from_db()
    with pytest.raises(ConsentGuardError):
        CopyPageAction(
            story, to=story.get_parent(), update_attrs={"slug": "copy"}, keep_live=True
        ).execute(skip_permission_checks=True)
    assert not StoryPage.objects.filter(slug="copy", live=True).exists()


@COVERED
def test_path_admin_copy_view_with_publish_copies(admin_client, covered):
    # A superuser: only a superuser may publish a story directly (logged as an override).
    consent = make_consent(photo=True)
    story = make_story(consent, body=image_body(make_image()), publish=True)
    ConsentRecord.objects.filter(pk=consent.pk).update(covers_photo=covered)
    response = admin_client.post(
        reverse("wagtailadmin_pages:copy", args=[story.pk]),
        {
            "new_title": "Copied",
            "new_slug": "copied",
            "new_parent_page": story.get_parent().pk,
            "publish_copies": "on",
        },
    )
    assert response.status_code == 302
    assert StoryPage.objects.filter(slug="copied", live=True).exists() is covered


def signed_in_as(who: str, django_user_model) -> Client:
    if who == "superuser":
        # The control: the only person who may publish a story outside the workflow.
        user = django_user_model.objects.create_superuser("root", password=people.PASSWORD)
    else:
        user = getattr(people, who)(language="en")
    client = Client()
    client.force_login(user)
    return client


def add_a_story_and_press_publish(client, consent, slug: str):
    index = story_index("en")
    return client.post(
        reverse("wagtailadmin_pages:add", args=["stories", "storypage", index.pk]),
        story_editor_data(
            consent=consent,
            title="A story nobody approved",
            slug=slug,
            summary="How a meeting changed things.",
            **stream_data("body", ("paragraph", draftail_paragraph("We went."))),
            **{"action-publish": "action-publish"},
        ),
    )


def copy_with_publish(client, story, slug: str, **options):
    return client.post(
        reverse("wagtailadmin_pages:copy", args=[story.pk]),
        {
            "new_title": "Copied",
            "new_slug": slug,
            "new_parent_page": story.get_parent().pk,
            "publish_copies": "on",
            **options,
        },
    )


WHO = pytest.mark.parametrize("who", ["superuser", "staff", "leader", "administrator"])


@WHO
def test_only_a_superuser_publishes_a_story_outside_the_leaders_workflow(who, django_user_model):
    """Every direct publish path in the admin, with a consent that covers the story: a
    superuser's publish goes through (the control); no group member's does, site
    administrators included (they publish events, guides and standard pages directly)."""
    client = signed_in_as(who, django_user_model)
    expected = who == "superuser"
    consent = make_consent()

    story = uncovered_story(covered=True)  # the form posts a photo block
    press_publish_in_the_editor(client, story)
    assert is_live(story) is expected, "the editor's Publish button"

    story = make_story(consent, title="Bulk published", slug="bulk")
    bulk = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
    client.post(f"{bulk}?id={story.pk}", {"include_descendants": ""})
    assert is_live(story) is expected, "the bulk Publish action"

    add_a_story_and_press_publish(client, consent, "created")
    created = StoryPage.objects.filter(slug="created", live=True).exists()
    assert created is expected, "Publish on a new story"

    live = make_story(consent, title="Already live", slug="live", publish=True)
    copy_with_publish(client, live, "copied")
    copied = StoryPage.objects.filter(slug="copied", live=True).exists()
    assert copied is expected, "copying with 'publish copies'"

    copy_with_publish(client, live, "alias", alias="on")
    aliased = StoryPage.objects.filter(slug="alias", live=True).exists()
    assert aliased is expected, "a live alias"

    index = live.get_parent()
    response = copy_with_publish(
        client, index, "stories-copy", copy_subpages="on", new_parent_page=index.get_parent().pk
    )
    copies = StoryPage.objects.filter(slug="live", live=True).exclude(pk=live.pk)
    assert copies.exists() is expected, "copying the story index with its stories"
    if not expected:
        said = " ".join(str(message) for message in get_messages(response.wsgi_request))
        assert "Stories are published only by the leaders' review" in said


def test_path_management_command_that_publishes():
    story = uncovered_story()
    with pytest.raises(ConsentGuardError):
        call_command(
            "shell",
            command=f"from wagtail.models import Page; "
            f"Page.objects.get(pk={story.pk}).get_latest_revision().publish()",
        )
    assert not is_live(story)


@COVERED
def test_path_workflow_approval(leader_client, staff_member, covered):
    from django.contrib.auth.models import Group
    from wagtail.models import GroupApprovalTask, Task, Workflow, WorkflowPage, WorkflowTask

    # A one-step leaders' review, so that the publish step (not the consent check of the
    # story workflow's first step) is what refuses the story.
    story = uncovered_story(covered)
    task = GroupApprovalTask.objects.create(name="Approve story")
    task.groups.set([Group.objects.get(name=LEADERS)])
    workflow = Workflow.objects.create(name="Test approval")
    WorkflowTask.objects.create(workflow=workflow, task=Task.objects.get(pk=task.pk), sort_order=0)
    WorkflowPage.objects.update_or_create(page=story.get_parent(), defaults={"workflow": workflow})
    workflow.start(story, staff_member)
    story.refresh_from_db()
    state = story.current_workflow_task_state
    response = leader_client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[story.pk, "approve", state.pk]),
        {"comment": ""},
    )
    assert response.status_code in (200, 302)
    assert is_live(story) is covered
    if not covered:
        story.refresh_from_db()
        # Nothing half-done: the task is still waiting for a decision.
        assert story.current_workflow_task_state is not None
