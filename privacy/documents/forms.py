"""Admin document form: only clean PDFs, no titles taken from file names.

Used by every Wagtail admin path (add, edit/replace file, multiple upload, chooser upload)
through ``WAGTAILDOCS_DOCUMENT_FORM_BASE``.
"""

from __future__ import annotations

from typing import Any

from django.forms.fields import FileField
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from wagtail.documents.fields import WagtailDocumentField
from wagtail.documents.forms import BaseDocumentForm

from ..uploads import SanitisedUploadFormMixin
from .models import TITLE_HELP, neutral_document_title
from .sanitise import SanitisedPdfFile, max_upload_size, sanitise_pdf


class PrivateDocumentFormField(WagtailDocumentField):
    """Accepts only what ``sanitise_pdf`` accepts, and cleans to its metadata-free copy.

    A subclass of Wagtail's field, so the multiple uploader still finds its size limit and
    messages (``max_upload_size``, ``file_too_large_unknown_size``).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The upload's name is never stored, so its length does not matter.
        kwargs.pop("max_length", None)
        super().__init__(*args, **kwargs)
        self.max_upload_size = max_upload_size()
        self.max_upload_size_text = filesizeformat(self.max_upload_size)
        self.help_text = _(
            "A PDF file of up to %(size)s. Only what its pages show is kept: comments, filled-in "
            "form fields, bookmarks, hidden layers, the author, dates and other details stored "
            "in the file are removed, and it gets a random name."
        ) % {"size": self.max_upload_size_text}
        self.widget.attrs.setdefault("accept", ".pdf,application/pdf")

    def to_python(self, data: Any) -> SanitisedPdfFile | None:
        # FileField's checks (no file, empty file), Wagtail's size check (before reading
        # anything), then ours.
        upload = FileField.to_python(self, data)
        if upload is None:
            return None
        self.check_document_file_size(upload)
        return sanitise_pdf(upload)


class PrivateDocumentForm(SanitisedUploadFormMixin, BaseDocumentForm):
    sanitised_file_class = SanitisedPdfFile
    sanitiser = staticmethod(sanitise_pdf)
    neutral_title = staticmethod(neutral_document_title)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            # Wagtail's get_document_form() builds the file field itself (formfield_callback),
            # so it is replaced here; the widget keeps the attributes BaseDocumentForm gave it.
            original = self.fields["file"]
            if not isinstance(original, PrivateDocumentFormField):
                self.fields["file"] = PrivateDocumentFormField(
                    label=original.label, required=original.required, widget=original.widget
                )
        if "title" in self.fields:
            # An empty title gets a neutral one instead of an error (Wagtail's JavaScript
            # would otherwise fill it with the file name).
            self.fields["title"].required = False
            self.fields["title"].help_text = TITLE_HELP
            if not self.is_bound and self.instance.pk is None and self.instance.title:
                # Only Wagtail's multiple uploader builds an unsaved document with a title: the
                # uploaded file's name (UploadedFile path). Offer a neutral title instead.
                self.instance.title = neutral_document_title()
                self.initial["title"] = self.instance.title
