"""Model fields for sound recordings: every write to storage is sanitised first.

Kept apart from privacy/audio/models.py (the model) so that migrations import these fields without
importing wagtailmedia.
"""

from __future__ import annotations

import os
import secrets
from typing import Any

from django.db import models
from django.db.models.fields.files import FieldFile

from ..images.sanitise import FORMAT_EXTENSIONS, SanitisedImageFile, sanitise_image
from .sanitise import STORED_EXTENSIONS, SanitisedAudioFile, sanitise_audio


def ensure_sanitised_audio(content: Any, name: str | None = None) -> SanitisedAudioFile:
    """Return ``content`` if ``sanitise_audio`` produced it, otherwise a sanitised copy."""
    if isinstance(content, SanitisedAudioFile):
        return content
    return sanitise_audio(content, name=name)


def ensure_sanitised_image(content: Any, name: str | None = None) -> SanitisedImageFile:
    if isinstance(content, SanitisedImageFile):
        return content
    return sanitise_image(content, name=name)


def audio_upload_to(instance: Any, filename: str) -> str:
    """``private_media/<32 random hex digits>.<ext>``: nothing of the upload's name, in a folder
    development never serves (public copies go to ``media/``: privacy/audio/publication.py).

    ``filename`` is always a sanitised file's name, whose extension comes from the format
    detected in its bytes; only that extension is used.
    """
    extension = os.path.splitext(filename)[1].lower().lstrip(".")
    if extension not in STORED_EXTENSIONS:
        raise ValueError("Only sanitised MP3, M4A, Ogg or WAV files can be stored.")
    return f"private_media/{secrets.token_hex(16)}.{extension}"


def thumbnail_upload_to(instance: Any, filename: str) -> str:
    """``media_thumbnails/<32 random hex digits>.<ext>`` for a sanitised image."""
    extension = os.path.splitext(filename)[1].lower().lstrip(".")
    if extension not in FORMAT_EXTENSIONS.values():
        raise ValueError("Only sanitised JPEG, PNG, WebP or GIF thumbnails can be stored.")
    return f"media_thumbnails/{secrets.token_hex(16)}.{extension}"


class PrivateAudioFieldFile(FieldFile):
    def save(self, name: str, content: Any, save: bool = True) -> None:
        # The single choke point before storage: see privacy/audio/models.py.
        clean = ensure_sanitised_audio(content, name)
        super().save(clean.name, clean, save=False)
        self.instance._set_sanitised_audio_metadata(clean)
        if save:
            self.instance.save()

    save.alters_data = True


class PrivateAudioField(models.FileField):
    attr_class = PrivateAudioFieldFile

    def formfield(self, **kwargs: Any) -> Any:
        from .forms import PrivateAudioFormField

        return super().formfield(**{"form_class": PrivateAudioFormField, **kwargs})


class PrivateThumbnailFieldFile(FieldFile):
    def save(self, name: str, content: Any, save: bool = True) -> None:
        clean = ensure_sanitised_image(content, name)
        super().save(clean.name, clean, save=save)

    save.alters_data = True


class PrivateThumbnailField(models.FileField):
    attr_class = PrivateThumbnailFieldFile
