"""Backup and restore: a restore never brings back a story erased or withdrawn after the backup.

Each test works in its own copy of the test database (tests/support/database_files.py: commits
for real) and the test process's real media folder, runs ``manage.py backup`` and
``manage.py restore`` as an operator would, and has a leader erase or withdraw through the
admin's confirmation screens in between (real requests: the erasure ledger is written after
their transaction commits). On SQLite, and on PostgreSQL when DATABASE_URL names one
(pg_dump/pg_restore).
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from wagtail.models import Page, Revision
from wagtail.search.backends import get_search_backend

from consent import ledger
from consent.models import ConsentRecord
from stories.models import StoryPage
from tests.support import people
from tests.support.helpers import rows_containing
from tests.support.story_factories import make_consent, make_image, make_story, publish_translation

# The marker has the test database set up; the tests themselves work in a copy.
pytestmark = pytest.mark.django_db

TOKEN = "Vellumquorbix"
STORYTELLER = "Member Qv-9137"


def plant_a_story() -> tuple[ConsentRecord, StoryPage]:
    """A published, indexed story with the token in its title, body, storyteller, photo title,
    alt text and a Gujarati translation."""
    consent = make_consent(photo=True, storyteller=f"{STORYTELLER} {TOKEN}")
    image = make_image(description=f"{TOKEN} holding her ration card")
    image.title = f"{TOKEN} at the office"
    image.save()
    image.get_rendition("width-400")
    story = make_story(
        consent,
        title=f"{TOKEN} at the centre",
        pseudonym=f"{TOKEN}ben",
        summary=f"How {TOKEN} went to the centre.",
        body=[
            {"type": "paragraph", "value": f"<p>{TOKEN} told us everything.</p>"},
            {"type": "image", "value": {"image": image.pk, "caption": f"{TOKEN} smiling"}},
        ],
        publish=True,
    )
    publish_translation(story, "gu", f"{TOKEN} કેન્દ્ર પર")
    return consent, story


@pytest.fixture(autouse=True)
def own_media_folder(settings, tmp_path):
    """A restore makes the media storage hold exactly the backup's files: this test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"


def leader_confirms(action: str, consent: ConsentRecord) -> None:
    from django.contrib.auth import get_user_model

    leader = get_user_model().objects.filter(username="leader").first()
    client = Client()
    client.force_login(leader or people.leader(language="en"))
    response = client.post(reverse(f"consent_{action}", args=[consent.pk]), {"understood": "yes"})
    assert response.status_code == 302


def media_files() -> list[Path]:
    return [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


def ledger_files() -> list[Path]:
    return [path for path in media_files() if path.parent.name == ledger.LEDGER_FOLDER]


def story_files(consent: ConsentRecord) -> list[str]:
    from consent.lifecycle import media_used_by, pages_using

    files = []
    for item in media_used_by(pages_using(consent)):
        files.append(item.file.path)
        files += [rendition.file.path for rendition in item.renditions.all()]
    return files


def restore(directory: Path) -> None:
    call_command("restore", str(directory), "--yes", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_a_story_erased_after_the_backup_stays_erased_after_the_restore(database_copy, tmp_path):
    consent, story = plant_a_story()
    page_ids = [page.pk for page in Page.objects.filter(translation_key=story.translation_key)]
    files = story_files(consent)
    assert len(page_ids) == 2 and files
    backup = tmp_path / "backup"
    call_command("backup", str(backup), stdout=open("/dev/null", "w"))  # noqa: SIM115

    leader_confirms("erase", consent)
    assert len(ledger_files()) == 1

    restore(backup)

    consent.refresh_from_db()
    assert consent.status == ConsentRecord.Status.ERASED
    assert not Page.objects.filter(pk__in=page_ids).exists()
    assert not Revision.objects.filter(object_id__in=[str(pk) for pk in page_ids]).exists()
    assert get_search_backend().search(TOKEN, StoryPage).count() == 0
    assert [path for path in files if Path(path).exists()] == []
    assert rows_containing(TOKEN) == []
    assert [p for p in media_files() if TOKEN.encode() in p.read_bytes()] == []
    # The public page and the erased photo's files are gone for a reader too.
    assert Client().get(story.url).status_code == 404


def test_without_the_ledger_the_restore_would_bring_the_erased_story_back(database_copy, tmp_path):
    """The drill above proves something: the backup itself holds the story."""
    consent, story = plant_a_story()
    backup = tmp_path / "backup"
    call_command("backup", str(backup), stdout=open("/dev/null", "w"))  # noqa: SIM115
    leader_confirms("erase", consent)
    for path in ledger_files():
        path.unlink()

    restore(backup)

    assert StoryPage.objects.filter(pk=story.pk, live=True).exists()
    assert Client().get(story.url).status_code == 200


def test_a_story_withdrawn_after_the_backup_stays_withdrawn_after_the_restore(
    database_copy, tmp_path
):
    consent, story = plant_a_story()
    backup = tmp_path / "backup"
    call_command("backup", str(backup), stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Client().get(story.url).status_code == 200

    leader_confirms("withdraw", consent)
    restore(backup)

    consent.refresh_from_db()
    assert consent.status == ConsentRecord.Status.WITHDRAWN
    assert not Page.objects.filter(translation_key=story.translation_key, live=True).exists()
    assert Client().get(story.url).status_code == 410  # gone, as after any withdrawal


def test_the_ledger_holds_identifiers_and_dates_only_and_is_never_served(database_copy, tmp_path):
    withdrawn, _story = plant_a_story()
    erased, _other = plant_a_story()
    leader_confirms("withdraw", withdrawn)
    leader_confirms("erase", erased)

    entries = ledger_files()
    assert len(entries) == 2
    for path in entries:
        text = path.read_text()
        for secret in (TOKEN, TOKEN.lower(), STORYTELLER, "centre", "ration"):
            assert secret not in text, f"{path.name} holds {secret!r}"
        response = Client().get(f"{settings.MEDIA_URL}{ledger.LEDGER_FOLDER}/{path.name}")
        assert response.status_code == 404
        assert path.read_bytes() not in response.content
    actions = sorted(entry.action for entry in ledger.read_entries())
    assert actions == ["erase", "withdraw"]
    assert all(default_storage.exists(f"{ledger.LEDGER_FOLDER}/{p.name}") for p in entries)


def test_a_file_uploaded_after_the_backup_goes_and_the_newer_ledger_stays(database_copy, tmp_path):
    backup = tmp_path / "backup"
    call_command("backup", str(backup), stdout=open("/dev/null", "w"))  # noqa: SIM115
    consent, _story = plant_a_story()  # after the backup: neither its rows nor its files are in it
    later = [Path(path) for path in story_files(consent)]
    leader_confirms("withdraw", consent)

    restore(backup)

    assert [path for path in later if path.exists()] == []
    assert len(ledger_files()) == 1
    assert not ConsentRecord.objects.filter(pk=consent.pk).exists()


def test_stored_media_kits_are_not_backed_up(database_copy, tmp_path):
    """A media kit is built again on request from what the consents allow then (press/media_kit.py):
    a backup that kept one could bring a withdrawn face back with a restore."""
    import tarfile

    from django.core.files.base import ContentFile

    from consent.press_kits import MEDIA_KIT_FOLDER

    kit = default_storage.save(f"{MEDIA_KIT_FOLDER}/1-abc.zip", ContentFile(b"PK kit"))
    image = make_image(description="A poster")
    backup = tmp_path / "backup"
    call_command("backup", str(backup), stdout=open("/dev/null", "w"))  # noqa: SIM115

    with tarfile.open(backup / "media.tar") as archive:
        names = archive.getnames()
    assert f"default/{image.file.name}" in names
    assert not [name for name in names if MEDIA_KIT_FOLDER in name]

    restore(backup)
    assert not default_storage.exists(kit)
