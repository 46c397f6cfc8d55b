"""Admin image form and its file field: sanitised uploads, required alt text, no titles taken
from file names.

Used by every Wagtail admin path (single add, edit/replace file, multiple upload, chooser
upload) through ``WAGTAILIMAGES_IMAGE_FORM_BASE``.
"""

from __future__ import annotations

import os
import re
import secrets
from typing import Any

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.forms.fields import FileField
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm
from wagtail.models import UploadedFile

from ..uploads import SanitisedUploadFormMixin
from .faces.checking import checked
from .faces.detector import DetectorUnavailable, load_detector
from .faces.hiding import MESSAGES
from .faces.stored import stored_as_sanitised
from .fields import ensure_sanitised
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

    # The multiple uploader's follow-up form (wagtail.images.views.multiple.
    # CreateFromUploadedImageView) is prefixed with the id of the temporary upload it completes;
    # the view hands the form nothing else.
    TEMPORARY_UPLOAD_PREFIX = re.compile(r"^uploaded-image-(\d+)$")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Wagtail's collection form takes the user for its collection choices and keeps it
        # nowhere; we need it for who answered "shows nobody" and who uploaded.
        self.user = kwargs.get("user")
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
        self.instance.changed_by = self.user
        file = cleaned_data.get("file")
        if self.errors:
            # Nothing will be stored (the form is shown again, e.g. without alt text, as the
            # multiple uploader's first step always is): the seconds of detection would be
            # lost. Only say now if the face check is not working at all, so nobody fills in
            # twenty forms to be refused at the end.
            if isinstance(file, SanitisedImageFile) and self.instance.shows_people:
                try:
                    load_detector()
                except DetectorUnavailable:
                    self.add_error("file", ValidationError(MESSAGES["detector_unavailable"]))
            return cleaned_data
        # Faces are hidden here, so a detector that is not working or a picture it cannot
        # read is a form error (nothing stored), not a server error at save time.
        try:
            if isinstance(file, SanitisedImageFile):
                if not self.has_error("file"):
                    cleaned_data["file"] = checked(self.instance, file)
            elif "file" not in self.fields:
                self._check_temporary_upload()
            elif not self.has_error("file") and self._stored_file_needs_checking():
                # Said to show people again (or stored before faces were checked): the model's
                # save() stores this checked copy instead of checking the stored file itself.
                self.instance.stored_file_checked = checked(
                    self.instance, stored_as_sanitised(self.instance)
                )
        except ValidationError as error:
            self.add_error("file" if "file" in self.fields else None, error)
        return cleaned_data

    def _stored_file_needs_checking(self) -> bool:
        instance = self.instance
        return bool(
            instance.pk is not None
            and instance.file
            and instance.shows_people
            and instance.faces_checked_at is None
        )

    def _check_temporary_upload(self) -> None:
        """The multiple uploader's second step: check the temporary upload's faces now, so a
        failure is a form error; the view then stores this checked copy (fields.py)."""
        match = self.TEMPORARY_UPLOAD_PREFIX.match(self.prefix or "")
        if match is None or self.instance.pk is not None:
            return
        upload = UploadedFile.objects.filter(
            pk=int(match.group(1)),
            for_content_type=ContentType.objects.get_for_model(type(self.instance)),
            uploaded_by_user=self.user,
        ).first()
        if upload is None or not upload.file:
            return  # the view answers 404 or "permission denied" itself
        with upload.file.open("rb") as stored:
            clean = ensure_sanitised(stored, upload.file.name)
        self.instance.temporary_upload_checked = (
            os.path.basename(upload.file.name),
            checked(self.instance, clean),
        )
