"""Withdraw and erase, done by the people who own the decision, from every place they are offered.

Every test signs in as a member of a group (never a superuser) and goes through the URL the
button links to. Taking pages offline for consent is a consent action: a leader may not publish
stories, a page may be locked by someone else or sit in a workflow, and still the story leaves
the public site. Staff and administrators, who lack the consent permission, get a clear refusal
and nothing changes.
"""

import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry, Page, PageLogEntry, WorkflowState

from consent.models import ConsentRecord
from tests.events.test_photos import draft_with, shown_images
from tests.support import people
from tests.support.event_factories import new_index, photo_block
from tests.support.story_factories import (
    make_consent,
    make_image,
    make_story,
    publish_translation,
    submitted_for_review,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def live_story():
    """A consented story, live in English, Gujarati and Hindi."""
    consent = make_consent(storyteller="Member W-7")
    story = make_story(consent, title="Story the leaders withdraw", publish=True)
    pages = [
        story,
        publish_translation(story, "gu", "પાછી ખેંચાતી વાર્તા"),
        publish_translation(story, "hi", "कहानी"),
    ]
    return consent, pages


def live_ids(pages) -> list[int]:
    return list(
        Page.objects.filter(pk__in=[p.pk for p in pages], live=True).values_list("pk", flat=True)
    )


def status_of(consent) -> str:
    return ConsentRecord.objects.get(pk=consent.pk).status


def message_texts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def withdraw_url(consent, next_url: str | None = None) -> str:
    url = reverse("consent_withdraw", args=[consent.pk])
    return f"{url}?next={next_url}" if next_url else url


# --- A leader withdraws ---------------------------------------------------------------------------


def test_a_leader_withdraws_from_the_consent_records_list(client, live_story):
    consent, pages = live_story
    leader = people.leader(language="en")
    client.force_login(leader)

    listing = client.get(reverse("wagtailsnippets_consent_consentrecord:list")).content.decode()
    button = re.search(rf'<a[^>]*href="([^"]*/consent/{consent.pk}/withdraw/[^"]*)"', listing)
    assert button, "no Withdraw consent button in the list"
    url = button.group(1).replace("&amp;", "&")

    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "3 pages use this consent" in confirm.content.decode()
    response = client.post(url, follow=True)

    assert response.redirect_chain[-1][0].startswith(
        reverse("wagtailsnippets_consent_consentrecord:list")
    )
    assert "3 pages are no longer on the public site" in " ".join(message_texts(response))
    assert status_of(consent) == ConsentRecord.Status.WITHDRAWN
    assert live_ids(pages) == []
    for language in ("en", "gu", "hi"):
        assert client.get(pages[0].url.replace("/en/", f"/{language}/")).status_code in (404, 410)


def test_the_withdrawal_is_logged_under_the_leader(client, live_story):
    consent, pages = live_story
    leader = people.leader(language="en")
    client.force_login(leader)
    client.post(withdraw_url(consent))
    record_entry = ModelLogEntry.objects.get(action="samvedna.consent.withdraw")
    assert record_entry.user_id == leader.pk
    unpublished = PageLogEntry.objects.filter(
        action="wagtail.unpublish", page_id__in=[p.pk for p in pages]
    )
    assert unpublished.count() == 3
    assert set(unpublished.values_list("user_id", flat=True)) == {leader.pk}
    # The log says nothing of the story.
    assert not unpublished.filter(label__icontains="withdraw the leaders").exists()
    assert "Story the leaders" not in " ".join(unpublished.values_list("label", flat=True))


def test_a_leader_withdraws_a_story_another_leader_locked(client, live_story):
    consent, pages = live_story
    locker = people.leader("locker")
    Page.objects.filter(pk=pages[0].pk).update(
        locked=True, locked_by=locker, locked_at=timezone.now()
    )
    client.force_login(people.leader("another", language="en"))
    client.post(withdraw_url(consent))
    assert live_ids(pages) == []
    assert status_of(consent) == ConsentRecord.Status.WITHDRAWN


def test_a_leader_withdraws_a_story_that_is_in_the_approval_workflow(client, live_story):
    consent, pages = live_story
    author = people.staff()
    story = pages[0]
    story.summary = "A new summary waiting for the leaders."
    submitted_for_review(author, story)
    assert WorkflowState.objects.active().filter(object_id=str(story.pk)).exists()

    client.force_login(people.leader(language="en"))
    client.post(withdraw_url(consent))
    assert live_ids(pages) == []
    assert not WorkflowState.objects.active().filter(object_id=str(story.pk)).exists()


def test_a_leader_withdraws_a_story_scheduled_to_go_live(client):
    consent = make_consent()
    story = make_story(consent, title="Scheduled story")
    revision = story.save_revision(approved_go_live_at=timezone.now() + datetime.timedelta(days=1))
    revision.publish()  # scheduled: not live yet
    client.force_login(people.leader(language="en"))
    client.post(withdraw_url(consent))
    revision.refresh_from_db()
    assert revision.approved_go_live_at is None
    call_command("publish_scheduled")
    assert not Page.objects.get(pk=story.pk).live


def test_a_leader_withdraws_from_the_storys_page_in_the_admin(client, live_story):
    consent, pages = live_story
    client.force_login(people.leader(language="en"))
    edit_url = reverse("wagtailadmin_pages:edit", args=[pages[1].pk])  # the Gujarati page
    edit = client.get(edit_url)
    assert edit.status_code == 200
    link = re.search(
        rf'href="([^"]*/consent/{consent.pk}/withdraw/\?next=[^"]*)"', edit.content.decode()
    )
    assert link, "no Withdraw consent action on the story's admin page"

    response = client.post(link.group(1).replace("&amp;", "&"))
    assert response.status_code == 302
    assert response["Location"] == edit_url  # back where she started
    assert live_ids(pages) == []


def test_a_leader_withdraws_from_the_review_screen(client, live_story):
    consent, pages = live_story
    author = people.staff()
    story = pages[0]
    submitted_for_review(author, story)
    state = story.current_workflow_task_state
    client.force_login(people.leader(language="en"))
    review = client.get(reverse("moderation_review", args=[state.pk])).content.decode()
    link = re.search(rf'href="([^"]*/consent/{consent.pk}/withdraw/[^"]*)"', review)
    assert link, "no Withdraw consent on the review screen"
    response = client.post(link.group(1).replace("&amp;", "&"))
    assert response["Location"] == reverse("moderation_waiting")  # back to her list
    assert live_ids(pages) == []
    assert status_of(consent) == ConsentRecord.Status.WITHDRAWN


def test_withdrawal_by_a_leader_withholds_event_photos_and_keeps_the_event(client):
    photo_consent = make_consent(photo=True, storyteller="Member P-9")
    people_photo = make_image("Women at a meeting")
    venue = make_image("The hall before the meeting")
    event = draft_with(
        new_index(),
        photo_block(people_photo, consent=photo_consent),
        photo_block(venue, shows_people=False),
        title="Meeting with photos",
    )
    event.save_revision().publish()
    url = Page.objects.get(pk=event.pk).url
    assert shown_images(client.get(url)) == ["Women at a meeting", "The hall before the meeting"]

    client.force_login(people.leader(language="en"))
    confirm = client.get(withdraw_url(photo_consent)).content.decode()
    assert "1 photo disappears from event pages" in confirm
    client.post(withdraw_url(photo_consent))
    client.logout()
    assert Page.objects.get(pk=event.pk).live
    assert shown_images(client.get(url)) == ["The hall before the meeting"]


def test_withdraw_consent_command_logs_the_leader(live_story):
    consent, pages = live_story
    leader = people.leader("kesar-leader", language="en")
    call_command("withdraw_consent", str(consent.pk), "--by", "kesar-leader")
    assert live_ids(pages) == []
    assert ModelLogEntry.objects.get(action="samvedna.consent.withdraw").user_id == leader.pk


# --- A leader erases ------------------------------------------------------------------------------


def test_a_leader_erases_after_saying_she_understands(client, live_story):
    consent, pages = live_story
    leader = people.leader(language="en")
    client.force_login(leader)
    url = reverse("consent_erase", args=[consent.pk])

    confirm = client.get(url).content.decode()
    assert "This cannot be undone" in confirm
    unticked = client.post(url)
    assert unticked.status_code == 400
    assert "Tick the box first" in unticked.content.decode()
    assert Page.objects.filter(pk__in=[p.pk for p in pages]).count() == 3  # nothing erased yet

    response = client.post(url, {"understood": "yes"})
    assert response.status_code == 302
    assert not Page.objects.filter(pk__in=[p.pk for p in pages]).exists()
    assert status_of(consent) == ConsentRecord.Status.ERASED
    assert ModelLogEntry.objects.get(action="samvedna.consent.erase").user_id == leader.pk


def test_a_leader_erases_a_locked_story_in_a_workflow(client, live_story):
    consent, pages = live_story
    author = people.staff()
    story = pages[0]
    submitted_for_review(author, story)
    Page.objects.filter(pk=story.pk).update(
        locked=True, locked_by=people.leader("locker"), locked_at=timezone.now()
    )
    client.force_login(people.leader(language="en"))
    client.post(reverse("consent_erase", args=[consent.pk]), {"understood": "yes"})
    assert not Page.objects.filter(pk__in=[p.pk for p in pages]).exists()
    assert not WorkflowState.objects.filter(object_id=str(story.pk)).exists()


def test_the_withdraw_screen_sets_erasing_apart(client, live_story):
    consent, _pages = live_story
    client.force_login(people.leader(language="en"))
    html = client.get(withdraw_url(consent)).content.decode()
    withdraw_at = html.index("Yes, withdraw consent now")
    danger = html.index('class="consent-action__danger"')
    assert withdraw_at < danger, "erasing must come after, and apart from, withdrawing"
    assert "It cannot be undone" in html[danger:]


def test_the_list_shows_withdraw_on_its_own_and_erase_only_in_the_more_menu(client, live_story):
    consent, _pages = live_story
    client.force_login(people.leader(language="en"))
    html = client.get(reverse("wagtailsnippets_consent_consentrecord:list")).content.decode()
    row = html[html.index(f"/consent/{consent.pk}/withdraw/") - 600 :]
    row = row[: row.index("</tr>")]
    withdraw_button = re.search(r"<a[^>]*consent-withdraw-button[^>]*>", row)
    assert withdraw_button, "Withdraw consent is not a button of its own in the row"
    dropdown_at = row.index("w-dropdown")
    assert row.index("consent-withdraw-button") < dropdown_at
    assert row.index(f"/consent/{consent.pk}/erase/") > dropdown_at


# --- Everyone else is refused, and nothing changes ------------------------------------------------


@pytest.mark.parametrize(
    "make_person", [people.staff, people.administrator], ids=["staff", "administrator"]
)
@pytest.mark.parametrize("action", ["withdraw", "erase"])
def test_people_without_the_consent_permission_are_refused_clearly(
    client, live_story, make_person, action
):
    consent, pages = live_story
    client.force_login(make_person())
    url = reverse(f"consent_{action}", args=[consent.pk])
    for response in (
        client.get(url, follow=True),
        client.post(url, {"understood": "yes"}, follow=True),
    ):
        assert response.status_code == 200
        assert any("Only Samvedna leaders can" in text for text in message_texts(response))
    assert status_of(consent) == ConsentRecord.Status.ACTIVE
    assert len(live_ids(pages)) == 3
    assert not ModelLogEntry.objects.filter(action__startswith="samvedna.consent.").exists()


def test_staff_see_no_withdraw_or_erase_buttons(client, live_story):
    consent, pages = live_story
    client.force_login(people.staff())
    listing = client.get(reverse("wagtailsnippets_consent_consentrecord:list")).content.decode()
    assert f"/consent/{consent.pk}/withdraw/" not in listing
    assert f"/consent/{consent.pk}/erase/" not in listing
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[pages[0].pk])).content.decode()
    assert f"/consent/{consent.pk}/withdraw/" not in edit


def test_the_command_refuses_a_staff_member_and_changes_nothing(live_story):
    consent, pages = live_story
    people.staff("kmvs-writer")
    with pytest.raises(CommandError, match="may not withdraw consent"):
        call_command("withdraw_consent", str(consent.pk), "--by", "kmvs-writer")
    assert status_of(consent) == ConsentRecord.Status.ACTIVE
    assert len(live_ids(pages)) == 3
