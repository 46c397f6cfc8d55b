"""Helpers shared by the image and audio sanitisers and their forms."""

import os
import re
from collections.abc import Callable
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _


def read_bounded(
    uploaded: IO[bytes] | Any,
    max_size: int | None,
    error: Callable[..., ValidationError],
    not_a_file_code: str,
) -> bytes:
    """Read the upload from its start (forms may already have read it) and rewind it.

    ``error(code, **params)`` builds the caller's own messages ("too_large" and
    ``not_a_file_code``).
    """
    if hasattr(uploaded, "seek"):
        uploaded.seek(0)
    # Read one byte more than allowed, so an oversized file is never read whole.
    data = uploaded.read(max_size + 1) if max_size else uploaded.read()
    if hasattr(uploaded, "seek"):
        uploaded.seek(0)
    if isinstance(data, str):  # a text-mode file is neither an image nor a recording
        raise error(not_a_file_code)
    if max_size and len(data) > max_size:
        raise error(
            "too_large",
            size=_("more than %(size)s") % {"size": filesizeformat(max_size)},
            max_size=filesizeformat(max_size),
        )
    return data


def _comparable(text: str) -> str:
    # File names and titles derived from them differ in case, separators and spacing.
    return re.sub(r"[\s._-]+", " ", text).strip().casefold()


def title_comes_from_file_name(title: str, file_name: str) -> bool:
    """True if ``title`` is the file's name, with or without its extension."""
    base = os.path.basename(file_name or "")
    stem = os.path.splitext(base)[0]
    wanted = _comparable(title)
    return bool(wanted) and wanted in {_comparable(base), _comparable(stem)}
