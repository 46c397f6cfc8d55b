"""The erasure ledger: every erasure and withdrawal, kept outside the database.

A database restored from a backup would bring back every story erased or withdrawn after that
backup was taken. The ledger lets the restore (``manage.py restore``) do them again before the
site serves: it lives in the media storage (``default_storage``, private: the development media
view serves only ``images/`` and ``media/``, production keeps the default storage private on
S3), under ``erasure_ledger/``.

Each entry is one small JSON object of its own (no shared file to append to: two workers never
write the same object, which S3 could not lock), named after the time it was written and a
random suffix, and holds identifiers and dates only: the consent record's id, the pages' ids and
translation keys, the files' model and id, the action and the time. Never a name, title or text.

Entries are written after the transaction commits (an erasure rolled back must not be replayed),
so an entry older than a backup's start is in that backup already.
"""

from __future__ import annotations

import datetime
import json
import logging
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

LEDGER_FOLDER = "erasure_ledger"
ERASE = "erase"
WITHDRAW = "withdraw"

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class LedgerEntry:
    action: str
    consent_id: int
    at: datetime.datetime
    page_ids: list[int] = field(default_factory=list)
    translation_keys: list[str] = field(default_factory=list)
    # "app_label.model_name" -> ids, e.g. {"privacy.privateimage": [4, 5]}
    files: dict[str, list[int]] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(
            {
                "action": self.action,
                "consent_id": self.consent_id,
                "at": self.at.isoformat(),
                "page_ids": sorted(self.page_ids),
                "translation_keys": sorted(self.translation_keys),
                "files": {label: sorted(ids) for label, ids in sorted(self.files.items())},
            },
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> LedgerEntry:
        data = json.loads(text)
        return cls(
            action=data["action"],
            consent_id=int(data["consent_id"]),
            at=datetime.datetime.fromisoformat(data["at"]),
            page_ids=[int(i) for i in data.get("page_ids", [])],
            translation_keys=[str(k) for k in data.get("translation_keys", [])],
            files={str(k): [int(i) for i in v] for k, v in data.get("files", {}).items()},
        )


def files_by_model(items: Iterable[Model]) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for item in items:
        found.setdefault(item._meta.label_lower, []).append(int(item.pk))
    return found


def write_entry(entry: LedgerEntry) -> str:
    """Store one entry as its own object; returns its name in the storage."""
    stamp = entry.at.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    name = f"{LEDGER_FOLDER}/{stamp}-{entry.action}-{uuid.uuid4().hex}.json"
    return default_storage.save(name, ContentFile(entry.to_json().encode()))


def append_after_commit(
    action: str,
    consent_id: int,
    *,
    page_ids: Iterable[int] = (),
    translation_keys: Iterable[object] = (),
    files: dict[str, list[int]] | None = None,
) -> None:
    """Record an erasure or withdrawal once the current transaction has committed.

    ``files``: ``files_by_model`` of the media, taken before they are deleted. The time is taken
    when the entry is written. A storage that fails is logged (identifiers only) and does not
    undo the erasure, which has already happened: the operator must know the ledger missed one.
    """
    pages = sorted({int(i) for i in page_ids})
    keys = sorted({str(k) for k in translation_keys})
    by_model = dict(files or {})

    def write() -> None:
        entry = LedgerEntry(action, consent_id, timezone.now(), pages, keys, by_model)
        try:
            write_entry(entry)
        except Exception:
            logger.exception(
                "The erasure ledger could not record %s of consent record #%s: a restore from a "
                "backup older than now would not repeat it.",
                action,
                consent_id,
            )

    transaction.on_commit(write)


def entry_names() -> list[str]:
    # Not exists(): S3 has no folders, a HEAD on the prefix answers 404 however many entries.
    try:
        _folders, files = default_storage.listdir(LEDGER_FOLDER)
    except FileNotFoundError:
        return []
    return sorted(f"{LEDGER_FOLDER}/{name}" for name in files if name.endswith(".json"))


def read_entries(since: datetime.datetime | None = None) -> Iterator[LedgerEntry]:
    """The entries in the order they were written, those written at or after ``since`` only."""
    entries = []
    for name in entry_names():
        with default_storage.open(name, "rb") as handle:
            entry = LedgerEntry.from_json(handle.read().decode())
        if since is None or entry.at >= since:
            entries.append(entry)
    yield from sorted(entries, key=lambda e: e.at)
