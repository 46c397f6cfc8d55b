"""A voice clip's whole life through the real paths, for the storage tests: a staff member
uploads it in the admin, a story playing it is published and read by an anonymous reader, a
leader withdraws the consent through the withdraw screen."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Collection

from privacy.audio.models import PrivateMedia
from stories.models import StoryPage
from tests.support import audio_samples
from tests.support.helpers import parse
from tests.support.story_factories import make_consent, make_story

UPLOAD_NAME = "priya_bhuj_gps.mp3"


def staff_uploads_a_clip(staff_client, data: bytes | None = None) -> PrivateMedia:
    """The admin's "Add audio" form, as a staff member fills it in."""
    data = audio_samples.planted("MP3") if data is None else data
    response = staff_client.post(
        reverse("wagtailmedia:add", args=("audio",)),
        {
            "title": "",
            "file": SimpleUploadedFile(UPLOAD_NAME, data, content_type="audio/mpeg"),
            "collection": Collection.get_first_root_node().pk,
            "tags": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return PrivateMedia.objects.latest("pk")


def live_story_playing(media: PrivateMedia, **story_fields) -> StoryPage:
    consent = make_consent(voice=True)
    body = [
        {"type": "paragraph", "value": "<p>We went together.</p>"},
        {"type": "audio", "value": {"audio": media.pk, "transcript": "We went together."}},
    ]
    return make_story(consent, body=body, publish=True, **story_fields)


def clip_sources(html: bytes | str) -> list[str]:
    """The ``<source src>`` of every audio player in a page."""
    return [attrs["src"] for tag, attrs in parse(html).tags if tag == "source" and "src" in attrs]


def reader_plays(client, story: StoryPage) -> str:
    """An anonymous reader opens the story; returns the one clip URL the page links to."""
    response = client.get(story.url)
    assert response.status_code == 200
    sources = clip_sources(response.content)
    assert len(sources) == 1, sources
    return sources[0]


def leader_withdraws(leader_client, story: StoryPage) -> None:
    """A leader confirms "withdraw consent" on the withdraw screen."""
    response = leader_client.post(reverse("consent_withdraw", args=[story.consent_id]))
    assert response.status_code in (200, 302), response.status_code
    story.consent.refresh_from_db()
    assert story.consent.status == "withdrawn"
