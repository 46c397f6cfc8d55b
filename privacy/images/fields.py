"""Model fields for images: every write of an original image to storage is sanitised first.

Every write of an original image to storage goes through ``PrivateImageFieldFile.save``, which
Django calls both for ``image.save()`` with a new file (``FileField.pre_save``) and for direct
``image.file.save(name, content)`` calls such as Wagtail's multiple-upload
``CreateFromUploadedImageView``. Content that ``sanitise_image`` has not produced is sanitised
there, so nothing unsanitised reaches storage whatever the caller.
"""

from __future__ import annotations

from typing import Any

from wagtail.images.models import WagtailImageField, WagtailImageFieldFile

from ..upload_notices import note_for_uploader
from .sanitise import ONLY_MAIN_PICTURE_KEPT, SanitisedImageFile, sanitise_image


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
        from .faces.checking import checked

        # The multiple uploader's second step: its form already checked this temporary upload
        # (privacy/images/forms.py), so a failure was a form error; store that checked copy.
        prechecked = self.instance.__dict__.pop("temporary_upload_checked", None)
        if prechecked is not None and prechecked[0] == name:
            content = prechecked[1]
        clean = checked(self.instance, ensure_sanitised(content, name))
        super().save(clean.name, clean, save=False)
        self.instance._set_sanitised_file_metadata(clean)
        if save:
            self.instance.save()

    save.alters_data = True


class PrivateImageField(WagtailImageField):
    attr_class = PrivateImageFieldFile
