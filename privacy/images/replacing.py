"""Replacing an image's stored original by a new file (re-sanitised, or with more areas
hidden): the one way both are done, inside the caller's transaction.

The new file gets a new random name; every rendition is deleted (made again from the new file
when next shown); once the change is committed the old file is deleted and the live pages that
show the image are purged from the front-end cache.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import Page, ReferenceIndex

from .sanitise import SanitisedImageFile


def live_pages_showing(image: Any) -> list[Page]:
    page_ids = ReferenceIndex.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        to_content_type=ContentType.objects.get_for_model(type(image)),
        to_object_id=str(image.pk),
    ).values_list("object_id", flat=True)
    return list(Page.objects.live().filter(pk__in=[int(pk) for pk in page_ids]))


def replace_stored_original(image: Any, clean: SanitisedImageFile) -> None:
    """Store ``clean`` as ``image``'s original (call inside a transaction)."""
    old_name = image.file.name
    storage = image.file.storage
    # The field's save() stores it under a new random name and sets size, hash and dimensions
    # from the clean bytes; the image's save() records what the face check did.
    image.file.save(clean.name, clean, save=True)
    for rendition in image.renditions.all():
        rendition.delete()  # deletes its file too (Wagtail's signal handler)
    pages = live_pages_showing(image)

    def after_commit() -> None:
        storage.delete(old_name)
        if pages:
            from wagtail.contrib.frontend_cache.utils import purge_pages_from_cache

            purge_pages_from_cache(pages)

    transaction.on_commit(after_commit)
