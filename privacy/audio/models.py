"""Voice clips (wagtailmedia) whose stored files keep no tags: see privacy/audio/sanitise.py.

``PrivateMedia`` (alias ``VoiceClip``) is the project's wagtailmedia model
(``WAGTAILMEDIA["MEDIA_MODEL"]``). Every write of a recording to storage goes through
``PrivateAudioFieldFile.save`` (fields.py), which Django calls for ``media.save()`` with a new
file (``FileField.pre_save``) and for direct ``media.file.save(name, content)`` calls. Content
that ``sanitise_audio`` has not produced is sanitised there, so whatever the caller (admin
upload, chooser upload, a script), nothing with tags or the upload's name reaches storage. The
optional thumbnail (not offered in the admin: recordings need none) goes through the image
sanitiser in the same way.

The file is private (the default storage); a public copy exists only while a live public page
plays it (privacy/audio/publication.py), so ``url`` depends on where it is asked for.

Audio only: wagtailmedia can also hold videos, which this model refuses.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtailmedia.models import AbstractMedia, MediaType

from ..images.sanitise import SanitisedImageFile
from ..uploads import title_comes_from_file_name
from ..withdrawal import WithdrawableMediaMixin
from .fields import (
    PrivateAudioField,
    PrivateThumbnailField,
    audio_upload_to,
    ensure_sanitised_audio,
    ensure_sanitised_image,
    thumbnail_upload_to,
)
from .publication import voice_clip_url, withhold_voice_clip
from .sanitise import STORED_EXTENSIONS, SanitisedAudioFile

ONLY_AUDIO = _(
    "Only sound recordings can be uploaded. Videos are not accepted: they show people and places."
)
TITLE_HELP = _("Leave empty for a neutral title. Never use a person's name or the file name.")


def neutral_audio_title() -> str:
    """A title that says nothing about the upload, e.g. "Recording 2026-11-27 3f9a"."""
    return _("Recording %(date)s %(code)s") % {
        "date": timezone.localdate().isoformat(),
        "code": secrets.token_hex(2),
    }


class PrivateMedia(WithdrawableMediaMixin, AbstractMedia):
    """A voice clip: the project's wagtailmedia model (``WAGTAILMEDIA["MEDIA_MODEL"]``).

    Sound recordings only, stored privately without tags under a random name. The name
    ``PrivateMedia`` stays for the migrations and the setting; code may call it ``VoiceClip``.
    """

    # Private, like original photos; the public copy live public pages play is another file.
    file = PrivateAudioField(upload_to=audio_upload_to, verbose_name=_("file"))
    public_file = models.CharField(
        max_length=255,
        blank=True,
        default="",
        editable=False,
        verbose_name=_("public copy"),
        help_text=_("Set while a live public page plays this recording; deleted after."),
    )
    # Audio only; a default so that scripts need not say so.
    type = models.CharField(
        choices=MediaType.choices, max_length=255, default=MediaType.AUDIO, editable=False
    )
    thumbnail = PrivateThumbnailField(
        upload_to=thumbnail_upload_to, blank=True, verbose_name=_("thumbnail")
    )

    # The duration is read from the file; recordings have no width, height or thumbnail.
    admin_form_fields = ("title", "file", "collection", "tags")

    class Meta(AbstractMedia.Meta):
        verbose_name = _("sound recording")
        verbose_name_plural = _("sound recordings")

    @property
    def audio_format(self):
        return STORED_EXTENSIONS.get(self.file_extension.lower())

    @property
    def mime_type(self) -> str:
        """For ``<source type>``, with the codec for Ogg so browsers can tell Opus apart."""
        audio_format = self.audio_format
        return audio_format.mime_type if audio_format else "application/octet-stream"

    @property
    def url(self) -> str:
        """The public copy's URL on a live public page served to a reader, the admin's player
        everywhere else (privacy/audio/publication.py)."""
        return voice_clip_url(self)

    @property
    def sources(self) -> list[dict[str, str]]:
        return [{"src": self.url, "type": self.mime_type}]

    def clean(self) -> None:
        if self.type != MediaType.AUDIO:
            raise ValidationError({"file": ONLY_AUDIO})
        super().clean()

    def _set_sanitised_audio_metadata(self, clean: SanitisedAudioFile) -> None:
        self.duration = round(clean.duration, 3)

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.type != MediaType.AUDIO:
            raise ValidationError({"file": ONLY_AUDIO})

        file = self.file
        replaced = bool(self.pk and file and not file._committed)
        if file and not file._committed:
            # Sanitise before any database work, so bad files raise ValidationError early and
            # the duration is that of the bytes that will be stored.
            upload_name = file.name or ""
            clean = ensure_sanitised_audio(file.file, upload_name)
            if clean is not file.file:
                self.file = clean
                # A title copied from the upload's name would keep what the name said.
                if title_comes_from_file_name(self.title or "", upload_name):
                    self.title = neutral_audio_title()
            self._set_sanitised_audio_metadata(clean)

        thumbnail = self.thumbnail
        if (
            thumbnail
            and not thumbnail._committed
            and not isinstance(thumbnail.file, SanitisedImageFile)
        ):
            self.thumbnail = ensure_sanitised_image(thumbnail.file, thumbnail.name)

        update_fields = kwargs.get("update_fields")
        if (update_fields is None or "title" in update_fields) and not (self.title or "").strip():
            self.title = neutral_audio_title()
        if update_fields is None and not self._state.adding and self.pk:
            # Only privacy/audio/publication.py writes ``public_file``: an editor's save of a
            # copy loaded before a reader's view must not forget (and so leak) a public copy.
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name != "public_file"
            ]

        super().save(*args, **kwargs)
        if replaced:
            # Readers must not hear the old recording: the next public view copies the new one.
            withhold_voice_clip(self)


VoiceClip = PrivateMedia
"""The project's wagtailmedia model for voice clips (sound recordings only): ``PrivateMedia``
under the name that says what it holds. The same class, so the same table and migrations."""
