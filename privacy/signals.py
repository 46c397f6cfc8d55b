"""Sanitise the temporary copy Wagtail's multiple uploader keeps of an image.

When the upload form fails on a field other than the file (for us: always, because the
required alt text is not part of the drag-and-drop upload), Wagtail stores the raw request
file as a ``wagtail.models.UploadedFile`` under ``wagtail_uploads/<original name>`` until the
editor completes the form. That copy would keep the original name and all metadata, possibly
for ever if the editor never finishes. This handler replaces it, before it is written, by the
sanitised bytes under a random name.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import pre_save
from django.dispatch import receiver
from wagtail.images import get_image_model
from wagtail.models import UploadedFile

from .models import ensure_sanitised


@receiver(pre_save, sender=UploadedFile, dispatch_uid="privacy_sanitise_uploaded_image")
def sanitise_uploaded_image(
    sender: type[UploadedFile], instance: UploadedFile, raw: bool = False, **kwargs: Any
) -> None:
    if raw or not instance.for_content_type_id:
        return
    image_type = ContentType.objects.get_for_model(get_image_model())
    if instance.for_content_type_id != image_type.pk:
        return
    file = instance.file
    if file and not file._committed:
        # The upload form has already accepted this file with the same function, so a
        # ValidationError here means the request was tampered with: failing loudly is right.
        instance.file = ensure_sanitised(file.file, file.name)
