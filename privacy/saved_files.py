"""Files saved by a request whose transaction did not commit are deleted when the request ends;
uploads the storage refuses (a full disk, S3 not answering) get a message.

Every request is one transaction (``ATOMIC_REQUESTS``), but files reach the media storage
*before* it commits. When anything fails after a file was written (S3 drops after the original's
PUT, the database refuses the commit, a later save raises, a guard calls
``transaction.set_rollback``), the rows are rolled back and the file would stay: a photo of a
person that nothing links to, which no withdrawal or erasure could ever find.

* ``NotesSavedFilesMixin`` (on ``LocalMediaStorage`` and ``S3MediaStorage``, the backends of
  ``STORAGES["default"]`` and ``["public_media"]``) notes each file saved during a request inside
  an atomic block, with a ``transaction.on_commit`` callback that marks it committed. Django
  drops the callbacks of a rolled-back savepoint or transaction, so a file whose callback neither
  ran nor is still waiting belongs to a transaction that did not commit. A file saved outside
  any atomic block, or outside a request (management commands), is not noted: it is kept.
* ``UncommittedFilesMiddleware`` deletes those files once the request is over (``ATOMIC_REQUESTS``
  wraps only the view: the transaction has ended by then), whatever the answer. A file whose
  transaction committed is never deleted, even when the request then fails; if an after-commit
  callback raised (Django then skips the later ones, ours included) every file of the request is
  kept. A file that cannot be deleted (S3 still down) is logged by its storage name only (random
  hex digits, never a title) and left to the daily sweep (privacy/unreferenced_files.py), as are
  the files of a worker killed between writing and committing.
* The same middleware tells the uploader why nothing was saved: a full local disk (the form
  again with a message) or S3 not answering (``storage_refused_response``; also used by
  samvedna/unavailable.py for the same failure raised outside a view).
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import re
import sys
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.files.storage import FileSystemStorage, Storage
from django.core.signals import got_request_exception
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _
from storages.backends.s3 import S3Storage

from .storage import storage_unreachable

logger = logging.getLogger(__name__)

FULL = {errno.ENOSPC, errno.EDQUOT}
ADMIN_PREFIX = "/admin/"
RETRY_AFTER_SECONDS = 60


@dataclass(eq=False)
class SavedFile:
    """A file saved inside a transaction; called by Django when that transaction commits."""

    storage: Storage
    name: str
    committed: bool = False

    def __call__(self) -> None:
        self.committed = True


@dataclass
class RequestFiles:
    saved: list[SavedFile] = field(default_factory=list)
    # An after-commit callback raised: the transaction committed, but Django skipped the
    # callbacks after that one, so "not marked committed" no longer means "rolled back".
    commit_callback_failed: bool = False


# The current request's files; None outside a request. A list shared with the copies of the
# context a request's threads get.
_request_files: ContextVar[RequestFiles | None] = ContextVar("request_files", default=None)


def note_saved(storage: Storage, name: str) -> None:
    """Remember ``name`` until the request ends, to delete it unless its transaction commits."""
    record = _request_files.get()
    if record is None:
        return
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return  # saved for good already: nothing will roll it back
    saved = SavedFile(storage, name)
    record.saved.append(saved)
    transaction.on_commit(saved, robust=True)


class NotesSavedFilesMixin:
    """For a ``Storage``: each file saved during a request is noted (``note_saved``)."""

    def _save(self, name: str, content: Any) -> str:
        name = super()._save(name, content)  # type: ignore[misc]
        note_saved(self, name)  # type: ignore[arg-type]
        return name


def is_disk_full(error: BaseException) -> bool:
    return isinstance(error, OSError) and error.errno in FULL


class LocalMediaStorage(NotesSavedFilesMixin, FileSystemStorage):
    """Media on local disk (``MEDIA_ROOT``): leaves no partial file when the disk is full."""

    def _save(self, name: str, content: Any) -> str:
        full_path = self.path(name)
        existed = os.path.lexists(full_path)
        try:
            return super()._save(name, content)
        except OSError as error:
            if is_disk_full(error) and not existed:
                # Written in part (or empty): nobody must find it later.
                with contextlib.suppress(FileNotFoundError):
                    os.remove(full_path)
            raise


class S3MediaStorage(NotesSavedFilesMixin, S3Storage):
    """Media on S3-compatible storage (samvedna/settings/storage.py)."""


def _still_waiting(connection: BaseDatabaseWrapper) -> set[int]:
    """Callbacks of a transaction still open (a test's, or a caller's around the request)."""
    return {id(entry[1]) for entry in connection.run_on_commit}


def uncommitted_files(record: RequestFiles) -> list[SavedFile]:
    """The files of ``record`` whose transaction is over and did not commit."""
    if not record.saved or record.commit_callback_failed:
        return []
    waiting = _still_waiting(transaction.get_connection())
    return [saved for saved in record.saved if not saved.committed and id(saved) not in waiting]


RANDOM_NAME = re.compile(r"^[0-9a-f]{32}")


def loggable_name(name: str) -> str:
    """``name`` if it is a fixed folder and random hex digits (every sanitised upload's), else
    only its folder: an uploader's own file name could name a person."""
    folder, _slash, base = name.rpartition("/")
    return name if RANDOM_NAME.match(base) else f"{folder}/(name withheld)"


def delete_uncommitted(record: RequestFiles) -> int:
    """Delete the files of ``record`` whose transaction did not commit; returns how many."""
    removed = 0
    for saved in uncommitted_files(record):
        try:
            saved.storage.delete(saved.name)
        except Exception as error:
            logger.error(
                "A file saved by a request that was rolled back could not be deleted, the daily "
                "sweep will: %s (%s)",
                loggable_name(saved.name),
                type(error).__name__,
            )
        else:
            removed += 1
    return removed


# Django runs the after-commit callbacks in this method, once the commit has succeeded.
_RUNNING_COMMIT_CALLBACKS = BaseDatabaseWrapper.run_and_clear_commit_hooks.__code__


def raised_by_commit_callback(error: BaseException | None) -> bool:
    """Whether ``error`` was raised by an after-commit callback (so after a commit)."""
    trace: TracebackType | None = error.__traceback__ if error is not None else None
    while trace is not None:
        if trace.tb_frame.f_code is _RUNNING_COMMIT_CALLBACKS:
            return True
        trace = trace.tb_next
    return False


def _note_commit_callback_failure(error: BaseException | None) -> None:
    record = _request_files.get()
    if record is not None and raised_by_commit_callback(error):
        record.commit_callback_failed = True


@receiver(got_request_exception, dispatch_uid="privacy_saved_files_request_exception")
def _request_failed(sender: Any, **kwargs: Any) -> None:
    # Sent inside Django's ``except`` block: sys.exc_info() is the request's exception.
    _note_commit_callback_failure(sys.exc_info()[1])


# --- What the uploader is told ----------------------------------------------------------------


def disk_full_message(request: HttpRequest) -> str:
    if "/images/" in request.path:
        return _(
            "The server's disk is full: the photo was not saved. Tell the site's administrator."
        )
    return _("The server's disk is full: the file was not saved. Tell the site's administrator.")


def disk_full_response(request: HttpRequest) -> HttpResponse:
    """The upload form again with the message; Wagtail's multiple uploader gets its JSON."""
    message = disk_full_message(request)
    if request.headers.get("x-requested-with") == "XMLHttpRequest":
        return JsonResponse({"success": False, "error_message": message})
    messages.error(request, message)
    return HttpResponseRedirect(request.get_full_path())


def storage_refused_response(request: HttpRequest) -> HttpResponse:
    """An admin action (an upload) that failed because the media storage is not answering.
    The request's transaction is rolled back and its files are deleted: say so."""
    with translation.override(translation.get_language() or settings.LANGUAGE_CODE):
        message = _(
            "The file storage is not answering, so nothing was saved. Try again in a minute."
        )
    if request.headers.get("x-requested-with") == "XMLHttpRequest":
        # Wagtail's multiple uploader shows error_message when success is false (as for a
        # refused file); any other status would only show "Service Unavailable".
        return JsonResponse({"success": False, "error_message": message})
    response = HttpResponse(
        format_html(
            '<!DOCTYPE html><html lang="{}"><head><meta charset="utf-8"><title>Samvedna</title>'
            "</head><body><main><h1>{}</h1></main></body></html>",
            translation.get_language() or settings.LANGUAGE_CODE,
            message,
        ),
        status=503,
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class UncommittedFilesMiddleware:
    """After MessageMiddleware: deletes the files of a transaction that did not commit, and
    answers an upload the storage refused with a message."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        record = RequestFiles()
        token = _request_files.set(record)
        try:
            return self.get_response(request)
        finally:
            _request_files.reset(token)
            removed = delete_uncommitted(record)
            if removed:
                # Counts only: no name, no path, no title.
                logger.warning(
                    "%d file(s) saved by a request that was rolled back deleted", removed
                )

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        # The view's transaction is over (rolled back, or committed if a callback raised).
        _note_commit_callback_failure(exception)
        if is_disk_full(exception):
            logger.error("Disk full: an upload was refused")
            return disk_full_response(request)
        if storage_unreachable(exception) and request.path.startswith(ADMIN_PREFIX):
            logger.error("File storage not answering: an upload was refused")
            return storage_refused_response(request)
        return None
