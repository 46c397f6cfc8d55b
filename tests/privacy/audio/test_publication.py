"""Voice clips are private until a live public page plays them (issue 12 item 10; DESIGN.md
rules 1 and 4; privacy/audio/publication.py).

A recording uploaded for a story that is still a draft has no public file at all, however
editors look at it; the first reader of a live, unrestricted page playing it gets a public copy
under another random name; that copy is deleted when no live public page plays the clip any
more, when the consent is withdrawn, the recording replaced or deleted. Files are real files in
two storages on disk (a private and a public folder, as production has two buckets); pages are
served through the whole request stack. tests/privacy/test_s3_storage.py runs the same life
against an S3 server in both ACL modes, tests/privacy/test_private_media.py against the
development server.
"""

from __future__ import annotations

import datetime
import importlib
import io
import os
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.models import PageViewRestriction

from privacy.audio.models import PrivateMedia
from privacy.storage import public_media_storage
from tests.support import audio_samples, people, voice_clips
from tests.support.helpers import PUBLIC_MEDIA_URL, use_two_storages
from tests.support.story_factories import make_consent, make_story

pytestmark = pytest.mark.django_db

PUBLIC_URL = PUBLIC_MEDIA_URL


@pytest.fixture(autouse=True)
def storages(settings, tmp_path):
    """A private and a public storage on disk, as production has two buckets."""
    return use_two_storages(settings, tmp_path)


@pytest.fixture
def commit_hooks(django_capture_on_commit_callbacks):
    """Run what pages schedule for after their transaction commits, as a request would."""
    return django_capture_on_commit_callbacks


def public_files(storages) -> set[str]:
    root = storages[1]
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def stored_bytes(storages, clip: PrivateMedia) -> bytes:
    return (storages[0] / clip.file.name).read_bytes()


def public_name(url: str) -> str:
    assert url.startswith(PUBLIC_URL), url
    return url.removeprefix(PUBLIC_URL)


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


# --- before and after publication ---------------------------------------------------------------


def test_a_clip_on_a_draft_has_no_public_file_however_editors_look_at_it(
    staff_client, staff_member, storages
):
    clip = voice_clips.staff_uploads_a_clip(staff_client)
    story = make_story(
        make_consent(voice=True),
        body=[{"type": "audio", "value": {"audio": clip.pk, "transcript": "We went."}}],
    )
    story.owner = staff_member
    story.save(update_fields=["owner"])

    for url in (
        "/admin/media/",
        f"/admin/media/edit/{clip.pk}/",
        f"/admin/pages/{story.pk}/edit/",
    ):
        assert staff_client.get(url).status_code == 200, url
    preview = story.get_latest_revision_as_object().make_preview_request()
    assert preview.status_code == 200
    assert voice_clips.clip_sources(preview.content) == [clip.url]

    assert clip.url.startswith("/admin/private-voice-clips/")
    assert public_files(storages) == set()
    assert PrivateMedia.objects.get().public_file == ""


def test_the_first_reader_of_a_live_story_gets_a_public_copy_with_another_name(client, storages):
    clip = voice_clips.staff_uploads_a_clip(people_client(client))
    story = voice_clips.live_story_playing(clip)

    first = voice_clips.reader_plays(client, story)
    again = voice_clips.reader_plays(client, story)

    assert first == again
    name = public_name(first)
    assert public_files(storages) == {name}
    assert Path(name).stem != Path(clip.file.name).stem
    assert (storages[1] / name).read_bytes() == stored_bytes(storages, clip)


def people_client(client):
    """A staff member's own client (not the reader's)."""
    from django.test import Client

    staff_client = Client()
    staff_client.force_login(people.staff("voice-uploader"))
    return staff_client


def test_a_restricted_story_makes_no_public_copy(client, storages):
    clip = voice_clips.staff_uploads_a_clip(people_client(client))
    story = voice_clips.live_story_playing(clip)
    PageViewRestriction.objects.create(page=story, restriction_type="login")

    response = client.get(story.url, follow=True)

    assert PUBLIC_URL not in response.content.decode()
    assert public_files(storages) == set()


# --- leaving the public pages -------------------------------------------------------------------


def test_unpublishing_the_story_deletes_the_public_copy(client, storages, commit_hooks):
    clip = voice_clips.staff_uploads_a_clip(people_client(client))
    story = voice_clips.live_story_playing(clip)
    voice_clips.reader_plays(client, story)
    assert len(public_files(storages)) == 1

    with commit_hooks(execute=True):
        UnpublishPageAction(story).execute(skip_permission_checks=True)

    assert public_files(storages) == set()
    assert PrivateMedia.objects.get().public_file == ""


def test_restricting_the_story_deletes_the_public_copy(client, storages, commit_hooks):
    clip = voice_clips.staff_uploads_a_clip(people_client(client))
    story = voice_clips.live_story_playing(clip)
    voice_clips.reader_plays(client, story)

    with commit_hooks(execute=True):
        PageViewRestriction.objects.create(page=story, restriction_type="login")

    assert public_files(storages) == set()


def test_a_clip_two_live_stories_play_stays_public_until_neither_does(
    client, storages, commit_hooks
):
    clip = voice_clips.staff_uploads_a_clip(people_client(client))
    first = voice_clips.live_story_playing(clip, title="First story", slug="first")
    second = voice_clips.live_story_playing(clip, title="Second story", slug="second")
    url = voice_clips.reader_plays(client, first)
    assert voice_clips.reader_plays(client, second) == url

    with commit_hooks(execute=True):
        UnpublishPageAction(first).execute(skip_permission_checks=True)
    assert public_files(storages) == {public_name(url)}

    with commit_hooks(execute=True):
        UnpublishPageAction(second).execute(skip_permission_checks=True)
    assert public_files(storages) == set()


def test_replacing_the_recording_in_the_admin_deletes_the_old_public_copy(
    client, staff_client, storages
):
    clip = voice_clips.staff_uploads_a_clip(staff_client)
    story = voice_clips.live_story_playing(clip)
    old_url = voice_clips.reader_plays(client, story)

    response = staff_client.post(
        reverse("wagtailmedia:edit", args=(clip.pk,)),
        {
            "title": clip.title,
            "file": SimpleUploadedFile("new.wav", audio_samples.tone_wav(), "audio/wav"),
            "collection": clip.collection_id,
            "tags": "",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert public_name(old_url) not in public_files(storages)
    new_url = voice_clips.reader_plays(client, story)
    assert new_url != old_url and new_url.endswith(".wav")
    clip.refresh_from_db()
    assert (storages[1] / public_name(new_url)).read_bytes() == stored_bytes(storages, clip)


def test_an_editor_saving_an_older_copy_of_the_recording_keeps_track_of_its_public_copy(
    client, storages, commit_hooks
):
    clip = voice_clips.staff_uploads_a_clip(people_client(client))
    loaded_before = PrivateMedia.objects.get(pk=clip.pk)
    story = voice_clips.live_story_playing(clip)
    voice_clips.reader_plays(client, story)

    loaded_before.title = "Recording of the meeting"
    loaded_before.save()

    assert PrivateMedia.objects.get().public_file != ""
    with commit_hooks(execute=True):
        UnpublishPageAction(story).execute(skip_permission_checks=True)
    assert public_files(storages) == set()


def test_deleting_the_recording_deletes_its_public_copy(client, storages, commit_hooks):
    clip = voice_clips.staff_uploads_a_clip(people_client(client))
    story = voice_clips.live_story_playing(clip)
    voice_clips.reader_plays(client, story)

    with commit_hooks(execute=True):
        PrivateMedia.objects.get().delete()

    assert public_files(storages) == set()
    assert not (storages[0] / clip.file.name).exists()


def test_a_withdrawn_recording_never_gets_a_public_copy_again(
    client, leader_client, storages, commit_hooks
):
    clip = voice_clips.staff_uploads_a_clip(people_client(client))
    story = voice_clips.live_story_playing(clip)
    url = voice_clips.reader_plays(client, story)

    with commit_hooks(execute=True):
        voice_clips.leader_withdraws(leader_client, story)

    assert public_files(storages) == set()
    assert client.get(story.url).status_code in (404, 410)
    # Even if a page still named it, a withdrawn recording is only the admin's.
    withdrawn = PrivateMedia.objects.get()
    assert withdrawn.is_withdrawn
    other = make_story(
        make_consent(voice=True),
        body=[{"type": "audio", "value": {"audio": clip.pk, "transcript": "We went."}}],
        title="Other",
        slug="other",
    )
    other.live = True
    other.save(update_fields=["live"])
    response = client.get(other.url)
    assert url not in response.content.decode()
    assert public_files(storages) == set()


# --- the admin's player -------------------------------------------------------------------------


def test_the_admin_player_plays_to_the_people_who_work_with_recordings(
    client, staff_client, leader_client, storages
):
    clip = voice_clips.staff_uploads_a_clip(staff_client)
    data = stored_bytes(storages, clip)

    response = staff_client.get(clip.url)
    assert response.status_code == 200
    assert body(response) == data
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Type"] == "audio/mpeg"
    # Phone browsers ask for byte ranges before they play.
    ranged = staff_client.get(clip.url, headers={"Range": "bytes=0-99"})
    assert ranged.status_code == 206
    assert ranged.content == data[:100]
    assert ranged["Content-Range"] == f"bytes 0-99/{len(data)}"
    # Leaders review stories with staff's recordings: they hear them too.
    assert body(leader_client.get(clip.url)) == data
    # Signed out: sent to sign in, no sound.
    signed_out = client.get(clip.url)
    assert signed_out.status_code == 302 and "/login/" in signed_out["Location"]


# --- safety nets ----------------------------------------------------------------------------------


def test_the_daily_command_deletes_public_copies_no_recording_names(storages):
    orphan = public_media_storage.save("media/" + "ab" * 16 + ".mp3", ContentFile(b"ID3 voice"))
    fresh = public_media_storage.save("media/" + "cd" * 16 + ".mp3", ContentFile(b"ID3 voice"))
    two_hours_ago = (datetime.datetime.now() - datetime.timedelta(hours=2)).timestamp()
    os.utime(storages[1] / orphan, (two_hours_ago, two_hours_ago))

    out = io.StringIO()
    call_command("withhold_renditions", stdout=out)

    # A copy made in the last hour may belong to a request still being answered.
    assert public_files(storages) == {fresh}
    assert "1 public voice clip(s)" in out.getvalue()


def test_the_migration_moves_existing_clips_out_of_the_public_storage(storages):
    from django.apps import apps

    old_name = "media/" + "ef" * 16 + ".mp3"
    data = audio_samples.silent_mp3()
    public_media_storage.save(old_name, ContentFile(data))
    PrivateMedia.objects.bulk_create([PrivateMedia(title="Voice", file=old_name, duration=1)])
    migration = importlib.import_module(
        "privacy.migrations.0007_move_voice_clips_to_private_storage"
    )

    migration.move_voice_clips(apps, None)

    moved = PrivateMedia.objects.get()
    assert moved.file.name == "private_media/" + "ef" * 16 + ".mp3"
    assert (storages[0] / moved.file.name).read_bytes() == data
    assert public_files(storages) == set()
