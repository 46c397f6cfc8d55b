"""Image models whose stored files keep no secrets: see privacy/images/sanitise.py.

``PrivateImage`` is the project's Wagtail image model (``WAGTAILIMAGES_IMAGE_MODEL``); its file
field (privacy/images/fields.py) sanitises every original before it is stored, whatever the
caller. ``PrivateRendition`` writes each rendition to the public or the private storage
(privacy/images/renditions.py).
"""

from __future__ import annotations

import io
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from wagtail.images.models import (
    AbstractImage,
    AbstractRendition,
    SourceImageIOError,
    get_upload_to,
)
from wagtail.utils.file import hash_filelike

from ..storage import storage_unreachable
from ..withdrawal import WithdrawableMediaMixin
from .faces.checking import checked, log_people_answer, record
from .faces.stored import stored_as_sanitised
from .fields import PrivateImageField, ensure_sanitised
from .renditions import publish_if_shown, rendition_folder
from .replacing import live_pages_showing
from .sanitise import FORMAT_EXTENSIONS, SanitisedImageFile

ALT_TEXT_REQUIRED = _(
    "Alt text is required: describe what the image shows for people who cannot see it."
)


@contextmanager
def _storage_outage_as_missing_file() -> Iterator[None]:
    try:
        yield
    except Exception as error:
        if storage_unreachable(error):
            raise SourceImageIOError(str(error)) from error
        raise


class PrivateImage(WithdrawableMediaMixin, AbstractImage):
    file = PrivateImageField(
        verbose_name=_("file"),
        upload_to=get_upload_to,
        width_field="width",
        height_field="height",
    )
    # Overrides Wagtail's optional description: every image needs alt text.
    description = models.CharField(
        max_length=255,
        blank=False,
        default="",
        verbose_name=_("alt text"),
        help_text=_(
            "Describe what the image shows for people who cannot see it. "
            "Never write a person's real name or where they live."
        ),
    )

    # Ticked by default: an image is treated as showing people, and its faces are hidden.
    shows_people = models.BooleanField(
        default=True,
        verbose_name=_("this image shows people"),
        help_text=_(
            "Faces are found and hidden when the photo is stored. Untick only for a logo, a "
            "poster or a landscape where nobody can be seen: faces are then not looked for, "
            "and your name is recorded with that choice."
        ),
    )
    # Set when the stored original has had its faces hidden (privacy/images/faces/).
    faces_checked_at = models.DateTimeField(null=True, blank=True, editable=False)
    faces_checked_with = models.CharField(max_length=64, blank=True, editable=False)

    admin_form_fields = (
        "title",
        "description",
        "file",
        "collection",
        "tags",
        "focal_point_x",
        "focal_point_y",
        "focal_point_width",
        "focal_point_height",
    )

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def get_upload_to(self, filename: str) -> str:
        """``original_images/<32 random hex digits>.<ext>``: nothing of the upload's name.

        ``filename`` is always a sanitised file's name, whose extension comes from the
        format Pillow detected; only that extension is used.
        """
        extension = os.path.splitext(filename)[1].lower().lstrip(".")
        extension = "jpg" if extension == "jpeg" else extension
        if extension not in FORMAT_EXTENSIONS.values():
            raise ValueError("Only sanitised JPEG, PNG, WebP or GIF files can be stored.")
        return f"original_images/{secrets.token_hex(16)}.{extension}"

    def _set_sanitised_file_metadata(self, clean: SanitisedImageFile) -> None:
        # Size, hash and dimensions describe the stored (sanitised) bytes, not the upload.
        data = clean.data
        self.width = clean.width
        self.height = clean.height
        self.file_size = len(data)
        self.file_hash = hash_filelike(io.BytesIO(data))

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Alt text is required everywhere, not only in forms (management commands, scripts).
        # A partial save that does not touch the description is left alone.
        update_fields = kwargs.get("update_fields")
        checks_description = update_fields is None or "description" in update_fields
        if checks_description and not (self.description or "").strip():
            raise ValidationError({"description": ALT_TEXT_REQUIRED})

        if update_fields is not None and not {"file", "shows_people"} & set(update_fields):
            super().save(*args, **kwargs)  # e.g. withdrawn_at alone: no file or face change
            return
        user = self.__dict__.pop("changed_by", None)
        was = self._stored_people_answer()
        file = self.file
        unchecked_renditions = False
        if file and not file._committed:
            # Sanitise and hide faces before any database work, so bad files raise
            # ValidationError early and width/height/file_size/file_hash are those of the
            # bytes that will be stored.
            clean = checked(self, ensure_sanitised(file.file, file.name))
            if clean is not file.file:
                self.file = clean
            self._set_sanitised_file_metadata(clean)
        elif file and self.shows_people and self.faces_checked_at is None:
            # Said to show people again, or stored before faces were checked: check now (or
            # take the copy the admin form checked), and delete the unchecked file and its
            # renditions once the new one is stored.
            prechecked = self.__dict__.pop("stored_file_checked", None)
            # Not after file.save(), which has just stored a checked file.
            if prechecked is not None or "_pending_face_check" not in self.__dict__:
                clean = checked(self, prechecked or stored_as_sanitised(self))
                unchecked_name, storage = file.name, file.storage
                self.file = clean
                self._set_sanitised_file_metadata(clean)
                transaction.on_commit(lambda: storage.delete(unchecked_name))
                unchecked_renditions = True

        super().save(*args, **kwargs)
        if unchecked_renditions:
            self._forget_unchecked_renditions()
        record(self, user)
        log_people_answer(self, was, user)

    def _forget_unchecked_renditions(self) -> None:
        """Renditions made from the unchecked file show its faces: delete them (their files go
        once this commits, Wagtail's signal handler) and purge the live pages showing the
        image, so the next rendition is made from the checked file."""
        for rendition in self.renditions.all():
            rendition.delete()
        pages = live_pages_showing(self)
        if pages:

            def purge() -> None:
                from wagtail.contrib.frontend_cache.utils import purge_pages_from_cache

                purge_pages_from_cache(pages)

            transaction.on_commit(purge)

    def _stored_people_answer(self) -> bool | None:
        if self.pk is None:
            return None
        return type(self).objects.filter(pk=self.pk).values_list("shows_people", flat=True).first()

    @property
    def faces_hidden_or_not_shown(self) -> bool:
        """True when the stored file shows no face a consent does not allow: the image shows
        nobody, or its faces were checked (faces left shown are then the consent app's to
        check, consent.photos)."""
        return not self.shows_people or self.faces_checked_at is not None

    # A rendition is a public file only while a live public page shows it (renditions.py).
    # S3 not answering is reported as a missing original: Wagtail's image tags then show no
    # picture instead of failing the whole page.
    def get_rendition(self, filter: Any) -> AbstractRendition:
        with _storage_outage_as_missing_file():
            return publish_if_shown(super().get_rendition(filter))

    def get_renditions(self, *filters: Any) -> dict[str, AbstractRendition]:
        with _storage_outage_as_missing_file():
            renditions = super().get_renditions(*filters)
            return {spec: publish_if_shown(rendition) for spec, rendition in renditions.items()}


class PrivateRendition(AbstractRendition):
    # Renditions are made from the sanitised original (no EXIF, XMP or text left to copy), and
    # their file names start with the original's random name.
    image = models.ForeignKey(PrivateImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)

    def get_upload_to(self, filename: str) -> str:
        """``images/…`` (public) only for what a live public page shows, else
        ``private_images/…``: see privacy/images/renditions.py."""
        filename = self.file.field.storage.get_valid_name(filename)
        return f"{rendition_folder(self)}/{filename}"
