"""Photos of people on event pages: faces checked, and the consent a photo names (safety rules
1, 2 and 4).

Every publish path refuses a photo whose faces were not checked (a group photo with its faces
hidden needs no consent of its own: tests/consent/test_shown_faces.py) and a photo that names
a consent not in force, not covering photos or not the page's language; a photo whose consent
ends disappears from the page at once (checked on every view), its resized copies are deleted
and the page stays online without it; erasure deletes the file. Photos that show nobody are
never affected.
"""

import datetime
import os

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.actions.publish_page_revision import PublishPageRevisionAction
from wagtail.images import get_image_model
from wagtail.models import Locale, Page

from consent.guard import ConsentGuardError
from consent.lifecycle import erase_consent, withdraw_consent
from consent.models import ConsentRecord
from events.models import EventPage
from moderation.groups import EVENT_WORKFLOW
from tests.support import frontend_cache
from tests.support.event_factories import (
    add_event,
    gallery_block,
    new_index,
    paragraph,
    photo_block,
)
from tests.support.helpers import parse
from tests.support.story_factories import make_consent, make_image, unchecked_image

pytestmark = pytest.mark.django_db

RECAP_TEXT = "Women from five blocks came together."


@pytest.fixture
def index():
    return new_index()


@pytest.fixture
def photo_consent():
    return make_consent(photo=True, storyteller="Member P-1")


@pytest.fixture
def recorded_purges(settings):
    settings.WAGTAILFRONTENDCACHE = {
        "recorder": {"BACKEND": "tests.support.frontend_cache.RecordingBackend"}
    }
    frontend_cache.PURGED.clear()
    return frontend_cache.PURGED


def is_live(page) -> bool:
    return Page.objects.get(pk=page.pk).live


def draft_with(index, *blocks, title: str = "Recap day", **fields) -> EventPage:
    return add_event(index, title, live=False, recap=[paragraph(RECAP_TEXT), *blocks], **fields)


def shown_images(response) -> list[str]:
    """The alt texts of the photos the page shows."""
    return [img["alt"] for img in parse(response.content).find("img")]


def lapse(record: ConsentRecord, **changes) -> None:
    """Change a record behind the signals' back: the moment before any job reacts."""
    ConsentRecord.objects.filter(pk=record.pk).update(**changes)


# --- What publishing requires ------------------------------------------------------------------


def test_a_photo_whose_faces_were_not_checked_cannot_be_published(index, photo_consent):
    for consent in (None, photo_consent):  # not even with a consent
        event = draft_with(
            index, photo_block(unchecked_image("Women at a meeting"), consent=consent)
        )
        with pytest.raises(ConsentGuardError, match="the photo's faces were not checked yet"):
            event.save_revision().publish()
        assert not is_live(event)
        event.delete()


@pytest.mark.parametrize(
    ("consent_kwargs", "changes", "expected"),
    [
        ({"photo": False}, {}, "does not cover photos"),
        ({"photo": True}, {"status": ConsentRecord.Status.WITHDRAWN}, "withdrawn"),
        ({"photo": True}, {"status": ConsentRecord.Status.EXPIRED}, "expired"),
        (
            {"photo": True},
            {"review_by": datetime.date.today() - datetime.timedelta(days=1)},
            "review date",
        ),
        ({"photo": True, "languages": ("gu", "hi")}, {}, "does not allow the story in English"),
    ],
    ids=["no-photo-scope", "withdrawn", "expired", "past-review", "wrong-language"],
)
def test_the_refusal_says_what_is_wrong_with_the_photo_consent(
    index, consent_kwargs, changes, expected
):
    record = make_consent(**consent_kwargs)
    lapse(record, **changes)
    event = draft_with(index, photo_block(make_image(), consent=record))
    with pytest.raises(ConsentGuardError) as refused:
        event.save_revision().publish()
    reasons = " ".join(refused.value.reasons)
    assert expected in reasons
    assert "Recap › 2 (photo)" in reasons  # which photo: the second block of the recap
    assert not is_live(event)


def test_every_gallery_photo_is_checked(index, photo_consent):
    gallery = gallery_block(
        {"image": make_image().pk, "shows_people": True, "consent": photo_consent.pk},
        {"image": make_image().pk, "shows_people": True, "consent": None},
        {"image": unchecked_image().pk, "shows_people": True, "consent": None},
    )
    event = draft_with(index, gallery)
    with pytest.raises(ConsentGuardError) as refused:
        event.save_revision().publish()
    assert refused.value.reasons == [
        "Recap › 2 (gallery), photo 3: the photo's faces were not checked yet"
    ]


def test_the_language_of_the_translation_is_checked(index, photo_consent):
    english_only = make_consent(photo=True, languages=("en",))
    event = draft_with(index, photo_block(make_image(), consent=english_only))
    event.save_revision().publish()
    assert is_live(event)
    new_index("gu")  # the Gujarati index, translation of this one
    gujarati = event.copy_for_translation(Locale.objects.get(language_code="gu"))
    with pytest.raises(ConsentGuardError, match="does not allow the story in"):
        gujarati.save_revision().publish()
    assert not is_live(gujarati)


def test_photos_without_people_and_consented_photos_publish(index, photo_consent):
    event = draft_with(
        index,
        photo_block(make_image("Empty chairs"), shows_people=False),
        photo_block(make_image("Women at a meeting"), consent=photo_consent),
    )
    event.save_revision().publish()
    assert is_live(event)


# --- Every publish path -----------------------------------------------------------------------

COVERED = pytest.mark.parametrize("covered", [True, False], ids=["control", "refused"])


def people_photo_event(index, covered: bool) -> EventPage:
    """A draft with a photo of people whose consent covers photos (control) or does not."""
    record = make_consent(photo=covered)
    return draft_with(index, photo_block(make_image("Women at a meeting"), consent=record))


@COVERED
def test_path_editor_publish_button(administrator_client, index, covered):
    # Site administrators may publish events directly; the guard still checks each photo.
    event = people_photo_event(index, covered)
    image_id, consent_id = (event.recap.raw_data[1]["value"][k] for k in ("image", "consent"))
    url = reverse("wagtailadmin_pages:edit", args=[event.pk])
    form = administrator_client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data.update(
        {
            "title": event.title,
            "slug": event.slug,
            "start": "2024-06-01 10:00",
            "end": "2024-06-01 16:00",
            "town": "bhuj",
            "status": "scheduled",
            "announcement": event.announcement,
            "recap-count": "1",
            "recap-0-type": "image",
            "recap-0-value-image": str(image_id),
            "recap-0-value-caption": "",
            "recap-0-value-shows_people": "on",
            "recap-0-value-consent": str(consent_id),
            "recap-0-deleted": "",
            "recap-0-order": "0",
            "action-publish": "action-publish",
        }
    )
    response = administrator_client.post(url, data)
    if covered:
        assert response.status_code == 302, response.content.decode()[:3000]
        assert is_live(event)
        return
    assert response.status_code == 200  # the form again, with the reason
    assert "cannot be published because" in response.content.decode()
    assert "does not cover photos" in response.content.decode()
    assert not is_live(event)


@COVERED
def test_path_revision_publish(index, covered):
    event = people_photo_event(index, covered)
    revision = event.save_revision()
    if covered:
        revision.publish()
    else:
        with pytest.raises(ConsentGuardError):
            revision.publish()
    assert is_live(event) is covered


def test_path_publish_page_revision_action_and_direct_save(index):
    event = people_photo_event(index, covered=False)
    with pytest.raises(ConsentGuardError):
        PublishPageRevisionAction(event.save_revision()).execute(skip_permission_checks=True)
    event.live = True
    with pytest.raises(ConsentGuardError):
        event.save()
    assert not is_live(event)


@COVERED
def test_path_leader_review_workflow_approval(leader_client, staff_member, index, covered):
    author = staff_member
    event = people_photo_event(index, covered)
    event.save_revision(user=author)
    workflow = event.get_workflow()
    assert workflow.name == EVENT_WORKFLOW  # the index's workflow, see events/test_workflow.py
    workflow.start(event, author)
    event.refresh_from_db()
    state = event.current_workflow_task_state
    response = leader_client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[event.pk, "approve", state.pk]),
        {"comment": ""},
    )
    assert response.status_code in (200, 302)
    assert is_live(event) is covered
    if not covered:
        event.refresh_from_db()
        # Nothing half-done: the review is still waiting for a decision.
        assert event.current_workflow_task_state is not None


# --- What a reader sees --------------------------------------------------------------------------


@pytest.fixture
def published_event(index, photo_consent):
    """A live event: a photo of people with consent, a photo of the venue, and a gallery."""
    other_consent = make_consent(photo=True, storyteller="Member P-2")
    people = make_image("Women at a meeting")
    venue = make_image("Empty chairs before the meeting")
    in_gallery = make_image("A leader at the microphone")
    event = draft_with(
        index,
        photo_block(people, consent=photo_consent, caption="At the meeting"),
        photo_block(venue, shows_people=False, caption="The hall"),
        gallery_block(
            {"image": in_gallery.pk, "shows_people": True, "consent": photo_consent.pk},
            {"image": make_image("Banner").pk, "shows_people": True, "consent": other_consent.pk},
        ),
        title="Meeting with photos",
    )
    event.save_revision().publish()
    return event, people, venue, in_gallery


URL = "/en/test-events/meeting-with-photos/"


def test_consented_photos_and_photos_without_people_are_shown(client, published_event):
    response = client.get(URL)
    assert shown_images(response) == [
        "Women at a meeting",
        "Empty chairs before the meeting",
        "A leader at the microphone",
        "Banner",
    ]
    assert "At the meeting" in response.content.decode()


@pytest.mark.parametrize(
    "changes",
    [
        {"status": ConsentRecord.Status.WITHDRAWN},
        {"review_by": datetime.date.today() - datetime.timedelta(days=1)},
        {"covers_photo": False},
    ],
    ids=["withdrawn", "past-review", "no-longer-photos"],
)
def test_a_photo_whose_consent_ended_is_hidden_at_once(
    client, published_event, photo_consent, changes
):
    client.get(URL)
    lapse(photo_consent, **changes)  # no job has run, no signal: the next view must hide it
    response = client.get(URL)
    assert response.status_code == 200
    assert shown_images(response) == ["Empty chairs before the meeting", "Banner"]
    html = response.content.decode()
    assert "At the meeting" not in html  # the caption goes with its photo
    assert RECAP_TEXT in html and "Meeting with photos" in html


def test_a_removed_language_hides_the_photo_in_that_language(
    client, published_event, photo_consent
):
    ConsentRecord.languages.through.objects.filter(
        consentrecord_id=photo_consent.pk, locale__language_code="en"
    ).delete()
    assert "Women at a meeting" not in shown_images(client.get(URL))


def test_the_consents_of_all_photos_are_read_in_one_query(client, index):
    images = [make_image(f"Person {n}") for n in range(6)]
    records = [make_consent(photo=True, storyteller=f"Member Q-{n}") for n in range(6)]
    event = draft_with(
        index,
        *[
            photo_block(image, consent=record)
            for image, record in zip(images[:3], records[:3], strict=True)
        ],
        gallery_block(
            *[
                {"image": image.pk, "shows_people": True, "consent": record.pk}
                for image, record in zip(images[3:], records[3:], strict=True)
            ]
        ),
        title="Six people",
    )
    event.save_revision().publish()
    url = "/en/test-events/six-people/"
    client.get(url)  # renditions are made on the first view
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert len(shown_images(response)) == 6
    face_queries = [q for q in queries.captured_queries if "privacy_faceregion" in q["sql"]]
    consent_queries = [
        q
        for q in queries.captured_queries
        if "consent_consentrecord" in q["sql"] and q not in face_queries
    ]
    assert len(consent_queries) == 1
    assert len(face_queries) == 1  # the faces of the six images: one query (consent.faces)
    assert len(queries) <= 8  # the site's budget for a public page, faces query included


def test_a_people_photo_rendered_outside_the_page_is_never_shown():
    """The block's own template (admin previews, any other use) never shows a photo of
    people: only the event page, which checked the consent, can."""
    from events.blocks import EventPhotoBlock

    record = make_consent(photo=True)
    block = EventPhotoBlock()
    people = block.to_python(
        {
            "image": make_image("A face").pk,
            "caption": "Hi",
            "shows_people": True,
            "consent": record.pk,
        }
    )
    nobody = block.to_python(
        {"image": make_image("A wall").pk, "caption": "", "shows_people": False, "consent": None}
    )
    assert "<img" not in block.render(people)
    assert 'alt="A wall"' in block.render(nobody)


# --- The share image ----------------------------------------------------------------------------


def og_image(client, url: str) -> list[dict]:
    return parse(client.get(url).content).find("meta", property="og:image")


def test_share_image_never_shows_people_without_a_consent_in_force(
    client, published_event, photo_consent
):
    event, people, venue, _gallery = published_event
    # A photo that shows nobody can be the share image.
    event.og_image = venue
    event.og_image_shows_people = False
    event.save_revision().publish()
    assert og_image(client, URL)
    # An image whose faces were not checked is refused, whatever it is said to show.
    event = EventPage.objects.get(pk=event.pk)
    event.og_image = unchecked_image("Before the face check")
    event.og_image_shows_people = False
    with pytest.raises(ConsentGuardError, match="Share image: the photo's faces were not checked"):
        event.save_revision().publish()
    # A photo of people that names its consent is shown while that consent is in force.
    event = EventPage.objects.get(pk=event.pk)
    event.og_image = people
    event.og_image_shows_people = True
    event.og_image_consent = photo_consent
    event.save_revision().publish()
    assert og_image(client, URL)
    lapse(photo_consent, status=ConsentRecord.Status.WITHDRAWN)
    assert not og_image(client, URL)
    assert "twitter:card" in client.get(URL).content.decode()  # the page itself still works


def test_a_share_image_marked_as_showing_nobody_is_hidden_if_the_recap_shows_people_in_it(
    client, published_event, photo_consent
):
    """The recap says the photo shows people: the share image follows the recap's consent."""
    event, people, _venue, _gallery = published_event
    event.og_image = people
    event.og_image_shows_people = False
    event.save_revision().publish()
    assert og_image(client, URL)
    lapse(photo_consent, status=ConsentRecord.Status.WITHDRAWN)
    assert not og_image(client, URL)


# --- Withdrawal and erasure ---------------------------------------------------------------------


def test_withdrawal_withholds_only_that_consents_photos_and_keeps_the_page(
    client,
    published_event,
    photo_consent,
    leader_member,
    recorded_purges,
    django_capture_on_commit_callbacks,
):
    event, people, venue, in_gallery = published_event
    client.get(URL)  # renditions exist now
    rendition = people.get_rendition("width-800|format-webp")
    stored = rendition.file.path
    assert os.path.exists(stored)

    with django_capture_on_commit_callbacks(execute=True):
        # No page was taken offline.
        assert withdraw_consent(photo_consent, by=leader_member) == 0
    assert is_live(event)
    image_model = get_image_model()
    assert image_model.objects.get(pk=people.pk).withdrawn_at is not None
    assert image_model.objects.get(pk=in_gallery.pk).withdrawn_at is not None
    assert image_model.objects.get(pk=venue.pk).withdrawn_at is None
    assert not people.renditions.exists()
    assert not os.path.exists(stored)
    assert venue.renditions.exists()
    assert any(url.endswith(URL) for url in recorded_purges), recorded_purges

    response = client.get(URL)
    assert response.status_code == 200
    assert shown_images(response) == ["Empty chairs before the meeting", "Banner"]
    assert RECAP_TEXT in response.content.decode()


def test_withdrawal_also_withholds_a_photo_only_in_an_earlier_version(
    index, photo_consent, leader_member
):
    earlier = make_image("Removed later")
    event = draft_with(index, photo_block(earlier, consent=photo_consent), title="Changed")
    event.save_revision().publish()
    event = EventPage.objects.get(pk=event.pk)
    event.recap = [paragraph(RECAP_TEXT)]
    event.save_revision().publish()
    withdraw_consent(photo_consent, by=leader_member)
    assert get_image_model().objects.get(pk=earlier.pk).withdrawn_at is not None


def test_a_withdrawn_photo_cannot_be_published_again(
    index, published_event, photo_consent, leader_member
):
    event, *_ = published_event
    withdraw_consent(photo_consent, by=leader_member)
    with pytest.raises(ConsentGuardError, match="withdrawn"):
        EventPage.objects.get(pk=event.pk).save_revision().publish()


def test_erasure_deletes_the_photo_files_and_keeps_the_page(
    client, published_event, photo_consent, leader_member, django_capture_on_commit_callbacks
):
    event, people, venue, in_gallery = published_event
    stored = people.file.path
    assert os.path.exists(stored)
    with django_capture_on_commit_callbacks(execute=True):
        erase_consent(photo_consent, by=leader_member)
    image_model = get_image_model()
    assert not image_model.objects.filter(pk__in=[people.pk, in_gallery.pk]).exists()
    assert not os.path.exists(stored)
    assert image_model.objects.filter(pk=venue.pk).exists()
    assert is_live(event)
    response = client.get(URL)
    assert response.status_code == 200
    assert shown_images(response) == ["Empty chairs before the meeting", "Banner"]
    assert ConsentRecord.objects.get(pk=photo_consent.pk).status == ConsentRecord.Status.ERASED


def test_withdrawing_a_story_consent_leaves_event_photos_alone(
    client, published_event, leader_member
):
    from tests.support.story_factories import make_story

    other = make_consent(photo=True, storyteller="Member S-9")
    make_story(other, publish=True)
    withdraw_consent(other, by=leader_member)
    assert len(shown_images(client.get(URL))) == 4
    assert not get_image_model().objects.filter(withdrawn_at__isnull=False).exists()


def test_editing_a_consent_to_stop_covering_photos_purges_the_event_page(
    client, published_event, photo_consent, recorded_purges, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        photo_consent.covers_photo = False
        photo_consent.save()
    assert any(url.endswith(URL) for url in recorded_purges), recorded_purges
    assert "Women at a meeting" not in shown_images(client.get(URL))

    recorded_purges.clear()
    other = make_consent(photo=True, storyteller="Member P-3")  # used by no event
    with django_capture_on_commit_callbacks(execute=True):
        other.covers_voice = True
        other.save()
    assert recorded_purges == []


def test_the_editors_preview_shows_what_readers_would_see(staff_client, index, photo_consent):
    """The preview renders unsaved blocks (Python values, not stored JSON) with the same rule:
    the consented photo and the photo without people, not the one whose faces were never
    checked."""
    event = draft_with(index, title="Preview me")
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[event.pk])
    images = {
        "consented": make_image("Consented person"),
        "unconsented": unchecked_image("Person never checked"),
        "nobody": make_image("Nobody at all"),
    }
    data = {
        "title": event.title,
        "slug": event.slug,
        "start": "2024-06-01 10:00",
        "end": "2024-06-01 16:00",
        "town": "bhuj",
        "status": "scheduled",
        "announcement": "Preview announcement.",
        "recap-count": "3",
    }
    for position, (key, consent, people) in enumerate(
        [("consented", photo_consent, True), ("unconsented", None, True), ("nobody", None, False)]
    ):
        prefix = f"recap-{position}"
        data.update(
            {
                f"{prefix}-type": "image",
                f"{prefix}-value-image": str(images[key].pk),
                f"{prefix}-value-caption": "",
                f"{prefix}-value-consent": str(consent.pk) if consent else "",
                f"{prefix}-deleted": "",
                f"{prefix}-order": str(position),
            }
        )
        if people:
            data[f"{prefix}-value-shows_people"] = "on"
    assert staff_client.post(url, data).json()["is_valid"]
    response = staff_client.get(url)
    assert response.status_code == 200
    assert shown_images(response) == ["Consented person", "Nobody at all"]
