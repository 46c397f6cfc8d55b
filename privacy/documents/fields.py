"""Model fields for documents: every write of a document to storage is sanitised first.

Every write of a document to storage goes through ``PrivateDocumentFieldFile.save``, which
Django calls for ``document.save()`` with a new file (``FileField.pre_save``) and for direct
``document.file.save(name, content)`` calls such as Wagtail's multiple-upload
``CreateFromUploadedDocumentView``. Content that ``sanitise_pdf`` has not produced is sanitised
there, so whatever the caller (admin add, multiple upload, chooser upload, replacing the file, a
script), nothing with metadata or the upload's name is stored.
"""

from __future__ import annotations

import os
import secrets
from typing import Any

from django.db import models
from django.db.models.fields.files import FieldFile

from .sanitise import SanitisedPdfFile, sanitise_pdf


def ensure_sanitised_pdf(content: Any, name: str | None = None) -> SanitisedPdfFile:
    """Return ``content`` if ``sanitise_pdf`` produced it, otherwise a sanitised copy."""
    if isinstance(content, SanitisedPdfFile):
        return content
    return sanitise_pdf(content, name=name)


def document_upload_to(instance: Any, filename: str) -> str:
    """``documents/<32 random hex digits>.pdf``: nothing of the upload's name."""
    if os.path.splitext(filename)[1].lower() != ".pdf":
        raise ValueError("Only sanitised PDF files can be stored.")
    return f"documents/{secrets.token_hex(16)}.pdf"


class PrivateDocumentFieldFile(FieldFile):
    def save(self, name: str, content: Any, save: bool = True) -> None:
        # The single choke point before storage: see the module docstring.
        clean = ensure_sanitised_pdf(content, name)
        super().save(clean.name, clean, save=False)
        self.instance._set_sanitised_document_metadata(clean)
        if save:
            self.instance.save()

    save.alters_data = True


class PrivateDocumentField(models.FileField):
    attr_class = PrivateDocumentFieldFile
