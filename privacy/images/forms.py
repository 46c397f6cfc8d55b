"""Admin image form and its file field: sanitised uploads, required alt text, no titles taken
from file names.

Used by every Wagtail admin path (single add, edit/replace file, multiple upload, chooser
upload) through ``WAGTAILIMAGES_IMAGE_FORM_BASE``.
"""

from __future__ import annotations

import os
import secrets
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.fields import FileField
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from ..uploads import SanitisedUploadFormMixin
from .faces.checking import checked
from .models import ALT_TEXT_REQUIRED
from .sanitise import SanitisedImageFile, sanitise_image


def neutral_title() -> str:
    """A title that says nothing about the upload, e.g. "Image 2026-11-27 3f9a"."""
    return _("Image %(date)s %(code)s") % {
        "date": timezone.localdate().isoformat(),
        "code": secrets.token_hex(2),
    }


class PrivateImageFormField(WagtailImageField):
    """The admin form field for image uploads: our sanitiser instead of Wagtail's decoding checks.

    Why not Wagtail's ``WagtailImageField.to_python`` (8.0.1)? It decodes the whole image with
    Willow *before* counting pixels, so a decompression bomb below Pillow's own limit is fully
    decoded first; and any decoding error other than a decompression bomb (a truncated or corrupt
    file that starts with valid magic bytes) escapes as an uncaught exception: a server error
    instead of a form error. ``sanitise_image`` reads only the header before checking the pixel
    count, refuses corrupt files with a clear message and returns the clean copy to store.
    """

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


class PrivateImageForm(SanitisedUploadFormMixin, BaseImageForm):
    sanitised_file_class = SanitisedImageFile
    sanitiser = staticmethod(sanitise_image)
    neutral_title = staticmethod(neutral_title)

    # Asked the other way round from the model's ``shows_people``: an unticked box sends
    # nothing, so a form that leaves it out (the chooser's, a script's) means "people" and
    # faces are hidden. Declared here, so every image form (add, edit, chooser, multiple
    # uploader) has it.
    shows_nobody = forms.BooleanField(
        required=False,
        label=_("This image shows nobody"),
        help_text=_(
            "Tick only for a logo, a poster or a landscape where nobody can be seen. Faces are "
            "then not looked for or hidden, and your name is recorded with that choice. "
            "Otherwise every face found is hidden when the photo is stored: this takes a few "
            "seconds."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            # Wagtail's get_image_form() builds the file field itself (formfield_callback), so
            # it is replaced here; the widget keeps the attributes BaseImageForm gave it.
            original = self.fields["file"]
            self.fields["file"] = PrivateImageFormField(
                label=original.label, required=original.required, widget=original.widget
            )
        if "title" in self.fields:
            # An empty title gets a neutral one instead of an error (Wagtail's JS would
            # otherwise fill it with the file name).
            self.fields["title"].required = False
            self.fields["title"].help_text = _(
                "Leave empty for a neutral title. Never use a person's name or the file name."
            )
            if not self.is_bound and self.instance.pk is None and self.instance.title:
                # Only Wagtail's multiple uploader builds an unsaved image with a title: the
                # uploaded file's name (UploadedFile path). Offer a neutral title instead.
                self.instance.title = neutral_title()
                self.initial["title"] = self.instance.title
        if "description" in self.fields:
            self.fields["description"].required = True
            self.fields["description"].error_messages["required"] = ALT_TEXT_REQUIRED
        if not self.is_bound:
            self.initial["shows_nobody"] = not self.instance.shows_people

    def clean(self) -> dict[str, Any]:
        cleaned_data = super().clean()
        self.instance.shows_people = not cleaned_data.get("shows_nobody", False)
        self.instance.changed_by = getattr(self, "user", None)
        file = cleaned_data.get("file")
        if isinstance(file, SanitisedImageFile) and not self.has_error("file"):
            # Faces are hidden here, so a detector that is not working or a picture it cannot
            # read is a form error (nothing stored), not a server error at save time.
            try:
                cleaned_data["file"] = checked(self.instance, file)
            except ValidationError as error:
                self.add_error("file", error)
        return cleaned_data
