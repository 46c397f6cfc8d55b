"""Documents (downloads) whose stored files keep no metadata: see privacy/documents/sanitise.py.

``PrivateDocument`` is the project's Wagtail document model (``WAGTAILDOCS_DOCUMENT_MODEL``).
Only PDFs are accepted. Its file field (privacy/documents/fields.py) sanitises every file before
it is stored, whatever the caller.

Documents are private files: served only through Wagtail's serve view, which applies the
collection's privacy settings (``WAGTAILDOCS_SERVE_METHOD = "serve_view"``).
"""

from __future__ import annotations

import io
import secrets
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.documents.models import AbstractDocument
from wagtail.utils.file import hash_filelike

from ..uploads import title_comes_from_file_name
from .fields import PrivateDocumentField, document_upload_to, ensure_sanitised_pdf
from .sanitise import SanitisedPdfFile

TITLE_HELP = _(
    "Leave empty for a neutral title. Readers see it as the link text, so say what the "
    "document is (e.g. “Ration card application form”); never a person's name or the file name."
)


def neutral_document_title() -> str:
    """A title that says nothing about the upload, e.g. "Document 2026-11-27 3f9a"."""
    return _("Document %(date)s %(code)s") % {
        "date": timezone.localdate().isoformat(),
        "code": secrets.token_hex(2),
    }


class PrivateDocument(AbstractDocument):
    file = PrivateDocumentField(upload_to=document_upload_to, verbose_name=_("file"))

    admin_form_fields = ("title", "file", "collection", "tags")

    class Meta(AbstractDocument.Meta):
        # Wagtail's own (already translated) "document" / "documents".
        pass

    def clean(self) -> None:
        # Wagtail checks WAGTAILDOCS_EXTENSIONS against the file name; the multiple uploader's
        # second step validates the form before it attaches the file, so an empty file would
        # fail as "extension '' not allowed". Every stored file is a sanitised PDF anyway.
        if self.file:
            super().clean()

    def _set_sanitised_document_metadata(self, clean: SanitisedPdfFile) -> None:
        # Size and hash describe the stored (sanitised) bytes, not the upload.
        data = clean.data
        self.file_size = len(data)
        self.file_hash = hash_filelike(io.BytesIO(data))

    def _sanitise_pending_file(self) -> None:
        """Replace a new, not yet stored file by its sanitised copy (ValidationError if bad)."""
        file = self.file
        if not file or file._committed:
            return
        upload_name = file.name or ""
        clean = ensure_sanitised_pdf(file.file, upload_name)
        if clean is not file.file:
            self.file = clean
            # A title copied from the upload's name would keep what the name said.
            if title_comes_from_file_name(self.title or "", upload_name):
                self.title = neutral_document_title()
        self._set_sanitised_document_metadata(clean)

    def _set_document_file_metadata(self) -> None:
        # Wagtail's views call this before saving, to read size and hash from the new file:
        # sanitise first, so they describe the bytes that will be stored.
        if self.file and not self.file._committed:
            self._sanitise_pending_file()
        else:
            super()._set_document_file_metadata()

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Sanitise before any database work, so bad files raise ValidationError early.
        self._sanitise_pending_file()
        update_fields = kwargs.get("update_fields")
        if (update_fields is None or "title" in update_fields) and not (self.title or "").strip():
            self.title = neutral_document_title()
        super().save(*args, **kwargs)
