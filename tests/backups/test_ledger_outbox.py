"""The erasure ledger's outbox (consent/ledger.py, issue 17): an entry the storage did not take
when the erasure committed is not lost; it waits in the database and the next flush writes it.

The tests work in a copy of the test database that commits for real (``database_copy``, as the
backup drills in test_backup_restore.py, whose helpers they reuse), with the media on local
disk: the storage refuses the ledger's writes because a file stands where its folder should be
(the storage's ``makedirs`` raises ``FileExistsError``, an ``OSError``, as a full or read-only
disk would). Leaders erase through the admin's confirmation screen. The same on a real S3
server whose endpoint stops answering: test_ledger_outbox_s3.py.
"""

import threading
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connections, transaction
from django.test import Client
from wagtail.models import Page

from backups import archive
from consent import ledger
from consent.lifecycle import erase_consent
from consent.models import ConsentRecord, PendingLedgerEntry
from tests.backups.test_backup_restore import (
    TOKEN,
    leader_confirms,
    ledger_files,
    plant_a_story,
    restore,
)
from tests.support import people
from tests.support.helpers import rows_containing

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def own_media_folder(settings, tmp_path):
    """A restore makes the media storage hold exactly the backup's files: this test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"


def quietly(command: str, *args: str) -> None:
    with open("/dev/null", "w") as nowhere:
        call_command(command, *args, stdout=nowhere, stderr=nowhere)


def refuse_ledger_writes(settings) -> Path:
    """The storage refuses every ledger write until the returned file is removed."""
    blocker = Path(settings.MEDIA_ROOT) / ledger.LEDGER_FOLDER
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("")
    return blocker


def waiting() -> int:
    return PendingLedgerEntry.objects.count()


def assert_erased(consent: ConsentRecord, story: Page) -> None:
    consent.refresh_from_db()
    assert consent.status == ConsentRecord.Status.ERASED
    assert not Page.objects.filter(translation_key=story.translation_key).exists()
    assert rows_containing(TOKEN) == []
    assert Client().get(story.url).status_code == 404


def test_an_entry_the_storage_refused_is_written_by_review_consents_and_the_restore_replays_it(
    database_copy, settings, tmp_path
):
    consent, story = plant_a_story()
    backup = tmp_path / "backup"
    quietly("backup", str(backup))
    blocker = refuse_ledger_writes(settings)

    leader_confirms("erase", consent)  # the on-commit write fails: the erasure stands

    assert_erased(consent, story)
    assert waiting() == 1
    blocker.unlink()
    quietly("review_consents")
    assert len(ledger_files()) == 1
    assert waiting() == 0

    restore(backup)

    assert_erased(consent, story)


def test_a_backup_does_not_begin_while_entries_wait_unwritten(database_copy, settings, tmp_path):
    consent, _story = plant_a_story()
    blocker = refuse_ledger_writes(settings)
    leader_confirms("erase", consent)

    with pytest.raises(archive.BackupError, match="nothing was backed up"):
        archive.back_up(tmp_path / "refused")
    assert waiting() == 1

    blocker.unlink()
    archive.back_up(tmp_path / "backup")
    assert waiting() == 0
    assert len(ledger_files()) == 1


def test_a_backup_holding_a_waiting_entry_writes_it_at_restore_for_older_backups_to_replay(
    database_copy, settings, tmp_path, monkeypatch
):
    """An erasure commits between the backup's flush and its database copy, and its own write
    fails: the copy holds the waiting row. The live database is then lost with its row."""
    consent, story = plant_a_story()
    older = tmp_path / "older"
    quietly("backup", str(older))

    flush_then_erase = archive._write_pending_ledger_entries

    def erasure_in_between() -> None:
        flush_then_erase()
        blocker = refuse_ledger_writes(settings)
        leader_confirms("erase", consent)
        blocker.unlink()

    monkeypatch.setattr(archive, "_write_pending_ledger_entries", erasure_in_between)
    newer = tmp_path / "newer"
    quietly("backup", str(newer))
    monkeypatch.undo()
    assert waiting() == 1 and ledger_files() == []
    PendingLedgerEntry.objects.all().delete()  # the live database and its row are lost

    report = archive.restore(newer)

    assert report.ledger_entries == 1  # written from the copy's row, then replayed
    assert waiting() == 0
    assert len(ledger_files()) == 1
    assert_erased(consent, story)

    # A restore of the backup from before the erasure: the ledger erases the story again.
    restore(older)

    assert_erased(consent, story)


def test_an_erasure_rolled_back_leaves_no_waiting_entry_and_no_ledger_object(database_copy):
    consent, story = plant_a_story()
    leader = people.leader(language="en")

    with pytest.raises(RuntimeError), transaction.atomic():
        erase_consent(consent, by=leader)
        assert waiting() == 1  # inside the erasure's transaction
        raise RuntimeError("a failure after the erasure, before the commit")

    assert waiting() == 0
    assert ledger.flush_pending() == 0
    assert ledger_files() == []
    consent.refresh_from_db()
    assert consent.status == ConsentRecord.Status.ACTIVE
    assert Page.objects.filter(pk=story.pk, live=True).exists()


def test_an_entry_written_whose_row_stayed_is_one_object_however_often_it_is_flushed(
    database_copy, settings
):
    consent, _story = plant_a_story()
    blocker = refuse_ledger_writes(settings)
    leader_confirms("erase", consent)
    blocker.unlink()
    # The write succeeded, the row's deletion did not (the process stopped in between).
    ledger.write_entry(PendingLedgerEntry.objects.get().ledger_entry())
    assert len(ledger_files()) == 1

    assert ledger.flush_pending() == 1
    assert ledger.flush_pending() == 0
    quietly("review_consents")

    assert len(ledger_files()) == 1
    assert waiting() == 0
    (entry,) = ledger.read_entries()
    assert entry.action == ledger.ERASE and entry.consent_id == consent.pk


def test_two_flushes_at_once_write_one_object_per_entry(database_copy, settings):
    blocker = refuse_ledger_writes(settings)
    with transaction.atomic():
        for consent_id in range(1, 31):
            ledger.append_after_commit(ledger.WITHDRAW, consent_id, page_ids=[consent_id])
    blocker.unlink()
    uids = set(PendingLedgerEntry.objects.values_list("id", flat=True))
    assert len(uids) == 30

    database = connections["default"].settings_dict
    start = threading.Barrier(2)
    written: list[int] = []
    failures: list[BaseException] = []

    def flush() -> None:
        # The thread's own connection to this test's copy of the database.
        connections["default"] = connections["default"].__class__(dict(database), "default")
        try:
            start.wait()
            written.append(ledger.flush_pending())
        except BaseException as exc:  # reported below, in the test's thread
            failures.append(exc)
        finally:
            connections["default"].close()

    threads = [threading.Thread(target=flush) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    if connections["default"].vendor == "postgresql":
        assert sum(written) == 30  # each row locked by one flush, skipped by the other
    else:
        assert sum(written) >= 30  # SQLite: both may write a row, still one object
    names = ledger.entry_names()
    assert len(names) == 30
    assert {entry.uid for entry in ledger.read_entries()} == {uid.hex for uid in uids}
    assert waiting() == 0
