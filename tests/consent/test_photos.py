"""Photos of people on every page type: faces checked, and a consent where one is named
(safety rules 1, 2 and 4).

Home, standard, guide, event and index pages: each photo of a page body and each share image
says whether it shows people. Every image must have had its faces checked (an image stored
before the face check is refused and never shown; tests/consent/test_shown_faces.py has the
faces themselves); a photo that names a consent record is published only while that record is
in force and covers photos in the page's language, and leaves the page (not rendered, not in
the share meta tags, resized copies deleted, page purged) the moment that consent ends. The
editors and leaders act through the admin's own views; the reader is an anonymous client.
"""

import importlib
import os

import pytest
from django.apps import apps as django_apps
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.models import Page

from consent.guard import ConsentGuardError
from consent.models import ConsentRecord
from events.models import EventPage
from home.models import HomePage, StandardPage
from privacy.images.renditions import is_public_rendition_name
from privacy.public_pages import serving_public_page
from resources.models import ResourceIndexPage, ResourcePage
from stories.models import StoryIndexPage
from tests.support import frontend_cache
from tests.support.event_factories import add_event, new_index
from tests.support.helpers import parse
from tests.support.story_factories import (
    leader_unticks_photos,
    make_consent,
    make_image,
    unchecked_image,
)

pytestmark = pytest.mark.django_db

PHOTO_FILTER = "width-800|format-webp"
SHARE_FILTER = "fill-1200x630"


@pytest.fixture
def recorded_purges(settings):
    settings.WAGTAILFRONTENDCACHE = {
        "recorder": {"BACKEND": "tests.support.frontend_cache.RecordingBackend"}
    }
    frontend_cache.PURGED.clear()
    return frontend_cache.PURGED


@pytest.fixture
def about():
    return StandardPage.objects.get(locale__language_code="en", slug="about")


def is_live(page) -> bool:
    return Page.objects.get(pk=page.pk).live


def shown_images(response) -> list[str]:
    return [img["alt"] for img in parse(response.content).find("img")]


def share_images(response) -> list[dict]:
    return parse(response.content).find("meta", property="og:image")


def edit_form(client, page, **fields) -> dict:
    """What the page editor posts: the form's own values, then ``fields``. StreamFields not
    in ``fields`` are posted empty (these tests are about photos, not the rest of the body)."""
    from wagtail.blocks.base import BlockField

    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    form = client.get(url).context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name)
        if isinstance(field, BlockField):
            data[f"{name}-count"] = "0"
        elif isinstance(value, list):
            data[name] = [getattr(item, "pk", item) for item in value]
        elif value is not None and value is not False and name != "og_image_shows_people":
            data[name] = getattr(value, "pk", value)
    data.update(fields)
    return data


def body_photo(field: str, image, *, shows_people: bool = True, consent=None) -> dict:
    """One photo as the only block of the StreamField ``field``, as the editor posts it."""
    data = {
        f"{field}-count": "1",
        f"{field}-0-type": "image",
        f"{field}-0-value-image": str(image.pk),
        f"{field}-0-value-caption": "At the meeting",
        f"{field}-0-value-consent": str(consent.pk) if consent else "",
        f"{field}-0-deleted": "",
        f"{field}-0-order": "0",
    }
    if shows_people:
        data[f"{field}-0-value-shows_people"] = "on"
    return data


def share_image(image, *, shows_people: bool = True, consent=None) -> dict:
    data = {"og_image": str(image.pk), "og_image_consent": str(consent.pk) if consent else ""}
    if shows_people:
        data["og_image_shows_people"] = "on"
    return data


def post_edit(client, page, data: dict):
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)


# --- Standard and home pages, through the editor ----------------------------------------------


@pytest.mark.parametrize("which", ["standard", "home"])
def test_a_photo_of_people_on_a_page_body_needs_checked_faces_and_its_consent_to_be_published(
    which, staff_client, administrator_client, about, client
):
    page = about if which == "standard" else HomePage.objects.get(locale__language_code="en")
    people = unchecked_image("Women at a meeting")
    # Staff may not publish these pages: a draft with the photo is kept (nothing lost).
    draft = edit_form(staff_client, page, **body_photo("body", people))
    response = post_edit(staff_client, page, draft)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert page.get_latest_revision().content["body"]

    # A site administrator publishes: refused while its faces were not checked, even with a
    # consent, with the reason.
    record = make_consent(photo=True, storyteller="Member W-2")
    data = edit_form(administrator_client, page, **body_photo("body", people, consent=record))
    response = post_edit(administrator_client, page, {**data, "action-publish": "publish"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "cannot be published because" in html
    assert "Body › 1 (photo): the photo&#x27;s faces were not checked yet" in html
    assert "Women at a meeting" not in shown_images(client.get(page.url))

    # Uploaded again (the face check runs): its consent is still checked.
    people.file.save("again.png", ContentFile(people.file.open("rb").read()), save=True)
    assert people.faces_hidden_or_not_shown

    # With a consent that does not cover photos: refused, saying so.
    text_only = make_consent(photo=False, storyteller="Member W-1")
    data = edit_form(administrator_client, page, **body_photo("body", people, consent=text_only))
    response = post_edit(administrator_client, page, {**data, "action-publish": "publish"})
    assert response.status_code == 200
    assert "does not cover photos" in response.content.decode()

    # With a consent covering photos: published, and the reader sees the photo.
    data = edit_form(administrator_client, page, **body_photo("body", people, consent=record))
    response = post_edit(administrator_client, page, {**data, "action-publish": "publish"})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert "Women at a meeting" in shown_images(client.get(page.url))


def test_a_photo_that_shows_nobody_needs_no_consent(administrator_client, about, client):
    chairs = make_image("Empty chairs")
    data = edit_form(
        administrator_client,
        about,
        **body_photo("body", chairs, shows_people=False),
        **share_image(chairs, shows_people=False),
    )
    response = post_edit(administrator_client, about, {**data, "action-publish": "publish"})
    assert response.status_code == 302, response.content.decode()[:3000]
    response = client.get(about.url)
    assert shown_images(response) == ["Empty chairs"]
    assert share_images(response)


@pytest.mark.parametrize(
    ("model", "language_page"),
    [
        (StandardPage, "about"),
        (ResourcePage, None),
        (ResourceIndexPage, None),
        (StoryIndexPage, None),
    ],
    ids=["standard", "guide", "guide-index", "story-index"],
)
def test_a_share_image_needs_checked_faces_and_its_consent_on_every_page_type(
    administrator_client, client, model, language_page, pages_of_each_kind
):
    page = model.objects.filter(locale__language_code="en").live().first()
    unchecked = unchecked_image("A leader speaking, before faces were checked")
    data = edit_form(administrator_client, page, **share_image(unchecked, shows_people=False))
    response = post_edit(administrator_client, page, {**data, "action-publish": "publish"})
    assert response.status_code == 200
    assert "Share image: the photo&#x27;s faces were not checked yet" in (response.content.decode())
    assert not share_images(client.get(page.url))

    people = make_image("A leader speaking")
    text_only = make_consent(photo=False, storyteller="Member W-3a")
    data = edit_form(administrator_client, page, **share_image(people, consent=text_only))
    response = post_edit(administrator_client, page, {**data, "action-publish": "publish"})
    assert response.status_code == 200
    assert "Share image: it does not cover photos" in response.content.decode()
    assert not share_images(client.get(page.url))

    record = make_consent(photo=True, storyteller="Member W-3")
    data = edit_form(administrator_client, page, **share_image(people, consent=record))
    response = post_edit(administrator_client, page, {**data, "action-publish": "publish"})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert share_images(client.get(page.url))


def test_the_share_image_consent_must_allow_the_pages_language(about):
    english_only = make_consent(photo=True, languages=("en",))
    gujarati = StandardPage.objects.get(
        locale__language_code="gu", translation_key=about.translation_key
    )
    gujarati.og_image = make_image("A leader speaking")
    gujarati.og_image_consent = english_only
    with pytest.raises(ConsentGuardError, match="Share image: it does not allow the story in"):
        gujarati.save_revision().publish()


# --- Events: staff submit, leaders approve -----------------------------------------------------


@pytest.mark.parametrize("covered", [True, False], ids=["consented", "refused"])
def test_an_events_share_image_of_people_goes_through_the_leaders_review(
    staff_client, leader_client, client, covered
):
    index = new_index()
    event = add_event(index, "Rally in Bhuj", live=False)
    people = make_image("Women marching")
    record = make_consent(photo=covered, storyteller="Member W-4")
    data = edit_form(
        staff_client,
        event,
        **share_image(people, consent=record),
        **{"recap-count": "0", "start": "2024-06-01 10:00", "end": "2024-06-01 16:00"},
    )
    response = post_edit(staff_client, event, {**data, "action-submit": "submit"})
    assert response.status_code == 302, response.content.decode()[:3000]
    event.refresh_from_db()
    state = event.current_workflow_task_state
    response = leader_client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[event.pk, "approve", state.pk]),
        {"comment": ""},
    )
    assert response.status_code in (200, 302)
    assert is_live(event) is covered
    if covered:
        assert share_images(client.get(EventPage.objects.get(pk=event.pk).url))


# --- When the consent ends ------------------------------------------------------------------


def test_a_leader_withdrawing_the_consent_takes_the_photo_and_share_image_off_the_page(
    administrator_client,
    leader_client,
    about,
    client,
    recorded_purges,
    django_capture_on_commit_callbacks,
):
    people = make_image("Women at a meeting")
    record = make_consent(photo=True, storyteller="Member W-5")
    data = edit_form(
        administrator_client,
        about,
        **body_photo("body", people, consent=record),
        **share_image(people, consent=record),
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = post_edit(administrator_client, about, {**data, "action-publish": "publish"})
    assert response.status_code == 302, response.content.decode()[:3000]
    response = client.get(about.url)
    assert shown_images(response) == ["Women at a meeting"]
    assert share_images(response)
    renditions = list(people.renditions.all())
    assert {r.filter_spec for r in renditions} >= {PHOTO_FILTER, SHARE_FILTER}
    files = [r.file.path for r in renditions]
    assert all(os.path.exists(path) for path in files)
    recorded_purges.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = leader_client.post(reverse("consent_withdraw", args=[record.pk]))
    assert response.status_code == 302

    assert is_live(about)  # the page stays, without the photo
    response = client.get(about.url)
    assert response.status_code == 200
    assert shown_images(response) == []
    assert "At the meeting" not in response.content.decode()  # the caption goes with it
    assert not share_images(response)
    assert not people.renditions.exists()
    assert not any(os.path.exists(path) for path in files)
    assert get_image_model().objects.get(pk=people.pk).is_withdrawn
    assert any(url.endswith(about.url) for url in recorded_purges), recorded_purges


def test_a_consent_that_lapses_hides_the_photo_before_any_job_runs(
    administrator_client, about, client
):
    people = make_image("Women at a meeting")
    record = make_consent(photo=True, storyteller="Member W-6")
    data = edit_form(
        administrator_client,
        about,
        **body_photo("body", people, consent=record),
        **share_image(people, consent=record),
    )
    post_edit(administrator_client, about, {**data, "action-publish": "publish"})
    assert shown_images(client.get(about.url)) == ["Women at a meeting"]
    ConsentRecord.objects.filter(pk=record.pk).update(covers_photo=False)
    response = client.get(about.url)
    assert shown_images(response) == []
    assert not share_images(response)


def test_erasing_the_consent_deletes_the_photo_and_keeps_the_page(leader_client, about, client):
    people = make_image("Women at a meeting")
    record = make_consent(photo=True, storyteller="Member W-7")
    about.og_image = people
    about.og_image_consent = record
    about.body = [
        {
            "type": "image",
            "value": {
                "image": people.pk,
                "caption": "",
                "shows_people": True,
                "consent": record.pk,
            },
        }
    ]
    about.save_revision().publish()
    response = leader_client.post(reverse("consent_erase", args=[record.pk]), {"understood": "yes"})
    assert response.status_code == 302
    assert not get_image_model().objects.filter(pk=people.pk).exists()
    assert is_live(about)
    assert client.get(about.url).status_code == 200


# --- Pages published before the question existed ----------------------------------------------


def test_photos_published_before_the_question_are_withheld_and_block_republishing(about, client):
    """The data migration: a live page's unanswered share image and body photo (stored without
    "shows_people") lose their public copies; the page stays live without them and cannot be
    published again until an editor answers."""
    migration = importlib.import_module("home.migrations.0004_withhold_unanswered_photos")
    old_photo = unchecked_image("Photo from before")
    old_share = unchecked_image("Share image from before")
    StandardPage.objects.filter(pk=about.pk).update(
        og_image=old_share,
        body=[{"type": "image", "value": {"image": old_photo.pk, "caption": "Before"}}],
    )
    about = StandardPage.objects.get(pk=about.pk)
    with serving_public_page(about):  # as a reader's view made them, before this change
        public = [old_photo.get_rendition(PHOTO_FILTER), old_share.get_rendition(SHARE_FILTER)]
    assert all(is_public_rendition_name(r.file.name) for r in public)
    paths = [r.file.path for r in public]
    assert all(os.path.exists(path) for path in paths)

    migration.withhold_unanswered_photos(django_apps, None)

    assert not any(os.path.exists(path) for path in paths)
    assert (
        not get_image_model()
        .get_rendition_model()
        .objects.filter(pk__in=[r.pk for r in public])
        .exists()
    )
    assert is_live(about)
    response = client.get(about.url)
    assert response.status_code == 200
    assert shown_images(response) == []
    assert not share_images(response)
    with pytest.raises(ConsentGuardError) as refused:
        about.save_revision().publish()
    # Stored before faces were checked, too: refused until uploaded again.
    assert "Body › 1 (photo): the photo's faces were not checked yet" in refused.value.reasons
    assert "Share image: the photo's faces were not checked yet" in refused.value.reasons


def test_a_consent_edited_to_stop_covering_photos_withholds_their_public_copies(
    administrator_client, leader_client, about, client, django_capture_on_commit_callbacks
):
    people = make_image("Women at a meeting")
    record = make_consent(photo=True, storyteller="Member W-8")
    data = edit_form(administrator_client, about, **body_photo("body", people, consent=record))
    with django_capture_on_commit_callbacks(execute=True):
        post_edit(administrator_client, about, {**data, "action-publish": "publish"})
        client.get(about.url)
    (public,) = people.renditions.filter(filter_spec=PHOTO_FILTER)
    assert is_public_rendition_name(public.file.name)
    path = public.file.path
    assert os.path.exists(path)

    # A leader edits the record in the admin: it no longer covers photos.
    with django_capture_on_commit_callbacks(execute=True):
        response = leader_unticks_photos(leader_client, record)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert not ConsentRecord.objects.get(pk=record.pk).covers_photo

    assert not os.path.exists(path)
    assert shown_images(client.get(about.url)) == []


def test_the_consents_of_a_pages_photos_and_share_image_are_read_in_one_query(about, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    records = [make_consent(photo=True, storyteller=f"Member Q-{n}") for n in range(4)]
    images = [make_image(f"Person {n}") for n in range(4)]
    about.body = [
        {
            "type": "image",
            "value": {"image": image.pk, "caption": "", "shows_people": True, "consent": r.pk},
        }
        for image, r in zip(images[:3], records[:3], strict=True)
    ]
    about.og_image = images[3]
    about.og_image_consent = records[3]
    about.save_revision().publish()
    client.get(about.url)  # renditions are made on the first view
    with CaptureQueriesContext(connection) as queries:
        response = client.get(about.url)
    assert shown_images(response) == ["Person 0", "Person 1", "Person 2"]
    assert share_images(response)
    face_queries = [q for q in queries.captured_queries if "privacy_faceregion" in q["sql"]]
    consent_queries = [
        q
        for q in queries.captured_queries
        if "consent_consentrecord" in q["sql"] and q not in face_queries
    ]
    assert len(consent_queries) == 1
    assert len(face_queries) == 1  # the faces of the four images: one query (consent.faces)
    assert len(queries) <= 8  # the site's budget for a public page, faces query included
