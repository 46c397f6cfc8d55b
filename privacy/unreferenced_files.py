"""The daily sweep: media files no row refers to, left by a request that could not clean up.

A request deletes the files of its own rolled-back transaction (privacy/saved_files.py). Two
cases leave files behind: the worker killed between writing a file and committing, and a
deletion that failed (S3 still down when the request ended). Such a file is a photo, document
or recording of a person that nothing links to, so no withdrawal or erasure would ever find it.

``delete_unreferenced_files`` lists the folders that hold files tied to rows (see
samvedna/settings/storage.py for where they live on S3) and deletes every file no row names and
older than ``ORPHAN_AGE``: a younger one may belong to an upload whose transaction has not
committed yet. Files are listed before the rows are read, so a row committed meanwhile is seen.
It never looks anywhere else: not at the erasure ledger (``erasure_ledger/``), backups or the
health check's probe. Run daily by ``manage.py review_consents``; logs counts only.
"""

from __future__ import annotations

import datetime
import logging
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass

from django.apps import apps
from django.core.files.storage import Storage, default_storage
from django.db import models
from django.utils import timezone
from wagtailmedia import get_media_model

from .audio.publication import PRIVATE_VOICE_FOLDER, PUBLIC_VOICE_FOLDER
from .images.renditions import PRIVATE_RENDITION_FOLDER, PUBLIC_RENDITION_FOLDER
from .storage import public_media_storage

logger = logging.getLogger(__name__)

ORPHAN_AGE = datetime.timedelta(hours=1)

# Folders of the private storage ("default") whose every file belongs to a row: original
# images, renditions no live public page shows, documents, voice clips and their thumbnails,
# Wagtail's temporary uploads (their rows are deleted after a day: privacy/signals.py).
PRIVATE_FOLDERS = (
    "original_images",
    PRIVATE_RENDITION_FOLDER,
    "documents",
    PRIVATE_VOICE_FOLDER,
    "media_thumbnails",
    "wagtail_uploads",
)
# Folders of the public storage: renditions and copies of voice clips live public pages show.
PUBLIC_FOLDERS = (PUBLIC_RENDITION_FOLDER, PUBLIC_VOICE_FOLDER)


@dataclass
class SweepReport:
    deleted: int = 0
    kept_referenced: int = 0
    kept_recent: int = 0
    failed: int = 0


def _files_under(storage: Storage, folder: str) -> Iterator[str]:
    """Every file's name under ``folder``, in sub-folders too (S3 has no empty folders)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield posixpath.join(folder, name)
    for sub in folders:
        yield from _files_under(storage, posixpath.join(folder, sub))


def _name_fields() -> Iterator[tuple[type[models.Model], str]]:
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                yield model, field.name
    # The public copy of a voice clip is a plain name (privacy/audio/publication.py).
    yield get_media_model(), "public_file"


def referenced_names() -> set[str]:
    """The storage names rows refer to: every file field of every model (none forgotten when a
    model is added), and the public copies of voice clips."""
    names: set[str] = set()
    for model, field_name in _name_fields():
        names.update(
            model._base_manager.exclude(**{field_name: ""})
            .exclude(**{f"{field_name}__isnull": True})
            .values_list(field_name, flat=True)
        )
    return names


def _folders() -> list[tuple[Storage, str]]:
    folders: list[tuple[Storage, str]] = [(default_storage, f) for f in PRIVATE_FOLDERS]
    return folders + [(public_media_storage, f) for f in PUBLIC_FOLDERS]


def delete_unreferenced_files(now: datetime.datetime | None = None) -> SweepReport:
    """Delete the media files no row refers to that are older than ``ORPHAN_AGE``."""
    now = now or timezone.now()
    report = SweepReport()
    found: list[tuple[Storage, str]] = []
    for storage, folder in _folders():
        try:
            found.extend((storage, name) for name in _files_under(storage, folder))
        except Exception as error:
            # The folder's fixed name only; the next day's run tries again.
            logger.error("Sweep: could not list %s/ (%s)", folder, type(error).__name__)
    known = referenced_names()
    for storage, name in found:
        if name in known:
            report.kept_referenced += 1
            continue
        try:
            if now - storage.get_modified_time(name) < ORPHAN_AGE:
                report.kept_recent += 1
                continue
            storage.delete(name)
        except FileNotFoundError:
            continue  # deleted meanwhile
        except Exception:
            report.failed += 1
        else:
            report.deleted += 1
    logger.info(
        "Sweep: %d unreferenced file(s) deleted, %d kept as too recent, %d could not be deleted",
        report.deleted,
        report.kept_recent,
        report.failed,
    )
    return report
