"""A full disk under local media (``MEDIA_ROOT``, the storage used without S3): the upload is
refused with a message, and nothing is half-saved.

Without this, Django's ``FileSystemStorage`` leaves the partly written file behind and the
request ends in a server error. Here:

* ``LocalMediaStorage`` (``STORAGES["default"]`` in settings/base.py) removes the file it was
  writing when the disk fills up (``ENOSPC``, or ``EDQUOT`` for a user's quota), and notes
  each file it did save during the request;
* ``DiskFullMiddleware`` turns that error into a message for the uploader: the database rows
  were already rolled back (``ATOMIC_REQUESTS``), so it also deletes the files the request had
  saved before the disk filled up (an original whose thumbnail could not be written). Wagtail's
  multiple uploader gets its JSON error answer; other screens are shown again with the message.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
from collections.abc import Callable
from contextvars import ContextVar

from django.contrib import messages
from django.core.files.storage import FileSystemStorage, Storage
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

FULL = {errno.ENOSPC, errno.EDQUOT}

# The files saved during the current request: (storage, name).
_saved: ContextVar[list[tuple[Storage, str]] | None] = ContextVar("saved_files", default=None)


def is_disk_full(error: BaseException) -> bool:
    return isinstance(error, OSError) and error.errno in FULL


class LocalMediaStorage(FileSystemStorage):
    """``FileSystemStorage`` that leaves no partial file when the disk is full."""

    def _save(self, name: str, content) -> str:
        full_path = self.path(name)
        existed = os.path.lexists(full_path)
        try:
            name = super()._save(name, content)
        except OSError as error:
            if is_disk_full(error) and not existed:
                # Written in part (or empty): nobody must find it later.
                with contextlib.suppress(FileNotFoundError):
                    os.remove(full_path)
            raise
        saved = _saved.get()
        if saved is not None:
            saved.append((self, name))
        return name


def refused_message(request: HttpRequest) -> str:
    if "/images/" in request.path:
        return _(
            "The server's disk is full: the photo was not saved. Tell the site's administrator."
        )
    return _("The server's disk is full: the file was not saved. Tell the site's administrator.")


class DiskFullMiddleware:
    """After MessageMiddleware: answers a request that filled the disk with a message."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _saved.set([])
        try:
            return self.get_response(request)
        finally:
            _saved.reset(token)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_disk_full(exception):
            return None
        removed = 0
        for storage, name in _saved.get() or []:
            try:
                storage.delete(name)
                removed += 1
            except OSError:
                logger.exception("A file saved before the disk filled up could not be removed")
        # No file name or path: only what happened.
        logger.error("Disk full: an upload was refused (%d earlier file(s) removed)", removed)
        message = refused_message(request)
        if request.headers.get("x-requested-with") == "XMLHttpRequest":
            return JsonResponse({"success": False, "error_message": message})
        messages.error(request, message)
        return HttpResponseRedirect(request.get_full_path())
