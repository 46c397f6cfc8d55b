"""The leaders' review screens: "Waiting for me", one story's review, decisions via the task."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Page, PageLogEntry, TaskState, Workflow
from wagtail.users.models import UserProfile

from moderation.groups import LEADERS, STAFF
from moderation.models import ConsentConfirmedTask, LeadersApproveTask
from tests.story_factories import make_consent, make_story

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-password-1"
CONFIRM = {
    "action": "approve",
    "approve-heard_final_text": "on",
    "approve-consent_covers_it": "on",
}


@pytest.fixture
def people(django_user_model):
    def member(username, group, language=""):
        user = django_user_model.objects.create_user(
            username, email=f"{username}@example.org", password=PASSWORD
        )
        user.groups.add(Group.objects.get(name=group))
        if language:
            profile = UserProfile.get_for_user(user)
            profile.preferred_language = language
            profile.save()
        return user

    return {
        "staff": member("staff", STAFF),
        "leader": member("leader1", LEADERS, "en"),
        "leader2": member("leader2", LEADERS, "en"),
        "leader3": member("leader3", LEADERS, "en"),
        "gujarati": member("leader4", LEADERS),
    }


def submitted_story(author, **fields):
    story = make_story(make_consent(), title=fields.pop("title", "A story for review"), **fields)
    story.save_revision(user=author)
    Workflow.objects.get(name="Story approval").start(story, author)
    story.refresh_from_db()
    return story


def state_of(story) -> TaskState:
    return Page.objects.get(pk=story.pk).specific.current_workflow_task_state


def review_url(story) -> str:
    return reverse("moderation_review", args=[state_of(story).pk])


def logged_in(client, user):
    client.force_login(user)
    return client


def test_waiting_for_me_lists_only_stories_the_leader_can_decide(client, people):
    story = submitted_story(people["staff"], title="Waiting story")
    other = make_story(make_consent(), title="Draft not submitted")
    response = logged_in(client, people["leader"]).get(reverse("moderation_waiting"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Waiting story" in html
    assert review_url(story) in html
    assert other.title not in html
    assert "Stories to review" in html  # the menu item


def test_waiting_for_me_is_query_light(client, people, django_assert_max_num_queries):
    for number in range(3):
        submitted_story(people["staff"], title=f"Story {number}")
    client = logged_in(client, people["leader"])
    client.get(reverse("moderation_waiting"))
    with django_assert_max_num_queries(30) as captured:
        response = client.get(reverse("moderation_waiting"))
    for number in range(3):
        submitted_story(people["staff"], title=f"More {number}")
    with django_assert_max_num_queries(len(captured.captured_queries)):
        response = client.get(reverse("moderation_waiting"))
    assert response.content.decode().count("review-list__link") == 6


def test_staff_see_nothing_and_cannot_open_a_review(client, people):
    story = submitted_story(people["staff"])
    client = logged_in(client, people["staff"])
    assert client.get(reverse("moderation_waiting")).status_code in (302, 403)
    assert client.get(review_url(story)).status_code in (302, 403)
    response = client.post(review_url(story), CONFIRM)
    assert response.status_code in (302, 403)
    assert isinstance(state_of(story).task.specific, ConsentConfirmedTask)
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Stories to review" not in menu


def test_review_shows_the_story_the_consent_and_identifying_details(client, people):
    body = [{"type": "paragraph", "value": "<p>Call me on 98765 43210 any time.</p>"}]
    story = submitted_story(people["staff"], body=body)
    response = logged_in(client, people["leader"]).get(review_url(story))
    assert response.status_code == 200
    html = response.content.decode()
    consent = story.consent
    assert consent.storyteller in html
    assert "the written story" in html
    assert consent.review_by.strftime("%Y-%m-%d") in html
    assert "Warning: this may identify someone" in html
    assert '<mark class="review-mark">98765 43210</mark>' in html
    assert "The storyteller has heard or read the final text" in html
    assert reverse("consent_withdraw", args=[consent.pk]) in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_decisions_through_the_screen_move_the_workflow_and_publish_once(client, people):
    story = submitted_story(people["staff"])
    client = logged_in(client, people["leader"])
    # The boxes must be ticked.
    response = client.post(review_url(story), {"action": "approve"})
    assert response.status_code == 400
    assert isinstance(state_of(story).task.specific, ConsentConfirmedTask)

    response = client.post(review_url(story), CONFIRM, follow=True)
    assert response.redirect_chain[-1][0] == reverse("moderation_waiting")
    assert "Consent confirmed" in response.content.decode()
    assert isinstance(state_of(story).task.specific, LeadersApproveTask)

    response = client.post(review_url(story), {"action": "approve"}, follow=True)
    assert "1 more leader must approve" in response.content.decode()
    assert not Page.objects.get(pk=story.pk).live

    client = logged_in(client, people["leader2"])
    response = client.post(review_url(story), {"action": "approve"}, follow=True)
    assert "Published." in response.content.decode()
    assert Page.objects.get(pk=story.pk).live
    assert PageLogEntry.objects.filter(page=story, action="wagtail.publish").count() == 1


def test_send_back_needs_a_comment_and_returns_the_story(client, people):
    story = submitted_story(people["staff"])
    client = logged_in(client, people["leader3"])
    assert client.post(review_url(story), {"action": "reject"}).status_code == 400
    response = client.post(
        review_url(story),
        {"action": "reject", "reject-comment": "Please remove the village name."},
        follow=True,
    )
    assert "Sent back" in response.content.decode()
    story.refresh_from_db()
    assert story.current_workflow_state.status == "needs_changes"
    assert not Page.objects.get(pk=story.pk).live


def test_the_author_cannot_approve_through_the_screen(client, people):
    story = submitted_story(people["leader"])
    logged_in(client, people["leader2"]).post(review_url(story), CONFIRM)
    assert isinstance(state_of(story).task.specific, LeadersApproveTask)
    client = logged_in(client, people["leader"])
    html = client.get(review_url(story)).content.decode()
    assert ">Approve<" not in html
    assert "Send back" in html
    assert client.post(review_url(story), {"action": "approve"}).status_code in (302, 403)
    assert not state_of(story).leader_approvals.exists()


def test_a_consent_problem_is_shown_not_crashed(client, people):
    from consent.models import ConsentRecord

    story = submitted_story(people["staff"])
    ConsentRecord.objects.filter(pk=story.consent_id).update(status="withdrawn")
    response = logged_in(client, people["leader"]).post(review_url(story), CONFIRM, follow=True)
    assert response.status_code == 200
    assert "cannot be published" in response.content.decode()
    assert isinstance(state_of(story).task.specific, ConsentConfirmedTask)


def test_gujarati_by_default_for_a_leader_without_a_preference(client, people):
    story = submitted_story(people["staff"])
    client = logged_in(client, people["gujarati"])
    listing = client.get(reverse("moderation_waiting")).content.decode()
    assert 'lang="gu"' in listing
    assert "Stories to review" not in listing
    html = client.get(review_url(story)).content.decode()
    assert 'lang="gu"' in html
    assert "Consent confirmed" not in html
    assert 'lang="en"' in html  # the story itself stays in its own language


def test_a_leader_who_chose_hindi_gets_hindi(client, people):
    UserProfile.objects.filter(user=people["gujarati"]).delete()
    profile = UserProfile.get_for_user(people["gujarati"])
    profile.preferred_language = "hi"
    profile.save()
    html = logged_in(client, people["gujarati"]).get(reverse("moderation_waiting")).content
    assert 'lang="hi"' in html.decode()
