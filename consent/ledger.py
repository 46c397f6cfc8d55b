"""The erasure ledger: every erasure and withdrawal, kept outside the database.

A database restored from a backup would bring back every story erased or withdrawn after that
backup was taken. The ledger lets the restore (``manage.py restore``) do them again before the
site serves: it lives in the media storage (``default_storage``, private: the development media
view serves only ``images/`` and ``media/``, production keeps the default storage private on
S3), under ``erasure_ledger/``.

Each entry is one small JSON object of its own (no shared file to append to: two workers never
write the same object, which S3 could not lock), and holds identifiers and dates only: the
consent record's id, the pages' ids and translation keys, the files' model and id, the action,
when it happened and when it was stored. Never a name, title or text.

A transactional outbox (issue 17): the entry is first a row (``PendingLedgerEntry``) inserted
inside the erasure's own transaction, so it commits or rolls back with the erasure; after the
commit it is written to the storage and the row deleted. A row left behind (the process died
between the commit and the write, the storage refused it) is written by the next flush
(``flush_pending``): at the next entry's commit, in the daily ``manage.py review_consents``, at
the start of ``manage.py backup`` and around ``manage.py restore``. The object is named after
the row's uuid, so a row written twice (the write succeeded, the row's deletion did not; two
processes flushing at once on SQLite) is still one object.

``at`` (when the row was created, inside the erasure's transaction) orders the entries;
``written_at`` (when the object was stored, always after the commit) says which backups lack
the erasure: an entry written before a backup began was committed before it, so it is in that
backup's database copy already (backups/archive.py).
"""

from __future__ import annotations

import contextlib
import datetime
import json
import logging
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from .models import PendingLedgerEntry

LEDGER_FOLDER = "erasure_ledger"
ERASE = "erase"
WITHDRAW = "withdraw"
# An entry is under 1 KB: a concurrent flush has finished writing it well within this.
PARTIAL_WRITE_WAIT_SECONDS = 0.5

logger = logging.getLogger(__name__)


class LedgerNotWritten(Exception):
    """Some pending entries could not be stored; their rows stay for the next flush."""

    def __init__(self, left: int) -> None:
        super().__init__(
            f"{left} erasure ledger entr(y/ies) could not be written to the media storage; "
            "they wait in the database (consent.PendingLedgerEntry) for the next flush."
        )
        self.left = left


@dataclass(frozen=True)
class LedgerEntry:
    action: str
    consent_id: int
    at: datetime.datetime
    page_ids: list[int] = field(default_factory=list)
    translation_keys: list[str] = field(default_factory=list)
    # "app_label.model_name" -> ids, e.g. {"privacy.privateimage": [4, 5]}
    files: dict[str, list[int]] = field(default_factory=dict)
    # The pending row's uuid: names the object (empty in entries written before the outbox).
    uid: str = ""
    written_at: datetime.datetime | None = None

    def to_json(self) -> str:
        data: dict[str, object] = {
            "action": self.action,
            "consent_id": self.consent_id,
            "at": self.at.isoformat(),
            "page_ids": sorted(self.page_ids),
            "translation_keys": sorted(self.translation_keys),
            "files": {label: sorted(ids) for label, ids in sorted(self.files.items())},
        }
        if self.uid:
            data["uid"] = self.uid
        if self.written_at is not None:
            data["written_at"] = self.written_at.isoformat()
        return json.dumps(data, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> LedgerEntry:
        data = json.loads(text)
        at = datetime.datetime.fromisoformat(data["at"])
        written_at = data.get("written_at")
        return cls(
            action=data["action"],
            consent_id=int(data["consent_id"]),
            at=at,
            page_ids=[int(i) for i in data.get("page_ids", [])],
            translation_keys=[str(k) for k in data.get("translation_keys", [])],
            files={str(k): [int(i) for i in v] for k, v in data.get("files", {}).items()},
            uid=str(data.get("uid", "")),
            # Entries from before the outbox took their time when they were written.
            written_at=datetime.datetime.fromisoformat(written_at) if written_at else at,
        )

    @property
    def object_name(self) -> str:
        stamp = self.at.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%S%fZ")
        return f"{LEDGER_FOLDER}/{stamp}-{self.action}-{self.uid or uuid.uuid4().hex}.json"


def files_by_model(items: Iterable[Model]) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for item in items:
        found.setdefault(item._meta.label_lower, []).append(int(item.pk))
    return found


def write_entry(entry: LedgerEntry) -> str:
    """Store one entry as its own object, once; returns its name in the storage.

    The storages never overwrite (``file_overwrite=False``: a name taken gets a suffix), so an
    entry already stored is kept, and a copy saved beside it by a concurrent flush is deleted.
    """
    name = entry.object_name
    if _stored_whole(name):
        return name
    content = replace(entry, written_at=timezone.now()).to_json().encode()
    saved = default_storage.save(name, ContentFile(content))
    if saved != name:
        default_storage.delete(saved)
        if not _stored_whole(name):
            raise OSError(f"The ledger object {name} could not be stored under its own name.")
    return name


def _stored_whole(name: str) -> bool:
    """True when ``name`` holds a readable entry. One that stays unreadable (a process died
    writing it on local disk) is deleted so that it is written again; one being written by a
    concurrent flush on SQLite is whole a moment later."""
    if not default_storage.exists(name):
        return False
    for attempt in range(2):
        try:
            with default_storage.open(name, "rb") as handle:
                LedgerEntry.from_json(handle.read().decode())
        except (ValueError, KeyError, TypeError):
            if attempt == 0:
                time.sleep(PARTIAL_WRITE_WAIT_SECONDS)
            continue
        return True
    default_storage.delete(name)
    return False


def append_after_commit(
    action: str,
    consent_id: int,
    *,
    page_ids: Iterable[int] = (),
    translation_keys: Iterable[object] = (),
    files: dict[str, list[int]] | None = None,
) -> None:
    """Record an erasure or withdrawal: a pending row now, in the caller's transaction; its
    object once that transaction has committed.

    ``files``: ``files_by_model`` of the media, taken before they are deleted. A storage that
    fails is logged (counts only) and does not undo the erasure, which has already happened:
    the row stays and the next flush writes it.
    """
    row = PendingLedgerEntry(at=timezone.now())
    entry = LedgerEntry(
        action,
        consent_id,
        row.at,
        sorted({int(i) for i in page_ids}),
        sorted({str(k) for k in translation_keys}),
        dict(files or {}),
        uid=row.id.hex,
    )
    row.entry = entry.to_json()
    row.save(force_insert=True)
    # One flush per transaction, however many entries it adds (each flush writes them all).
    if not any(callback[1] is flush_after_commit for callback in connection.run_on_commit):
        transaction.on_commit(flush_after_commit)


def flush_after_commit() -> None:
    """On commit: the erasure has happened, so nothing here may fail the request; what is not
    written stays in the database (logged with counts only)."""
    try:
        flush_pending()
    except LedgerNotWritten as exc:
        logger.exception(
            "The erasure ledger could not store %s entr(y/ies): they wait in the database for "
            "the next flush (manage.py review_consents, the next erasure, manage.py backup).",
            exc.left,
        )
    except Exception:  # the database itself: the rows stay all the same
        logger.exception("The erasure ledger's waiting entries could not be read or deleted.")


def flush_pending() -> int:
    """Write every pending entry's object and delete its row; returns how many were written.

    PostgreSQL: the rows are locked while written and rows another process is flushing are
    skipped (``skip_locked``). SQLite: no transaction is held while the storage is written (the
    site's transactions take SQLite's single write lock at BEGIN, and a storage that retries
    would hold every writer up); two flushes may both write a row, which is still one object
    (named by its uuid, ``write_entry``). Raises ``LedgerNotWritten`` when the storage refused
    one; the rows written before it are deleted all the same.
    """
    locks_rows = connection.features.has_select_for_update_skip_locked
    failure: Exception | None = None
    with transaction.atomic() if locks_rows else contextlib.nullcontext():
        rows = PendingLedgerEntry.objects.all()
        if locks_rows:
            rows = rows.select_for_update(skip_locked=True)
        rows = list(rows)
        written = []
        for row in rows:
            try:
                write_entry(row.ledger_entry())
            except Exception as exc:  # any storage backend's error
                failure = exc
                break
            written.append(row.pk)
        PendingLedgerEntry.objects.filter(pk__in=written).delete()
    if failure is not None:
        raise LedgerNotWritten(len(rows) - len(written)) from failure
    return len(written)


def entry_names() -> list[str]:
    # Not exists(): S3 has no folders, a HEAD on the prefix answers 404 however many entries.
    try:
        _folders, files = default_storage.listdir(LEDGER_FOLDER)
    except FileNotFoundError:
        return []
    return sorted(f"{LEDGER_FOLDER}/{name}" for name in files if name.endswith(".json"))


def read_entries(written_since: datetime.datetime | None = None) -> Iterator[LedgerEntry]:
    """The entries in the order they happened (``at``); with ``written_since``, only those
    stored at or after it (``written_at``: the ones a backup begun then may lack)."""
    entries = []
    for name in entry_names():
        with default_storage.open(name, "rb") as handle:
            entry = LedgerEntry.from_json(handle.read().decode())
        if written_since is None or (entry.written_at or entry.at) >= written_since:
            entries.append(entry)
    yield from sorted(entries, key=lambda e: e.at)
