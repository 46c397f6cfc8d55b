"""Helpers shared by the image, audio and PDF sanitisers and their admin forms."""

import os
import re
from collections.abc import Callable
from typing import IO, Any, ClassVar

from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
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


class SanitisedUploadFormMixin:
    """``clean_file()`` and ``clean()`` of the image, audio and document admin forms.

    A form sets ``sanitised_file_class`` (what its sanitiser returns), ``sanitiser`` and
    ``neutral_title`` (a title that says nothing about the upload), and lists the mixin before
    Wagtail's (or wagtailmedia's) base form, whose ``clean()`` then runs first.
    """

    sanitised_file_class: ClassVar[type]
    sanitiser: ClassVar[Callable[[Any], Any]]
    neutral_title: ClassVar[Callable[[], str]]

    def clean_file(self) -> Any:
        file = self.cleaned_data.get("file")
        if not file or isinstance(file, (FieldFile, self.sanitised_file_class)):
            return file  # no new upload (the stored file stays), or already sanitised
        # Only reached if a subclass swapped the field: never let a raw upload through.
        return self.sanitiser(file)

    def clean(self) -> dict[str, Any]:
        cleaned_data = super().clean()
        if "title" in self.fields:
            title = (cleaned_data.get("title") or "").strip()
            upload = self.files.get(self.add_prefix("file")) if self.files else None
            upload_name = getattr(upload, "name", "") or ""
            if not title or title_comes_from_file_name(title, upload_name):
                cleaned_data["title"] = self.neutral_title()
        return cleaned_data
