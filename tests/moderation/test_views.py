"""The leaders' review screens: "Waiting for me", one story's review, decisions via the task."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext
from wagtail.models import Page, PageLogEntry, TaskState, Workflow
from wagtail.users.models import UserProfile

from moderation.groups import LEADERS, STAFF
from moderation.models import ConsentConfirmedTask, LeadersApproveTask
from tests.support import people as people_module
from tests.support.story_factories import make_consent, make_story

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-password-1"
CONFIRM = {
    "action": "approve",
    "approve-heard_final_text": "on",
    "approve-consent_covers_it": "on",
}


@pytest.fixture
def people(db):
    def member(username, group, language=""):
        return people_module.member(username, group, language or None)

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
    assert "Approved by you. Waiting for 1 more leader." in response.content.decode()
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


# --- Allowing a flagged detail from the review screen -------------------------------------------

PHONE_IN_BODY = [{"type": "paragraph", "value": "<p>Call me on 98765 43210 any time.</p>"}]
ALLOW = {"action": "allow_details", "allow-reason": "She asked for her helpline to be printed."}


def test_a_leader_allows_a_flagged_detail_and_the_story_can_then_be_published(client, people):
    from consent.models import IdentifyingDetailOverride

    story = submitted_story(people["staff"], body=PHONE_IN_BODY)
    # Without the decision, even the consent step refuses to move the story on.
    client = logged_in(client, people["leader2"])
    response = client.post(review_url(story), CONFIRM, follow=True)
    assert "cannot be published" in response.content.decode()
    assert isinstance(state_of(story).task.specific, ConsentConfirmedTask)

    html = client.get(review_url(story)).content.decode()
    assert "These details must stay in the story" in html
    response = client.post(review_url(story), ALLOW, follow=True)
    html = response.content.decode()
    assert "The marked details may now be published with this story." in html
    assert "Warning: this may identify someone" not in html
    override = IdentifyingDetailOverride.objects.get(translation_key=story.translation_key)
    assert override.decided_by == people["leader2"]
    assert "98765" not in override.fingerprint  # only a keyed hash is kept
    entry = PageLogEntry.objects.get(page=story, action="samvedna.identifying.override")
    assert entry.user == people["leader2"]
    assert entry.data["reason"] == ALLOW["allow-reason"]

    client.post(review_url(story), CONFIRM)
    logged_in(client, people["leader"]).post(review_url(story), {"action": "approve"})
    logged_in(client, people["leader3"]).post(review_url(story), {"action": "approve"})
    assert Page.objects.get(pk=story.pk).live


def test_allowing_needs_a_reason_and_stores_nothing_without_one(client, people):
    from consent.models import IdentifyingDetailOverride

    story = submitted_story(people["staff"], body=PHONE_IN_BODY)
    response = logged_in(client, people["leader"]).post(
        review_url(story), {"action": "allow_details", "allow-reason": "ok"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "at least 10 characters" in html
    assert '<details class="review-allow" open' in html  # the form stays open on its error
    assert not IdentifyingDetailOverride.objects.exists()
    assert not PageLogEntry.objects.filter(action="samvedna.identifying.override").exists()


def test_only_holders_of_the_override_permission_can_allow_details(client, people):
    from consent.models import IdentifyingDetailOverride

    story = submitted_story(people["staff"], body=PHONE_IN_BODY)
    # A leader without the override permission (it was taken from her group) sees no form
    # and is refused if she posts anyway.
    from django.contrib.auth.models import Permission

    leaders = Group.objects.get(name=LEADERS)
    leaders.permissions.remove(Permission.objects.get(codename="add_identifyingdetailoverride"))
    client = logged_in(client, people["leader"])
    assert "These details must stay" not in client.get(review_url(story)).content.decode()
    refused = client.post(review_url(story), ALLOW, follow=True)
    assert "you do not have permission" in refused.content.decode()
    refused = logged_in(client, people["staff"]).post(review_url(story), ALLOW, follow=True)
    assert "you do not have permission" in refused.content.decode()
    assert not IdentifyingDetailOverride.objects.exists()


def test_no_allow_form_when_nothing_is_flagged(client, people):
    story = submitted_story(people["staff"])
    html = logged_in(client, people["leader"]).get(review_url(story)).content.decode()
    assert "These details must stay in the story" not in html


# --- Dashboard ----------------------------------------------------------------------------------


def test_leaders_dashboard_says_how_many_stories_wait_and_links_to_them(client, people):
    first = submitted_story(people["staff"], title="First waiting story")
    submitted_story(people["staff"], title="Second waiting story")
    html = logged_in(client, people["leader"]).get(reverse("wagtailadmin_home")).content.decode()
    assert "Stories waiting for you" in html
    assert "2 stories are waiting for you." in html
    assert "First waiting story" in html
    assert review_url(first) in html
    assert reverse("moderation_waiting") in html
    # Wagtail's own "Awaiting your review" duplicate is hidden from leaders (leaders_admin.py).
    assert "Awaiting your review" not in html


def test_dashboard_panel_is_empty_when_nothing_waits_and_absent_for_staff(client, people):
    html = logged_in(client, people["leader"]).get(reverse("wagtailadmin_home")).content.decode()
    assert "Nothing is waiting for you. Thank you!" in html
    html = logged_in(client, people["staff"]).get(reverse("wagtailadmin_home")).content.decode()
    assert "Stories waiting for you" not in html


def test_waiting_panel_queries_do_not_grow_with_the_stories(rf, people, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from moderation.panels import StoriesWaitingPanel

    def render_panel() -> tuple[int, str]:
        request = rf.get("/admin/")
        request.user = people["leader"]
        with CaptureQueriesContext(connection) as counted:
            html = StoriesWaitingPanel(people["leader"]).render_html({"request": request})
        return len(counted.captured_queries), html

    for number in range(3):
        submitted_story(people["staff"], title=f"Story {number}")
    render_panel()  # warm caches (content types)
    few, html = render_panel()
    assert "3 stories are waiting for you." in html
    for number in range(3, 12):
        submitted_story(people["staff"], title=f"Story {number}")
    many, html = render_panel()
    assert "12 stories are waiting for you." in html
    assert many == few


# --- Gujarati by default ----------------------------------------------------------------------


def test_joining_the_leaders_sets_gujarati_unless_she_chose(django_user_model):
    leaders = Group.objects.get(name=LEADERS)
    new = django_user_model.objects.create_user("new-leader", password=PASSWORD)
    new.groups.add(leaders)
    assert UserProfile.get_for_user(new).preferred_language == "gu"

    added_from_group = django_user_model.objects.create_user("other-leader", password=PASSWORD)
    leaders.user_set.add(added_from_group)
    assert UserProfile.get_for_user(added_from_group).preferred_language == "gu"

    chose_english = django_user_model.objects.create_user("english-leader", password=PASSWORD)
    profile = UserProfile.get_for_user(chose_english)
    profile.preferred_language = "en"
    profile.save()
    chose_english.groups.add(leaders)
    assert UserProfile.get_for_user(chose_english).preferred_language == "en"

    staff = django_user_model.objects.create_user("staff-member", password=PASSWORD)
    staff.groups.add(Group.objects.get(name=STAFF))
    assert UserProfile.get_for_user(staff).preferred_language == ""


def test_a_new_leaders_dashboard_is_in_gujarati(client, people):
    html = logged_in(client, people["gujarati"]).get(reverse("wagtailadmin_home")).content.decode()
    assert 'lang="gu"' in html
    assert "Stories waiting for you" not in html  # translated


# --- After her approval ---------------------------------------------------------------------------


def story_in_quorum_step(people, **fields):
    story = submitted_story(people["staff"], **fields)
    logged_in(Client(), people["leader3"]).post(review_url(story), CONFIRM)
    assert isinstance(state_of(story).task.specific, LeadersApproveTask)
    return story


def waiting_panel(dashboard: str) -> str:
    start = dashboard.index('aria-labelledby="stories-waiting-heading"')
    return dashboard[start : dashboard.index("</section>", start)]


def test_confirming_consent_says_what_happens_next(client, people):
    story = submitted_story(people["staff"])
    response = logged_in(client, people["leader"]).post(review_url(story), CONFIRM, follow=True)
    assert (
        "Consent confirmed. Next, 2 different leaders must approve the story. "
        "Then it is published." in response.content.decode()
    )


def test_after_she_approves_she_is_told_how_many_more_are_needed(client, people):
    story = story_in_quorum_step(people, title="Approved once")
    response = logged_in(client, people["leader"]).post(
        review_url(story), {"action": "approve"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("moderation_waiting")
    html = response.content.decode()
    assert "Approved by you. Waiting for 1 more leader." in html
    # Gone from HER list: it no longer waits for her.
    assert "Approved once" not in html
    assert "Nothing is waiting for you. Thank you!" in html


def test_three_leaders_needed_says_leaders_in_the_plural(client, people):
    LeadersApproveTask.objects.update(required_approvals=3)
    story = story_in_quorum_step(people)
    response = logged_in(client, people["leader"]).post(
        review_url(story), {"action": "approve"}, follow=True
    )
    assert "Approved by you. Waiting for 2 more leaders." in response.content.decode()


def test_the_message_is_in_her_language(client, people):
    story = story_in_quorum_step(people)
    response = logged_in(client, people["gujarati"]).post(
        review_url(story), {"action": "approve"}, follow=True
    )
    with translation.override("gu"):
        expected = ngettext(
            "Approved by you. Waiting for %(count)s more leader.",
            "Approved by you. Waiting for %(count)s more leaders.",
            1,
        ) % {"count": 1}
    assert expected != "Approved by you. Waiting for 1 more leader."
    assert expected in response.content.decode()


def test_the_story_leaves_her_list_and_count_but_not_the_other_leaders(client, people):
    story = story_in_quorum_step(people, title="Half approved")
    submitted_story(people["staff"], title="Still waiting for everyone")
    client = logged_in(client, people["leader"])
    client.post(review_url(story), {"action": "approve"})

    mine = client.get(reverse("moderation_waiting")).content.decode()
    assert "Half approved" not in mine
    assert "Still waiting for everyone" in mine
    panel = waiting_panel(client.get(reverse("wagtailadmin_home")).content.decode())
    assert "1 story is waiting for you." in panel
    assert "Half approved" not in panel

    other = logged_in(Client(), people["leader2"])
    theirs = other.get(reverse("moderation_waiting")).content.decode()
    assert "Half approved" in theirs
    assert "1 approval so far" in theirs
    panel = waiting_panel(other.get(reverse("wagtailadmin_home")).content.decode())
    assert "2 stories are waiting for you." in panel
    assert "Half approved" in panel


def test_reopening_the_screen_says_she_approved_and_offers_no_second_approval(client, people):
    story = story_in_quorum_step(people)
    client = logged_in(client, people["leader"])
    url = review_url(story)
    client.post(url, {"action": "approve"})

    html = client.get(url).content.decode()
    assert "You approved this story. Waiting for 1 more leader." in html
    assert 'name="action" value="approve"' not in html
    assert "Send back" in html  # she can still send it back
    assert "1 of 2 approvals" in html
    # Posting Approve again is refused and counts nothing.
    assert client.post(url, {"action": "approve"}).status_code in (302, 403)
    assert state_of(story).leader_approvals.count() == 1
    # Wagtail's own editor does not offer it to her either.
    page = Page.objects.get(pk=story.pk).specific
    task = state_of(story).task.specific
    assert "approve" not in [name for name, *_rest in task.get_actions(page, people["leader"])]
    assert "approve" in [name for name, *_rest in task.get_actions(page, people["leader2"])]


def test_the_second_approval_publishes_and_says_so(client, people):
    story = story_in_quorum_step(people)
    logged_in(client, people["leader"]).post(review_url(story), {"action": "approve"})
    response = logged_in(Client(), people["leader2"]).post(
        review_url(story), {"action": "approve"}, follow=True
    )
    assert "Published." in response.content.decode()
    assert Page.objects.get(pk=story.pk).live
