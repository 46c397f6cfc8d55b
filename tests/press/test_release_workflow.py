"""A press release speaks for the collective: KMVS staff write it and submit it, and it is
published only when one Samvedna leader approves it on her review screen (the one-step
"Leader review" every press room gets, as event indexes do)."""

import pytest
from django.urls import reverse
from wagtail.models import Page, WorkflowPage

from moderation.groups import EVENT_WORKFLOW
from press.models import PressReleasePage
from tests.support import press_pages
from tests.support.people import leader, staff

pytestmark = pytest.mark.django_db

HEADLINE = "Samvedna asks for safe access to health care"


@pytest.fixture
def room():
    return press_pages.new_room()


def release_form(**extra) -> dict:
    return {
        "title": HEADLINE,
        "slug": "safe-access",
        "kind": "statement",
        "date": "2024-06-01",
        "summary": "The collective asks the district for safe access to health care.",
        "contact": "",
        "body-count": "1",
        "body-0-type": "paragraph",
        "body-0-value": '{"blocks":[{"key":"a","text":"We speak for ourselves.","type":"unstyled",'
        '"depth":0,"inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}',
        "body-0-deleted": "",
        "body-0-order": "0",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "",
        **extra,
    }


def add_url(room) -> str:
    return reverse("wagtailadmin_pages:add", args=["press", "pressreleasepage", room.pk])


def the_release() -> PressReleasePage:
    return PressReleasePage.objects.get(slug="safe-access")


def test_every_new_press_room_gets_the_leader_review(room):
    assert WorkflowPage.objects.get(page=room).workflow.name == EVENT_WORKFLOW


def test_staff_submit_a_release_and_one_leader_approves_it(
    client, room, mailoutbox, django_capture_on_commit_callbacks
):
    the_leader = leader(language="en")
    client.force_login(staff())
    with django_capture_on_commit_callbacks(execute=True):  # the e-mails leave after commit
        response = client.post(add_url(room), release_form(**{"action-submit": "1"}))
    assert response.status_code == 302, response.content.decode()[:2000]
    release = the_release()
    assert not release.live
    state = Page.objects.get(pk=release.pk).specific.current_workflow_task_state
    assert state is not None and state.task.name == "Leader review"
    assert client.get(release.url or "/en/press/safe-access/").status_code == 404

    # The leaders are told what it is: a press release, not an event.
    subjects = [mail.subject for mail in mailoutbox if the_leader.email in mail.to]
    assert subjects == ["A press release is waiting for your review"]

    client.force_login(the_leader)
    review = reverse("moderation_review", args=[state.pk])
    waiting = client.get(reverse("moderation_waiting")).content.decode()
    assert "1 press release is waiting for you." in waiting and review in waiting
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "1 press release is waiting for you." in dashboard
    screen = client.get(review)
    assert screen.status_code == 200
    html = screen.content.decode()
    assert "Check a press release" in html
    assert "The press release as the public will see it" in html
    assert HEADLINE in html and "We speak for ourselves." in html
    decided = client.post(review, {"action": "approve"}, follow=True)
    assert "The press release is published." in decided.content.decode()
    release = the_release()
    assert release.live
    assert client.get(release.url).status_code == 200


def test_staff_cannot_publish_a_release_directly(client, room):
    client.force_login(staff())
    client.post(add_url(room), release_form(**{"action-publish": "action-publish"}))
    release = PressReleasePage.objects.filter(slug="safe-access").first()
    assert release is None or not release.live
