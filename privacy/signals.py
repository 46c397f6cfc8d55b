"""Signal handlers: temporary uploads are sanitised; public copies of withdrawn, replaced or
deleted voice clips are deleted; public renditions and voice clips no live public page shows
any more are deleted.

Sanitise the temporary copy Wagtail's multiple uploader keeps of an image or a document.

When the upload form fails on a field other than the file (for images: always, because the
required alt text is not part of the drag-and-drop upload; for documents: e.g. a title
that is too long), Wagtail stores the raw request file as a
``wagtail.models.UploadedFile`` under ``wagtail_uploads/<original name>`` until the editor
completes the form. That copy would keep the original name and all metadata, possibly for ever
if the editor never finishes. This handler replaces it, before it is written, by the sanitised
bytes under a random name.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, UploadedFile
from wagtail.signals import page_published, page_unpublished, post_page_move

from .audio.models import PrivateMedia
from .audio.publication import withhold_voice_clip, withhold_voices_after_commit
from .documents.fields import ensure_sanitised_pdf
from .images.fields import ensure_sanitised
from .images.renditions import withhold_after_commit


@receiver(pre_save, sender=UploadedFile, dispatch_uid="privacy_sanitise_uploaded_image")
def sanitise_uploaded_file(
    sender: type[UploadedFile], instance: UploadedFile, raw: bool = False, **kwargs: Any
) -> None:
    if raw or not instance.for_content_type_id:
        return
    file = instance.file
    if not file or file._committed:
        return
    get_type = ContentType.objects.get_for_model
    # The upload form has already accepted this file with the same function, so a
    # ValidationError here means the request was tampered with: failing loudly is right.
    if instance.for_content_type_id == get_type(get_image_model()).pk:
        instance.file = ensure_sanitised(file.file, file.name)
    elif instance.for_content_type_id == get_type(get_document_model()).pk:
        instance.file = ensure_sanitised_pdf(file.file, file.name)


# The multiple uploader's temporary copy of a photo has its metadata removed but its faces not
# yet hidden (they are when the editor completes the form): never served, and not kept for ever
# when the editor never completes it.
ABANDONED_UPLOAD_AGE = timedelta(days=1)


@receiver(post_save, sender=UploadedFile, dispatch_uid="privacy_delete_abandoned_uploads")
def delete_abandoned_uploads(
    sender: type[UploadedFile],
    instance: UploadedFile,
    created: bool = False,
    raw: bool = False,
    **kwargs: Any,
) -> None:
    if raw or not created:
        return
    cutoff = timezone.now() - ABANDONED_UPLOAD_AGE
    for upload in UploadedFile.objects.exclude(pk=instance.pk):
        try:
            modified = upload.file.storage.get_modified_time(upload.file.name)
        except FileNotFoundError:
            modified = None  # its file is gone already: only the row is left
        except (NotImplementedError, OSError):
            continue  # a storage that cannot tell: leave it
        if modified is None or modified < cutoff:
            if modified is not None:
                upload.file.delete(save=False)
            upload.delete()


@receiver(post_save, sender=PrivateMedia, dispatch_uid="privacy_withhold_withdrawn_voice_clip")
def withhold_withdrawn_voice_clip(
    sender: type,
    instance: PrivateMedia,
    raw: bool = False,
    update_fields: Any = None,
    **kwargs: Any,
) -> None:
    # Once consent is withdrawn, the public copy's URL must stop working at once, even for
    # someone who kept it, whatever the storage: the copy is deleted (privacy/audio/publication.py).
    if raw:
        return
    if instance.withdrawn_at is None:
        return
    if update_fields is not None and "withdrawn_at" not in update_fields:
        return
    withhold_voice_clip(instance)


@receiver(pre_delete, sender=PrivateMedia, dispatch_uid="privacy_delete_public_voice_clip")
def delete_public_voice_clip(sender: type, instance: PrivateMedia, **kwargs: Any) -> None:
    # wagtailmedia deletes the private file; the public copy goes too (erasure, deletion).
    # Before the row goes: it names the copy.
    withhold_voice_clip(instance)


# Every change that can take a photo or a voice clip off the live public pages: unpublished (by
# hand, by schedule, by withdrawn consent), published without it, deleted, moved under a
# restricted section, restricted. See privacy/images/renditions.py and privacy/audio/publication.py.
for signal, sender, uid in (
    (page_published, None, "privacy_renditions_on_publish"),
    (page_unpublished, None, "privacy_renditions_on_unpublish"),
    (post_page_move, None, "privacy_renditions_on_move"),
    (post_delete, Page, "privacy_renditions_on_page_delete"),
    (post_save, PageViewRestriction, "privacy_renditions_on_restriction"),
    (post_delete, PageViewRestriction, "privacy_renditions_on_restriction_removed"),
):
    signal.connect(withhold_after_commit, sender=sender, dispatch_uid=uid, weak=False)
    signal.connect(
        withhold_voices_after_commit, sender=sender, dispatch_uid=uid + "_voices", weak=False
    )
