"""Back up and restore the database and the media storages; a restore repeats every erasure
and withdrawal the erasure ledger (consent/ledger.py) holds since the backup began.

A backup is a folder::

    manifest.json      when it began, which database engine, what it holds
    database.sqlite3   SQLite: a consistent copy through SQLite's online backup API
    database.pgdump    PostgreSQL: ``pg_dump --format=custom``
    media.tar          every file of every media storage (STORAGES but staticfiles), by alias

The database is copied before the media: a file deleted in between (an erasure) is in the
database copy only, and the ledger's entry for it, written after the backup's start, erases it
again at restore. Entries are written after their transaction commits, so an entry written before
the backup's start is in the copy already; only those written since are replayed (on SQLite a
restored database gives out again ids used after the backup: an older entry could name another
record).

Entries not yet written (``consent.PendingLedgerEntry`` rows, consent/ledger.py) are flushed
before the backup begins: a backup refuses to start while the storage refuses them. A copy can
still hold some (an erasure committed between that flush and the copy, whose own write failed).
Such a row's erasure is in the copy (one transaction), so the restore needs it only in the
ledger, for a later restore of an older backup; it writes those rows' objects, then replays
everything written since the backup began, them included (an erasure already in the database
is found erased again: nothing happens). Before the database is replaced, the restore also
writes the rows of the database it replaces, or they would be lost with it.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.db import DatabaseError, connections
from django.utils import timezone

from consent import ledger
from consent.lifecycle import replay_erasure, replay_withdrawal
from consent.press_kits import MEDIA_KIT_FOLDER

MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.pgdump"
MEDIA_FILE = "media.tar"
FORMAT = 1


class BackupError(Exception):
    """The backup or restore cannot be done; the message says why."""


@dataclass
class RestoreReport:
    files: int
    erasures_repeated: int
    withdrawals_repeated: int
    ledger_entries: int
    caches_cleared: bool = True
    # Ledger entries of the restored database the storage refused (written by a later flush).
    ledger_pending: int = 0


def media_aliases() -> list[str]:
    return [alias for alias in settings.STORAGES if alias != "staticfiles"]


def _walk(storage: Storage, folder: str = "") -> Iterator[str]:
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for sub in folders:
        yield from _walk(storage, f"{folder}/{sub}" if folder else sub)


def _postgres_environment(database: dict) -> dict[str, str]:
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if database.get(key):
            env[variable] = str(database[key])
    if (database.get("OPTIONS") or {}).get("sslmode"):
        env["PGSSLMODE"] = database["OPTIONS"]["sslmode"]
    return env


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")


# --- Backup ---------------------------------------------------------------------------------


def back_up(directory: Path) -> dict:
    """Write a backup into ``directory`` (new or empty); returns its manifest."""
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    if any(directory.iterdir()):
        raise BackupError(f"{directory} is not empty: a backup never overwrites another.")
    _write_pending_ledger_entries()
    # After the flush: an entry written before this moment is in the copy, by the rule above.
    started = timezone.now()
    database = connections["default"]
    if database.vendor == "sqlite":
        database_file = SQLITE_FILE
        _copy_sqlite(database.settings_dict["NAME"], directory / SQLITE_FILE)
    elif database.vendor == "postgresql":
        database_file = POSTGRES_FILE
        _run(
            [
                shutil.which("pg_dump") or "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--file={directory / POSTGRES_FILE}",
                database.settings_dict["NAME"],
            ],
            _postgres_environment(database.settings_dict),
        )
    else:  # pragma: no cover - the site runs on SQLite or PostgreSQL
        raise BackupError(f"No backup for the {database.vendor} database engine.")
    counts = _write_media(directory / MEDIA_FILE)
    manifest = {
        "format": FORMAT,
        "started_at": started.isoformat(),
        "finished_at": timezone.now().isoformat(),
        "database": {"vendor": database.vendor, "file": database_file},
        "media": {"file": MEDIA_FILE, "files": counts},
    }
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=2))
    for path in directory.iterdir():
        path.chmod(0o600)  # the backup holds everything the site holds
    return manifest


def _write_pending_ledger_entries() -> None:
    try:
        ledger.flush_pending()
    except ledger.LedgerNotWritten as exc:
        raise BackupError(
            f"{exc} The media storage is not answering: nothing was backed up or restored."
        ) from exc


def _copy_sqlite(source: str, target: Path) -> None:
    # One step (pages=-1): a consistent snapshot even while the site writes.
    _sqlite_backup(source, target)


def _sqlite_backup(source: str | Path, target: str | Path) -> None:
    origin, copy = sqlite3.connect(source), sqlite3.connect(target)
    try:
        origin.backup(copy)
    finally:
        origin.close()
        copy.close()


def _write_media(path: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    with tarfile.open(path, "w") as archive:
        for alias in media_aliases():
            storage = storages[alias]
            counts[alias] = 0
            for name in _walk(storage):
                if name.startswith(f"{MEDIA_KIT_FOLDER}/"):
                    continue  # built again on request from what the consents allow then
                info = tarfile.TarInfo(f"{alias}/{name}")
                info.size = storage.size(name)
                info.mtime = int(timezone.now().timestamp())
                with storage.open(name, "rb") as handle:
                    archive.addfile(info, handle)
                counts[alias] += 1
    return counts


# --- Restore --------------------------------------------------------------------------------


def read_manifest(directory: Path) -> dict:
    try:
        manifest = json.loads((directory / MANIFEST).read_text())
    except FileNotFoundError as exc:
        raise BackupError(f"{directory} holds no backup ({MANIFEST} is missing).") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    return manifest


def restore(directory: Path) -> RestoreReport:
    """Put the database and the media back as they were at the backup, then repeat every
    erasure and withdrawal made since. Run it with the site stopped; start the site after."""
    manifest = read_manifest(directory)
    database = connections["default"]
    vendor = manifest["database"]["vendor"]
    if vendor != database.vendor:
        raise BackupError(f"The backup holds a {vendor} database; the site uses {database.vendor}.")
    # The database being replaced may be unreadable (often why it is restored): then its rows
    # are lost with it whatever is done.
    with contextlib.suppress(DatabaseError):
        _write_pending_ledger_entries()
    connections.close_all()
    if vendor == "sqlite":
        # The backup API replaces the live file's pages in one transaction.
        _sqlite_backup(directory / SQLITE_FILE, database.settings_dict["NAME"])
    else:
        _run(
            [
                shutil.which("pg_restore") or "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={database.settings_dict['NAME']}",
                str(directory / POSTGRES_FILE),
            ],
            _postgres_environment(database.settings_dict),
        )
    files = _restore_media(directory / MEDIA_FILE)
    try:
        ledger.flush_pending()  # the copy's own rows: written now, so replayed below
        pending = 0
    except ledger.LedgerNotWritten as exc:
        pending = exc.left  # their erasures are in the copy: the restore stands, the rows wait
    report = replay_ledger(datetime.datetime.fromisoformat(manifest["started_at"]))
    report.ledger_pending = pending
    report.files = files
    if vendor == "postgresql":
        # A dump holds no planner statistics: without them listings run row by row.
        with connections["default"].cursor() as cursor:
            cursor.execute("ANALYZE")
    report.caches_cleared = _clear_caches()
    return report


def _clear_caches() -> bool:
    """Pages cached before the restore show what it undid. A cache that is down holds nothing
    to serve: the restore has succeeded all the same; the command says so."""
    try:
        for alias in settings.CACHES:
            caches[alias].clear()
    except Exception:  # any cache backend's connection error
        return False
    return True


def _restore_media(path: Path) -> int:
    """Make every media storage hold exactly the backup's files; the erasure ledger keeps its
    newer entries (it is what the restore replays)."""
    restored = 0
    with tarfile.open(path, "r") as archive:
        members = [m for m in archive.getmembers() if m.isfile()]
        for alias in media_aliases():
            storage = storages[alias]
            prefix = f"{alias}/"
            wanted = {m.name[len(prefix) :]: m for m in members if m.name.startswith(prefix)}
            for name in list(_walk(storage)):
                if name not in wanted and not name.startswith(f"{ledger.LEDGER_FOLDER}/"):
                    storage.delete(name)  # uploaded after the backup: no row names it
            for name, member in wanted.items():
                if name.startswith(f"{ledger.LEDGER_FOLDER}/") and storage.exists(name):
                    continue
                if storage.exists(name):
                    storage.delete(name)
                handle = archive.extractfile(member)
                content = ContentFile(handle.read() if handle else b"")
                saved = storage.save(name, content)
                if saved != name:
                    raise BackupError(f"Could not put {name} back (stored as {saved}).")
                restored += 1
    return restored


def replay_ledger(since: datetime.datetime) -> RestoreReport:
    """Repeat every erasure and withdrawal written to the ledger at or after ``since``, in the
    order they happened."""
    report = RestoreReport(files=0, erasures_repeated=0, withdrawals_repeated=0, ledger_entries=0)
    for entry in ledger.read_entries(since):
        report.ledger_entries += 1
        if entry.action == ledger.ERASE and replay_erasure(entry):
            report.erasures_repeated += 1
        elif entry.action == ledger.WITHDRAW and replay_withdrawal(entry):
            report.withdrawals_repeated += 1
    return report


def manifest_summary(manifest: dict) -> str:
    files = sum(manifest["media"]["files"].values())
    return (
        f"{manifest['database']['vendor']} database and {files} media file(s), "
        f"begun {manifest['started_at']}"
    )
