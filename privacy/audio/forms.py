"""Admin form for sound recordings: sanitised uploads, no titles taken from file names.

Used by every wagtailmedia admin path (add, edit/replace file, chooser upload) through
``WAGTAILMEDIA["MEDIA_FORM_BASE"]``.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from wagtailmedia.forms import BaseMediaForm

from ..uploads import SanitisedUploadFormMixin
from .models import TITLE_HELP, neutral_audio_title
from .sanitise import SanitisedAudioFile, max_upload_size, sanitise_audio


class PrivateAudioFormField(forms.FileField):
    """Accepts only what ``sanitise_audio`` accepts, and cleans to its tag-free copy."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The upload's name is never stored, so its length does not matter.
        kwargs.pop("max_length", None)
        super().__init__(*args, **kwargs)

    def to_python(self, data: Any) -> SanitisedAudioFile | None:
        # FileField's checks only (no file, empty file), then ours.
        upload = super().to_python(data)
        if upload is None:
            return None
        return sanitise_audio(upload)


class PrivateMediaForm(SanitisedUploadFormMixin, BaseMediaForm):
    sanitised_file_class = SanitisedAudioFile
    sanitiser = staticmethod(sanitise_audio)
    neutral_title = staticmethod(neutral_audio_title)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            original = self.fields["file"]
            if not isinstance(original, PrivateAudioFormField):
                self.fields["file"] = PrivateAudioFormField(
                    label=original.label, required=original.required, widget=original.widget
                )
            self.fields["file"].help_text = _(
                "An MP3, M4A, Ogg or WAV sound recording of up to %(size)s. Names, places, "
                "dates and other details stored in the file are removed, and it gets a "
                "random name."
            ) % {"size": filesizeformat(max_upload_size())}
        if "title" in self.fields:
            # An empty title gets a neutral one instead of an error (wagtailmedia's JavaScript
            # would otherwise fill it with the file name).
            self.fields["title"].required = False
            self.fields["title"].help_text = TITLE_HELP
