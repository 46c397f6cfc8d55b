"""The admin form field for image uploads: our sanitiser instead of Wagtail's decoding checks.

Why not Wagtail's ``WagtailImageField.to_python`` (8.0.1)? It decodes the whole image with
Willow *before* counting pixels, so a decompression bomb below Pillow's own limit is fully
decoded first; and any decoding error other than a decompression bomb (a truncated or corrupt
file that starts with valid magic bytes) escapes as an uncaught exception: a server error
instead of a form error. ``sanitise_image`` reads only the header before checking the pixel
count, refuses corrupt files with a clear message and returns the clean copy to store.
"""

from __future__ import annotations

import os
from typing import Any

from django.core.exceptions import ValidationError
from django.forms.fields import FileField
from wagtail.images.fields import WagtailImageField

from .sanitise import SanitisedImageFile, sanitise_image


class PrivateImageFormField(WagtailImageField):
    def to_python(self, data: Any) -> SanitisedImageFile | None:
        # FileField's checks only (empty file, name length): no decoding yet.
        upload = FileField.to_python(self, data)
        if upload is None:
            return None
        # Wagtail's cheap checks keep their familiar messages and honour the settings.
        self.check_image_file_size(upload)
        extension = os.path.splitext(upload.name)[1].lower()[1:]
        if extension not in self.allowed_image_extensions:
            raise ValidationError(
                self.error_messages["invalid_image_extension"], code="invalid_image_extension"
            )
        clean = sanitise_image(upload)
        clean.content_type = f"image/{clean.image_format.lower()}"
        return clean
