"""Notes for the person uploading a file, shown to her as admin messages.

The sanitisers run deep inside Wagtail's forms, models and signals, where the request is out
of reach. When they change an upload in a way its uploader should know about (for example,
only the main picture of a phone's multi-picture photo was kept), they call
:func:`note_for_uploader`; :class:`UploadNoticeMiddleware` turns the notes of the request into
Django "info" messages, once each, which Wagtail's admin shows on the next page it renders.

Notes are fixed sentences chosen by the code: never a file name, a title or anything read
from the file, so they cannot spread what the sanitisers remove. Nothing is logged.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.utils.functional import Promise

_notes: ContextVar[list[str | Promise] | None] = ContextVar("upload_notes", default=None)


def note_for_uploader(message: str | Promise) -> None:
    """Tell whoever made this request ``message`` (outside a request: nobody, silently)."""
    notes = _notes.get()
    if notes is not None and message not in notes:
        notes.append(message)


class UploadNoticeMiddleware:
    """Collects the notes of each request; must come after Django's MessageMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _notes.set([])
        try:
            response = self.get_response(request)
            notes = _notes.get() or []
        finally:
            _notes.reset(token)
        for note in notes:
            messages.info(request, note, fail_silently=True)
        return response
