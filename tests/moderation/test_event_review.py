"""Leaders review events on their own review screen: the event as the public will see it, in
its language, with Approve and Send back (the one-step "Leader review" workflow)."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page, PageLogEntry, TaskState, Workflow, WorkflowState
from wagtail.users.models import UserProfile

from moderation.groups import EVENT_WORKFLOW, LEADERS, STAFF
from tests.support.event_factories import add_event, site_index

pytestmark = pytest.mark.django_db

# 04:30 UTC is 10:00 in India; the event ends at 13:30 India time.
START = datetime.datetime(2031, 1, 15, 4, 30, tzinfo=datetime.UTC)
RECAP = [{"type": "paragraph", "value": "<p>અમે સાથે મળીને અધિકારો વિશે શીખ્યાં.</p>"}]


@pytest.fixture
def people(django_user_model):
    def member(username, group, language="en"):
        user = django_user_model.objects.create_user(
            username, email=f"{username}@example.org", password="a-long-password-1"
        )
        user.groups.add(Group.objects.get(name=group))
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save()
        return user

    return {"staff": member("writer", STAFF), "leader": member("leader-en", LEADERS)}


def submitted_event(author, **fields):
    fields.setdefault("slug", "rights-meeting")
    fields.setdefault("guests", "જિલ્લા કાનૂની સેવા સત્તામંડળના અધિકારી")
    fields.setdefault("departments", "આરોગ્ય વિભાગ\nસમાજ કલ્યાણ વિભાગ")
    event = add_event(
        site_index("gu"),
        "અધિકારોની બેઠક",
        start=START,
        hours=3.5,
        live=False,
        announcement="બધી બહેનો માટે અધિકારો વિશેની બેઠક.",
        recap=RECAP,
        **fields,
    )
    event.save_revision(user=author)
    Workflow.objects.get(name=EVENT_WORKFLOW).start(event, author)
    return event


def review_url(event) -> str:
    state = Page.objects.get(pk=event.pk).specific.current_workflow_task_state
    return reverse("moderation_review", args=[state.pk])


def gujarati(message: str) -> str:
    with translation.override("gu"):
        return translation.gettext(message)


def test_the_leader_finds_the_event_in_her_list_and_on_her_dashboard(client, people):
    event = submitted_event(people["staff"])
    client.force_login(people["leader"])
    listing = client.get(reverse("moderation_waiting")).content.decode()
    assert "1 event is waiting for you." in listing
    assert review_url(event) in listing
    assert "અધિકારોની બેઠક" in listing
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "1 event is waiting for you." in dashboard


def test_the_event_is_shown_as_the_public_will_see_it_in_its_language(client, people):
    event = submitted_event(people["staff"])
    client.force_login(people["leader"])
    response = client.get(review_url(event))
    assert response.status_code == 200
    html = response.content.decode()
    assert "The event as the public will see it" in html  # her admin language: English
    assert 'lang="gu"' in html
    for text in (
        "અધિકારોની બેઠક",
        "બધી બહેનો માટે અધિકારો વિશેની બેઠક.",
        "અમે સાથે મળીને અધિકારો વિશે શીખ્યાં.",
        "જિલ્લા કાનૂની સેવા સત્તામંડળના અધિકારી",
        "સમાજ કલ્યાણ વિભાગ",
    ):
        assert text in html
    # India time, whatever the server's time zone: 10:00 to 13:30 on 15 January 2031.
    assert 'datetime="2031-01-15T10:00:00+05:30"' in html
    assert 'datetime="2031-01-15T13:30:00+05:30"' in html
    assert "10:00" in html and "13:30" in html
    # The event's labels, town and place are in Gujarati, as on its public page.
    for label in ("When", "Where", "India time", "Kutch, Gujarat", "Bhuj", "Upcoming event"):
        assert gujarati(label) != label
        assert gujarati(label) in html
    with translation.override("gu"):
        month = translation.gettext("January")
    assert f"15 {month} 2031" in html
    assert 'name="action" value="approve"' in html
    assert 'name="action" value="reject"' in html


def test_a_leader_approves_the_event_and_it_is_published(client, people):
    event = submitted_event(people["staff"])
    client.force_login(people["leader"])
    response = client.post(review_url(event), {"action": "approve"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("moderation_waiting")
    assert "The event is published." in response.content.decode()
    assert Page.objects.get(pk=event.pk).live
    entry = PageLogEntry.objects.get(page=event, action="wagtail.workflow.approve")
    assert entry.user == people["leader"]


def test_a_leader_sends_the_event_back_and_the_author_reads_why(client, people):
    event = submitted_event(people["staff"])
    client.force_login(people["leader"])
    assert client.post(review_url(event), {"action": "reject"}).status_code == 400
    response = client.post(
        review_url(event),
        {"action": "reject", "reject-comment": "Please name the town only."},
        follow=True,
    )
    assert "Sent back" in response.content.decode()
    assert WorkflowState.objects.get(status=WorkflowState.STATUS_NEEDS_CHANGES)
    assert not Page.objects.get(pk=event.pk).live

    author = Client()
    author.force_login(people["staff"])
    html = author.get(reverse("wagtailadmin_pages:edit", args=[event.pk])).content.decode()
    assert "leader-en wrote on" in html
    assert "Please name the town only." in html


def test_a_phone_number_in_the_event_is_flagged_and_marked(client, people):
    event = submitted_event(people["staff"], guests="Call the officer on 98765 43210.")
    client.force_login(people["leader"])
    html = client.get(review_url(event)).content.decode()
    assert "Warning: this may identify someone" in html
    assert '<mark class="review-mark">98765 43210</mark>' in html


def test_staff_cannot_open_or_decide_an_event(client, people):
    event = submitted_event(people["staff"])
    client.force_login(people["staff"])
    url = review_url(event)
    assert client.get(url).status_code in (302, 403)
    assert client.post(url, {"action": "approve"}).status_code in (302, 403)
    assert not Page.objects.get(pk=event.pk).live
    state = Page.objects.get(pk=event.pk).specific.current_workflow_task_state
    assert state.status == TaskState.STATUS_IN_PROGRESS
