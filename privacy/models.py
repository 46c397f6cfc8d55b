"""Image models whose stored files keep no secrets: see privacy/sanitise.py.

Every write of an original image to storage goes through ``PrivateImageFieldFile.save``, which
Django calls both for ``image.save()`` with a new file (``FileField.pre_save``) and for direct
``image.file.save(name, content)`` calls such as Wagtail's multiple-upload
``CreateFromUploadedImageView``. Content that ``sanitise_image`` has not produced is sanitised
there, so nothing unsanitised reaches storage whatever the caller.
"""

from __future__ import annotations

import io
import os
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.images.models import (
    AbstractImage,
    AbstractRendition,
    WagtailImageField,
    WagtailImageFieldFile,
    get_upload_to,
)
from wagtail.utils.file import hash_filelike

from .renditions import publish_if_shown, rendition_folder
from .sanitise import (
    FORMAT_EXTENSIONS,
    ONLY_MAIN_PICTURE_KEPT,
    SanitisedImageFile,
    sanitise_image,
)
from .upload_notices import note_for_uploader
from .withdrawal import WithdrawableMediaMixin

ALT_TEXT_REQUIRED = _(
    "Alt text is required: describe what the image shows for people who cannot see it."
)


def ensure_sanitised(content: Any, name: str | None = None) -> SanitisedImageFile:
    """Return ``content`` if ``sanitise_image`` produced it, otherwise a sanitised copy.

    Every path that stores an original image passes here just before storage: when only the
    main picture of a multi-picture photo is kept, the uploader is told."""
    clean = content if isinstance(content, SanitisedImageFile) else sanitise_image(content, name)
    if clean.only_main_picture_kept:
        note_for_uploader(ONLY_MAIN_PICTURE_KEPT)
    return clean


class PrivateImageFieldFile(WagtailImageFieldFile):
    def get_image_dimensions(self) -> tuple[int | None, int | None]:
        # Django reads the dimensions as soon as a file is assigned (even in __init__), before
        # save() can sanitise it. Untrusted bytes are not decoded here (Willow would decode a
        # decompression bomb in full, or crash on a corrupt file): save() sanitises them, sets
        # the real width/height, or refuses them with a clear ValidationError.
        content = getattr(self, "_file", None)
        if isinstance(content, SanitisedImageFile):
            return (content.width, content.height)
        if not self._committed:
            return (None, None)
        try:
            return super().get_image_dimensions()
        except Exception:
            return (None, None)

    def save(self, name: str, content: Any, save: bool = True) -> None:
        # The single choke point before storage: see the module docstring.
        clean = ensure_sanitised(content, name)
        super().save(clean.name, clean, save=False)
        self.instance._set_sanitised_file_metadata(clean)
        if save:
            self.instance.save()

    save.alters_data = True


class PrivateImageField(WagtailImageField):
    attr_class = PrivateImageFieldFile


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

        file = self.file
        if file and not file._committed:
            # Sanitise before any database work, so bad files raise ValidationError early and
            # width/height/file_size/file_hash are those of the bytes that will be stored.
            clean = ensure_sanitised(file.file, file.name)
            if clean is not file.file:
                self.file = clean
            self._set_sanitised_file_metadata(clean)

        super().save(*args, **kwargs)

    # A rendition is a public file only while a live public page shows it (privacy/renditions.py).
    def get_rendition(self, filter: Any) -> AbstractRendition:
        return publish_if_shown(super().get_rendition(filter))

    def get_renditions(self, *filters: Any) -> dict[str, AbstractRendition]:
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
        ``private_images/…``: see privacy/renditions.py."""
        filename = self.file.field.storage.get_valid_name(filename)
        return f"{rendition_folder(self)}/{filename}"


# Sound recordings (the project's wagtailmedia model): see privacy/audio.py.
from .audio import PrivateMedia  # noqa: E402, F401

# Documents (downloads, PDF only): see privacy/documents.py.
from .documents import PrivateDocument  # noqa: E402, F401
