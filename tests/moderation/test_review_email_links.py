"""The "waiting for your review" e-mail opens the leader's review screen of that very step, in
her language, for both story steps and for events; signing in through the link (password, then
the code from her app) lands her on that screen."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page, TaskState, Workflow

from moderation.groups import EVENT_WORKFLOW, LEADERS, STAFF, STORY_WORKFLOW
from moderation.models import ConsentConfirmedTask, LeadersApproveTask
from tests.accounts.test_two_factor import (
    LOGIN,
    VERIFY,
    add_phone,
    next_code,
    sign_in_with_password,
)
from tests.support import people as people_module
from tests.support.event_factories import add_event, site_index
from tests.support.story_factories import make_consent, make_story

pytestmark = pytest.mark.django_db

PASSWORD = people_module.PASSWORD
CONFIRM = {"action": "approve", "approve-heard_final_text": "on", "approve-consent_covers_it": "on"}
LINK = re.compile(r"https?://\S+")


@pytest.fixture
def people(db):
    def member(username, group, language=""):
        return people_module.member(username, group, language or None)

    return {
        "staff": member("writer", STAFF),
        "gujarati": member("leader-gu", LEADERS),
        "hindi": member("leader-hi", LEADERS, "hi"),
        "english": member("leader-en", LEADERS, "en"),
    }


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


def email_to(user):
    [message] = [m for m in mail.outbox if m.to == [user.email]]
    return message


def link_in(message) -> str:
    [link] = LINK.findall(message.body)
    return link


def review_link(state: TaskState) -> str:
    return "http://testserver" + reverse("moderation_review", args=[state.pk])


def current_state(page) -> TaskState:
    return Page.objects.get(pk=page.pk).specific.current_workflow_task_state


def in_language(message: str, language: str) -> str:
    with translation.override(language):
        return translation.gettext(message)


def test_both_story_steps_link_to_the_leaders_review_screen_in_her_language(client, people, sent):
    story = make_story(make_consent(), title="A story on its way")
    story.save_revision(user=people["staff"])
    with sent():
        Workflow.objects.get(name=STORY_WORKFLOW).start(story, people["staff"])
    consent_step = current_state(story)
    assert isinstance(consent_step.task.specific, ConsentConfirmedTask)
    for leader, language in (("gujarati", "gu"), ("hindi", "hi"), ("english", "en")):
        message = email_to(people[leader])
        assert link_in(message) == review_link(consent_step)
        assert message.subject == in_language("A story is waiting for your review", language)
        assert in_language("Open it in the admin to review it:", language) in message.body
    assert "વાર્તા" in email_to(people["gujarati"]).subject  # really Gujarati
    assert "editor" not in link_in(email_to(people["gujarati"]))

    # The consent step, confirmed on the screen by a leader (as a member of the group): the
    # other leaders are asked for step 2, with a link to step 2's own screen.
    mail.outbox.clear()
    client.force_login(people["english"])
    with sent():
        response = client.post(reverse("moderation_review", args=[consent_step.pk]), CONFIRM)
    assert response.status_code == 302
    quorum_step = current_state(story)
    assert isinstance(quorum_step.task.specific, LeadersApproveTask)
    assert quorum_step.pk != consent_step.pk
    for leader in ("gujarati", "hindi"):
        assert link_in(email_to(people[leader])) == review_link(quorum_step)
    assert [m for m in mail.outbox if m.to == [people["english"].email]] == []  # she acted


def test_an_event_links_to_the_leaders_review_screen_not_the_page_editor(people, sent):
    event = add_event(site_index("gu"), "બચત જૂથની બેઠક", live=False, slug="savings-meeting")
    event.save_revision(user=people["staff"])
    with sent():
        Workflow.objects.get(name=EVENT_WORKFLOW).start(event, people["staff"])
    state = current_state(event)
    message = email_to(people["gujarati"])
    assert link_in(message) == review_link(state)
    assert message.subject == in_language("An event is waiting for your review", "gu")
    assert message.subject != "An event is waiting for your review"
    assert "બચત" not in message.subject + message.body  # still no title in an e-mail


@pytest.mark.real_two_factor  # no test shortcut: the real sign-in form and code page
def test_signing_in_through_the_link_lands_on_the_review_screen(client, people, sent):
    """Signed out, she taps the link: the sign-in form, then her code, then that story."""
    leader = people["english"]
    device = add_phone(leader)
    story = make_story(make_consent(), title="Open me from the e-mail")
    story.save_revision(user=people["staff"])
    with sent():
        Workflow.objects.get(name=STORY_WORKFLOW).start(story, people["staff"])
    path = urlsplit(link_in(email_to(leader))).path

    response = client.get(path)
    assert response.status_code == 302
    login = urlsplit(response.url)
    assert login.path == LOGIN
    assert parse_qs(login.query) == {"next": [path]}

    response = sign_in_with_password(client, leader.get_username(), PASSWORD, next=path)
    assert response.status_code == 302 and response.url == path
    response = client.get(response.url)  # password only: the code comes first
    code_page = urlsplit(response.url)
    assert code_page.path == VERIFY and parse_qs(code_page.query) == {"next": [path]}
    response = client.post(response.url, {"code": next_code(device)})
    assert response.status_code == 302 and response.url == path

    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Open me from the e-mail" in html
    assert "Step 1 of 2: check consent" in html
