"""Erasure leaves no trace of the story anywhere: every table, every stored file."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from wagtail.models import Comment, Locale, ModelLogEntry, Page, PageLogEntry

from consent.models import ConsentRecord
from stories.models import StoryPage
from tests.support.helpers import rows_containing
from tests.support.story_factories import (
    image_body,
    make_consent,
    make_image,
    make_story,
    story_index,
)

pytestmark = pytest.mark.django_db

TOKEN = "Qx7Zebrafinch"


def files_containing(token: str) -> list[str]:
    found = []
    for path in Path(settings.MEDIA_ROOT).rglob("*"):
        if path.is_file() and (token in path.name or token.encode() in path.read_bytes()):
            found.append(str(path))
    return found


@pytest.fixture
def story_with_history(staff_member, leader_member):
    from django.core.files.base import ContentFile
    from wagtail_localize.models import TranslationSource

    from privacy.audio.models import PrivateMedia
    from tests.support.audio_samples import silent_mp3

    consent = make_consent(photo=True, voice=True, storyteller="Member S-777")
    image = make_image(description=f"{TOKEN} photo alt text")
    image.title = f"{TOKEN} image title"
    image.save()
    clip = PrivateMedia.objects.create(
        title=f"{TOKEN} recording", file=ContentFile(silent_mp3(), "voice.mp3")
    )
    body = [
        *image_body(image),
        {"type": "audio", "value": {"audio": clip.pk, "transcript": f"{TOKEN} transcript"}},
    ]
    story = make_story(
        consent,
        title=f"{TOKEN} story title",
        pseudonym=f"{TOKEN}-pseudonym",
        summary=f"{TOKEN} summary",
        body=body,
        publish=True,
    )
    # A second revision (staff rename it, the leaders' approval publishes it: leaders may not
    # publish directly, moderation/workflows.py skips the check) and a staff comment.
    story.title = f"{TOKEN} renamed title"
    revision = story.save_revision(user=staff_member, log_action=True)
    revision.publish(user=leader_member, skip_permission_checks=True)
    Comment.objects.create(
        page=story, user=staff_member, text=f"{TOKEN} editor comment", contentpath="title"
    )
    # wagtail-localize keeps the source text when a page is translated through it.
    TranslationSource.get_or_create_from_instance(story)
    story_index("gu")
    gujarati = story.copy_for_translation(Locale.objects.get(language_code="gu"))
    gujarati.title = f"{TOKEN} ગુજરાતી"
    gujarati.save_revision().publish()
    image.get_rendition("width-400")
    assert rows_containing(TOKEN), "the fixture must plant the token"
    return consent, image, [story, gujarati]


def test_erasure_leaves_no_row_and_no_file_holding_the_story(
    story_with_history, leader_member, django_capture_on_commit_callbacks
):
    from privacy.audio.models import PrivateMedia

    consent, image, pages = story_with_history
    image_path = image.file.path
    audio_paths = [clip.file.path for clip in PrivateMedia.objects.all()]
    assert audio_paths
    with django_capture_on_commit_callbacks(execute=True):
        consent.erase(by=leader_member)
    assert rows_containing(TOKEN) == []
    assert files_containing(TOKEN) == []
    assert not os.path.exists(image_path)
    assert not PrivateMedia.objects.exists()
    assert not any(os.path.exists(path) for path in audio_paths)
    assert not Page.objects.filter(pk__in=[p.pk for p in pages]).exists()


def test_erasure_keeps_a_neutral_audit_trail(story_with_history, leader_member):
    consent, _image, pages = story_with_history
    consent.erase(by=leader_member)
    consent.refresh_from_db()
    assert consent.status == ConsentRecord.Status.ERASED
    assert consent.storyteller == "(erased)"
    entry = ModelLogEntry.objects.get(action="samvedna.consent.erase")
    assert entry.user_id == leader_member.pk
    page_entries = PageLogEntry.objects.filter(page_id__in=[p.pk for p in pages])
    assert page_entries.exists()
    assert {e.label for e in page_entries} == {"Erased story"}


def test_erasure_only_touches_its_own_stories(story_with_history):
    consent, _image, _pages = story_with_history
    other = make_story(
        make_consent(storyteller="Member S-888"), title="Another story", publish=True
    )
    consent.erase()
    assert StoryPage.objects.filter(pk=other.pk, live=True).exists()
