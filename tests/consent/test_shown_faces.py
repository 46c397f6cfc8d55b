"""A face is shown only while a consent covers photos in the page's language (issue 15).

The photos hold real planted faces (scikit-image's astronaut portrait pasted into a canvas),
stored through ``get_image_model().objects.create`` so the real face check runs. Every test
reads back what a reader or a leader would get: the stored file, the rendition files a page
references, the page's HTML. Staff link faces and leaders withdraw consent through the admin's
own views, as members of their groups.
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image
from skimage import data as skimage_data
from wagtail.images import get_image_model
from wagtail.models import Locale

from consent.guard import ConsentGuardError
from consent.models import ConsentRecord, ShownFace
from home.models import StandardPage
from privacy.images.faces.detector import detect_faces
from tests.support import frontend_cache
from tests.support.event_factories import add_event, new_index
from tests.support.helpers import parse
from tests.support.story_factories import leader_unticks_photos, make_consent, make_story

pytestmark = pytest.mark.django_db

FACE_AT = (60, 120)  # where the portrait is pasted
PORTRAIT = 300  # its size in pixels
GREY = 128  # the fill (hiding.py: #808080)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.WAGTAILFRONTENDCACHE = {
        "recorder": {"BACKEND": "tests.support.frontend_cache.RecordingBackend"}
    }
    return tmp_path


@pytest.fixture
def staff_client(staff_client, staff_member):
    """A KMVS staff member, signed in (tests/conftest.py), who uploads the photos here."""
    staff_client.user = staff_member
    return staff_client


def group_photo_bytes() -> bytes:
    canvas = Image.new("RGB", (900, 600), (40, 130, 70))
    portrait = Image.fromarray(skimage_data.astronaut()).resize((PORTRAIT, PORTRAIT))
    canvas.paste(portrait, FACE_AT)
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG")
    return buffer.getvalue()


def store_photo(description: str = "Women at the rally", by=None) -> tuple:
    """The photo stored as an editor's upload stores it: the face check runs. ``by`` uploaded
    it (staff may change the images they uploaded, as on Wagtail's image screens)."""
    original = group_photo_bytes()
    image = get_image_model().objects.create(
        title="Rally",
        description=description,
        file=ContentFile(original, "rally.png"),
        uploaded_by_user=by,
    )
    (region,) = image.face_regions.all()  # the planted face, found
    return image, region, original


def pixels(data: bytes) -> np.ndarray:
    with Image.open(io.BytesIO(data)) as picture:
        return np.asarray(picture.convert("RGB"), dtype=np.int16)


def stored(image) -> bytes:
    image.refresh_from_db()
    with image.open_file() as handle:
        return handle.read()


def inner(region, scale: float = 1.0) -> tuple[slice, slice]:
    """The middle of the filled area (away from resampled edges), scaled to a rendition."""
    left, top = region.left + region.width // 4, region.top + region.height // 4
    right, bottom = left + region.width // 2, top + region.height // 2
    return (
        slice(int(top * scale), int(bottom * scale)),
        slice(int(left * scale), int(right * scale)),
    )


def face_is_solid(data: bytes, region, scale: float = 1.0) -> bool:
    area = pixels(data)[inner(region, scale)]
    return bool(area.size) and np.abs(area - GREY).max() <= 3


def face_is_as_uploaded(data: bytes, original: bytes, region) -> bool:
    area = inner(region)
    return np.abs(pixels(data)[area] - pixels(original)[area]).mean() < 2


def about(language: str = "en") -> StandardPage:
    english = StandardPage.objects.get(locale__language_code="en", slug="about")
    return StandardPage.objects.get(
        locale__language_code=language, translation_key=english.translation_key
    )


def group_photo_block(image, consent=None, shows_people: bool = True) -> dict:
    return {
        "type": "image",
        "value": {
            "image": image.pk,
            "caption": "At the rally",
            "shows_people": shows_people,
            "consent": consent.pk if consent else None,
        },
    }


def publish_with_photo(page, image, **fields):
    page.body = [group_photo_block(image, **fields)]
    page.og_image = image
    page.og_image_shows_people = True
    page.og_image_consent = None
    page.save_revision().publish()
    return StandardPage.objects.get(pk=page.pk)


def img_sources(response) -> list[str]:
    return [img["src"] for img in parse(response.content).find("img")]


def og_images(response) -> list[str]:
    return [meta["content"] for meta in parse(response.content).find("meta", property="og:image")]


def rendition_bytes(image) -> dict[str, bytes]:
    result = {}
    for rendition in image.renditions.all():
        with rendition.file.open("rb") as handle:
            result[rendition.filter_spec] = handle.read()
    return result


def link_face(client, region, record):
    response = client.post(
        reverse("consent_show_face", args=[region.pk]),
        {"action": "link", "consent": str(record.pk)},
        follow=True,
    )
    assert response.status_code == 200
    return response


def upload_again(image, original: bytes) -> None:
    """The editor's "Replace file" with the same photo: the face check runs again."""
    image.file = ContentFile(original, "rally-again.png")
    image.save()


def shown_face(staff_client, languages=("en", "gu", "hi")):
    image, region, original = store_photo(by=staff_client.user)
    record = make_consent(photo=True, languages=languages, storyteller="Member F-1")
    link_face(staff_client, region, record)
    upload_again(image, original)
    region.refresh_from_db()
    return image, region, original, record


# --- Linking -----------------------------------------------------------------------------------


def test_a_linked_face_with_a_valid_consent_is_shown_after_the_photo_is_uploaded_again(
    staff_client, client, django_capture_on_commit_callbacks
):
    image, region, original = store_photo(by=staff_client.user)
    assert region.hidden
    assert face_is_solid(stored(image), region)  # hidden when stored, before any link
    assert not face_is_as_uploaded(stored(image), original, region)

    record = make_consent(photo=True, storyteller="Member F-1")
    response = link_face(staff_client, region, record)
    html = response.content.decode()
    assert "Linked. To show this face, upload the same photo again" in html
    assert ShownFace.objects.get(region=region).consent == record
    assert face_is_solid(stored(image), region)  # linking alone shows nothing

    upload_again(image, original)
    region.refresh_from_db()  # the same row: the link survived the new upload
    assert not region.hidden
    assert face_is_as_uploaded(stored(image), original, region)

    page = publish_with_photo(about(), image)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(page.url)
    assert len(img_sources(response)) == 1
    assert og_images(response)
    (rendition,) = image.renditions.filter(filter_spec="width-800|format-webp")
    assert detect_faces(Image.open(rendition.file.open("rb")))  # the face is on the page


def test_a_face_linked_to_a_consent_that_does_not_cover_photos_stays_hidden(staff_client):
    image, region, original = store_photo(by=staff_client.user)
    text_only = make_consent(photo=False, storyteller="Member F-2")
    response = staff_client.post(
        reverse("consent_show_face", args=[region.pk]),
        {"action": "link", "consent": str(text_only.pk)},
    )
    assert response.status_code == 400  # not offered, not accepted
    assert not ShownFace.objects.exists()
    upload_again(image, original)
    assert face_is_solid(stored(image), image.face_regions.get())


def test_unlinking_hides_the_face_again_at_once(
    staff_client, client, django_capture_on_commit_callbacks
):
    image, region, _original, _record = shown_face(staff_client)
    old_name = image.file.name
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("consent_show_face", args=[region.pk]), {"action": "unlink"}, follow=True
        )
    assert "Unlinked. This face is hidden in the photo." in response.content.decode()
    assert not ShownFace.objects.exists()
    assert face_is_solid(stored(image), region)
    assert not image.file.storage.exists(old_name)


def test_only_people_who_may_change_consent_records_and_the_image_may_link(client):
    from django.contrib.auth import get_user_model

    _image, region, _original = store_photo()
    record = make_consent(photo=True)
    nobody = get_user_model().objects.create_user("reader", password="a-long-password-9")
    client.force_login(nobody)
    response = client.post(
        reverse("consent_show_face", args=[region.pk]),
        {"action": "link", "consent": str(record.pk)},
    )
    assert response.status_code in (302, 403)
    assert not ShownFace.objects.exists()


# --- When the consent ends ---------------------------------------------------------------------


def test_a_leader_withdrawing_the_consent_hides_the_face_in_the_stored_file_and_every_copy(
    staff_client, leader_client, client, django_capture_on_commit_callbacks
):
    image, region, _original, record = shown_face(staff_client)
    page = publish_with_photo(about(), image)
    with django_capture_on_commit_callbacks(execute=True):
        before = client.get(page.url)
    old_sources = img_sources(before) + og_images(before)
    assert len(old_sources) == 2
    copies = rendition_bytes(image)
    public = {"width-800|format-webp", "fill-1200x630"}  # the page's photo and share image
    found = {spec: len(detect_faces(Image.open(io.BytesIO(copies[spec])))) for spec in public}
    assert all(found.values()), found  # the check below can fail: the face is in both copies
    old_name = image.file.name

    confirm = leader_client.get(reverse("consent_withdraw", args=[record.pk]))
    assert "1 face shown in a photo under this consent is hidden again." in (
        confirm.content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = leader_client.post(reverse("consent_withdraw", args=[record.pk]))
    assert response.status_code == 302

    region.refresh_from_db()
    assert region.hidden
    assert face_is_solid(stored(image), region)
    assert image.file.name != old_name
    assert not image.file.storage.exists(old_name)
    assert not image.renditions.exists()  # every copy made from the old file is gone

    with django_capture_on_commit_callbacks(execute=True):
        after = client.get(page.url)
    new_sources = img_sources(after) + og_images(after)
    # All its faces are hidden now: the group photo stays, from the new file only.
    assert len(new_sources) == 2
    assert not set(old_sources) & set(new_sources)
    copies = rendition_bytes(image)
    assert copies
    for spec, copy in copies.items():
        assert not detect_faces(Image.open(io.BytesIO(copy))), spec
    assert face_is_solid(copies["width-800|format-webp"], region, scale=800 / 900)


def test_the_consent_unticking_photos_hides_the_face_at_once(
    staff_client, leader_client, django_capture_on_commit_callbacks
):
    image, region, _original, record = shown_face(staff_client)
    with django_capture_on_commit_callbacks(execute=True):
        response = leader_unticks_photos(leader_client, record)
    assert response.status_code == 302, response.content.decode()[:2000]
    region.refresh_from_db()
    assert region.hidden
    assert face_is_solid(stored(image), region)


def test_the_daily_job_hides_the_face_of_an_expired_consent(staff_client):
    image, region, _original, record = shown_face(staff_client)
    ConsentRecord.objects.filter(pk=record.pk).update(review_by="2020-01-01")
    call_command("review_consents", stdout=io.StringIO())
    region.refresh_from_db()
    assert region.hidden
    assert face_is_solid(stored(image), region)
    assert ConsentRecord.objects.get(pk=record.pk).status == ConsentRecord.Status.EXPIRED


def test_erasure_hides_the_face_and_deletes_the_links(staff_client, leader_client):
    image, region, _original, record = shown_face(staff_client)
    response = leader_client.post(reverse("consent_erase", args=[record.pk]), {"understood": "yes"})
    assert response.status_code == 302
    assert not ShownFace.objects.exists()
    region.refresh_from_db()
    assert region.hidden
    assert face_is_solid(stored(image), region)


def test_a_language_taken_off_the_consent_hides_the_photo_on_that_languages_page_only(
    staff_client, client, django_capture_on_commit_callbacks
):
    image, region, original, record = shown_face(staff_client, languages=("en", "gu"))
    english = publish_with_photo(about("en"), image)
    gujarati = publish_with_photo(about("gu"), image)
    assert len(img_sources(client.get(english.url))) == 1
    assert len(img_sources(client.get(gujarati.url))) == 1

    frontend_cache.PURGED.clear()
    with django_capture_on_commit_callbacks(execute=True):
        record.languages.remove(Locale.objects.get(language_code="gu"))
    # The cached copies go: the next view is a fresh one.
    assert any(url.endswith(gujarati.url) for url in frontend_cache.PURGED), frontend_cache.PURGED

    response = client.get(gujarati.url)
    assert img_sources(response) == []
    assert og_images(response) == []
    assert "At the rally" not in response.content.decode()
    response = client.get(english.url)
    assert len(img_sources(response)) == 1
    assert og_images(response)
    # The face stays shown where the consent allows it: the stored file is unchanged.
    assert face_is_as_uploaded(stored(image), original, region)


def test_publishing_is_refused_in_a_language_the_faces_consent_does_not_allow(staff_client):
    image, _region, _original, _record = shown_face(staff_client, languages=("en",))
    page = about("hi")
    page.body = [group_photo_block(image)]
    with pytest.raises(ConsentGuardError) as refused:
        page.save_revision().publish()
    assert (
        "Body › 1 (photo) shows a face whose consent does not cover photos in Hindi"
        in refused.value.reasons
    )


# --- Group photos and images never checked -----------------------------------------------------


def test_a_group_photo_with_every_face_hidden_is_published_without_any_consent(
    administrator_client, client, django_capture_on_commit_callbacks
):
    image, region, _original = store_photo()
    page = about()
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    from tests.consent.test_photos import body_photo, edit_form, share_image

    data = edit_form(administrator_client, page, **body_photo("body", image), **share_image(image))
    response = administrator_client.post(url, {**data, "action-publish": "publish"})
    assert response.status_code == 302, response.content.decode()[:3000]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(StandardPage.objects.get(pk=page.pk).url)
    assert len(img_sources(response)) == 1
    assert og_images(response)
    copy = rendition_bytes(image)["width-800|format-webp"]
    assert face_is_solid(copy, region, scale=800 / 900)

    # An event recap: the same, through the guard.
    event = add_event(new_index(), "Sex Workers Day", live=False, recap=[group_photo_block(image)])
    event.save_revision().publish()
    assert len(img_sources(client.get(event.url))) == 1


def test_a_photo_said_to_show_people_whose_image_shows_nobody_needs_its_consent(client):
    image, _region, _original = store_photo()
    image.shows_people = False
    image.file = ContentFile(group_photo_bytes(), "unchecked.png")
    image.save()  # nothing hidden: the editor said it shows nobody
    page = about()
    page.body = [group_photo_block(image)]
    with pytest.raises(ConsentGuardError) as refused:
        page.save_revision().publish()
    assert "is marked as showing people, but its image is marked as showing nobody" in (
        " ".join(refused.value.reasons)
    )
    # Published before (the rule applies when shown, too): not shown.
    StandardPage.objects.filter(pk=page.pk).update(body=[group_photo_block(image)])
    assert img_sources(client.get(page.url)) == []


def test_an_image_whose_faces_were_never_checked_is_shown_nowhere(client):
    """A story's photo, teaser and share image, and the feed, for an image stored before faces
    were checked (the check is erased from it after publishing, as for old images)."""
    image, _region, _original = store_photo("A photo from before")
    record = make_consent(photo=True)
    story = make_story(
        record,
        body=[
            {"type": "paragraph", "value": "<p>We went together.</p>"},
            {"type": "image", "value": {"image": image.pk, "caption": "Together"}},
        ],
        og_image=image,
        publish=True,
    )
    page = about()
    page = publish_with_photo(page, image)
    assert len(img_sources(client.get(story.url))) == 1  # shown while checked
    assert og_images(client.get(story.url))
    assert any(
        "thumb" in (img.get("class") or "")
        for img in parse(client.get("/en/stories/").content).find("img")
    )

    get_image_model().objects.filter(pk=image.pk).update(faces_checked_at=None)

    for url in (story.url, page.url, "/en/stories/", "/en/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert img_sources(response) == [], url
        assert og_images(response) == [], url
    feed = client.get("/en/stories/feed/").content.decode()
    assert "<img" not in feed and ".webp" not in feed and ".png" not in feed

    story.refresh_from_db()
    with pytest.raises(ConsentGuardError) as refused:
        story.save_revision().publish()
    assert "Story › 2 (photo): the photo's faces were not checked yet" in refused.value.reasons


def test_the_faces_of_every_image_of_a_page_are_read_in_one_query(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    images = [store_photo(f"Group {n}")[0] for n in range(3)]
    page = about()
    page.body = [group_photo_block(image) for image in images]
    page.og_image = images[0]
    page.save_revision().publish()
    client.get(page.url)  # renditions are made on the first view
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page.url)
    assert len(img_sources(response)) == 3
    faces = [q for q in queries.captured_queries if "privacy_faceregion" in q["sql"]]
    assert len(faces) == 1


# --- The leaders' review screen ----------------------------------------------------------------


def test_a_leaders_review_screen_shows_the_group_photo_with_its_faces_hidden(client):
    """The review screen (moderation's ReviewView) references the photo's rendition file; its
    bytes, fetched as the leader, are those the public will get: the face area solid."""
    from wagtail.models import Page, Workflow

    from moderation.groups import EVENT_WORKFLOW
    from tests.support.people import leader, staff

    image, region, _original = store_photo()
    author = staff("writer-faces", language="en")
    event = add_event(new_index(), "Rally day", live=False, recap=[group_photo_block(image)])
    event.save_revision(user=author)
    Workflow.objects.get(name=EVENT_WORKFLOW).start(event, author)
    state = Page.objects.get(pk=event.pk).specific.current_workflow_task_state

    client.force_login(leader("leader-faces", language="en"))
    response = client.get(reverse("moderation_review", args=[state.pk]))
    assert response.status_code == 200
    photo_sources = img_sources(response)
    assert len(photo_sources) == 1, photo_sources
    copy = client.get(photo_sources[0])
    assert copy.status_code == 200
    data = b"".join(copy.streaming_content) if copy.streaming else copy.content
    assert face_is_solid(data, region, scale=800 / 900)
    assert not detect_faces(Image.open(io.BytesIO(data)))

    # An image whose faces were never checked is not on the review screen either.
    get_image_model().objects.filter(pk=image.pk).update(faces_checked_at=None)
    response = client.get(reverse("moderation_review", args=[state.pk]))
    assert not [src for src in img_sources(response) if src in photo_sources]


def test_a_leaders_story_review_shows_the_photo_as_the_public_will_see_it(client):
    from wagtail.models import Page, Workflow

    from tests.support.people import leader, staff

    image, region, _original = store_photo()
    unchecked = store_photo("Never checked")[0]
    get_image_model().objects.filter(pk=unchecked.pk).update(faces_checked_at=None)
    author = staff("writer-story-faces", language="en")
    story = make_story(
        make_consent(photo=True),
        body=[
            {"type": "image", "value": {"image": image.pk, "caption": "Together"}},
            {"type": "image", "value": {"image": unchecked.pk, "caption": "Before"}},
        ],
    )
    story.save_revision(user=author)
    Workflow.objects.get(name="Story approval").start(story, author)
    state = Page.objects.get(pk=story.pk).specific.current_workflow_task_state

    client.force_login(leader("leader-story-faces", language="en"))
    response = client.get(reverse("moderation_review", args=[state.pk]))
    assert response.status_code == 200
    (source,) = img_sources(response)  # the unchecked photo is left out, as on the public page
    copy = client.get(source)
    assert copy.status_code == 200
    data = b"".join(copy.streaming_content) if copy.streaming else copy.content
    assert face_is_solid(data, region, scale=800 / 900)
    assert not detect_faces(Image.open(io.BytesIO(data)))
