"""The admin's player for private voice clips (privacy/audio/publication.py).

Registered as an admin URL, so only signed-in users with admin access and a verified second
factor reach it (accounts/middleware.py); of those, the people who work with recordings in
its collection hear it: whoever may add, choose or edit recordings there (staff writing a
story, leaders reviewing one, administrators), not only the uploader. Answers byte ranges,
which phone browsers ask for before they play sound.
"""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from wagtailmedia.permissions import permission_policy

from .models import PrivateMedia
from .publication import PRIVATE_VOICE_FOLDER

# "add": staff and leaders hold only that permission (and "change" on their own uploads).
LISTENING_ACTIONS = ["add", "choose", "change"]
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def _no_store(response: HttpResponse, content_type: str) -> HttpResponse:
    response["Content-Type"] = content_type
    # Not kept by the browser either: admins share office computers.
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Accept-Ranges"] = "bytes"
    return response


def _byte_range(header: str, size: int) -> tuple[int, int] | None:
    """(first, last) byte of a single "bytes=a-b" range, or None for anything else."""
    match = _RANGE.match(header.strip())
    if not match or match.groups() == ("", ""):
        return None
    first, last = match.groups()
    if first == "":
        return max(size - int(last), 0), size - 1
    last_byte = min(int(last), size - 1) if last else size - 1
    return int(first), last_byte


def private_voice_clip(request: HttpRequest, name: str) -> HttpResponse:
    media = get_object_or_404(PrivateMedia, file=f"{PRIVATE_VOICE_FOLDER}/{name}")
    if not permission_policy.user_has_any_permission_for_instance(
        request.user, LISTENING_ACTIONS, media
    ):
        raise PermissionDenied
    content_type = media.mime_type.split(";")[0]
    try:
        handle = media.file.storage.open(media.file.name, "rb")
    except FileNotFoundError as error:
        raise Http404 from error
    requested = request.headers.get("Range", "")
    if not requested:
        return _no_store(FileResponse(handle, content_type=content_type), content_type)
    with handle:
        data = handle.read()
    wanted = _byte_range(requested, len(data))
    if wanted is None or wanted[0] > wanted[1]:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{len(data)}"
        return _no_store(response, content_type)
    first, last = wanted
    response = HttpResponse(data[first : last + 1], status=206)
    response["Content-Range"] = f"bytes {first}-{last}/{len(data)}"
    return _no_store(response, content_type)
