"""Which image renditions are public files, and which stay private.

Only renditions that a live, public page shows to readers are public files. Everything else,
the admin's thumbnails and edit-screen previews of every upload and whatever a draft preview
renders, is written to the private storage and shown to signed-in editors through an admin view
(privacy/images/views.py). A photo uploaded for a story that is never published therefore
has no public file at all, not even a thumbnail.

Becoming public: while Wagtail serves a live page to a reader (``before_serve_page``, which
previews never run), ``PublicRenderMiddleware`` remembers the page (privacy/public_pages.py). A
rendition that page's templates ask for is made in, or moved to, the public folder when all of
these hold:

- its filter is one public templates use (``settings.PUBLIC_IMAGE_FILTERS``): the admin's
  uncropped ``max-165x165``/``max-800x600`` versions of a photo stay private even when a crop
  of it is published;
- the page has no view restriction (a private page's photos are not public);
- the image is not withdrawn.

Stopping being public: when a page is unpublished, deleted, moved, restricted or published again,
``withhold_renditions_off_public_pages`` deletes every public rendition whose image no live public
page refers to (Wagtail's reference index), or whose filter is not a public one. Withdrawn
consent deletes a photo's renditions at once (consent/lifecycle.py). Deleted renditions are made
again, privately, the next time an editor looks at the photo.
"""

from __future__ import annotations

import posixpath
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.db import transaction
from django.urls import reverse
from django.utils.deconstruct import deconstructible
from wagtail.images import get_image_model
from wagtail.images.models import Filter

from ..public_pages import on_live_public_pages, serving_live_public_page
from ..storage import public_media_storage

# Folders of the rendition files, relative to their storage (the public folder is the one
# development serves and the one production's public storage holds; see privacy/dev_media.py).
PUBLIC_RENDITION_FOLDER = "images"
PRIVATE_RENDITION_FOLDER = "private_images"


def is_public_rendition_name(name: str) -> bool:
    return name.startswith(PUBLIC_RENDITION_FOLDER + "/")


def is_private_rendition_name(name: str) -> bool:
    return name.startswith(PRIVATE_RENDITION_FOLDER + "/")


# --- Storage: one field, two storages ---------------------------------------------------------


@deconstructible(path="privacy.images.renditions.RenditionStorage")
class RenditionStorage(Storage):
    """``WAGTAILIMAGES_RENDITION_STORAGE``: public renditions (``images/…``) in the public
    storage, every other one (``private_images/…``) in the private default storage.

    Private renditions are never linked to their storage: their URL is the admin view that
    checks who asks (a signed S3 URL would point at another host, which the admin's CSP refuses,
    and would work for anyone holding it).
    """

    def _storage(self, name: str) -> Any:
        return public_media_storage if is_public_rendition_name(name) else default_storage

    def _open(self, name: str, mode: str = "rb") -> Any:
        return self._storage(name).open(name, mode)

    def save(self, name: str | None, content: Any, max_length: int | None = None) -> str:
        if name is None:
            name = content.name
        return self._storage(name).save(name, content, max_length=max_length)

    def get_available_name(self, name: str, max_length: int | None = None) -> str:
        return self._storage(name).get_available_name(name, max_length=max_length)

    def delete(self, name: str) -> None:
        self._storage(name).delete(name)

    def exists(self, name: str) -> bool:
        return self._storage(name).exists(name)

    def size(self, name: str) -> int:
        return self._storage(name).size(name)

    def path(self, name: str) -> str:
        return self._storage(name).path(name)

    def listdir(self, path: str) -> tuple[list[str], list[str]]:
        return self._storage(path.rstrip("/") + "/").listdir(path)

    def url(self, name: str) -> str:
        if is_private_rendition_name(name):
            return reverse("privacy_private_rendition", args=[posixpath.basename(name)])
        return self._storage(name).url(name)


# --- Which renditions may be public -----------------------------------------------------------


def may_be_public(rendition: Any) -> bool:
    """Whether ``rendition`` is one a live public page is showing to a reader right now."""
    if rendition.filter_spec not in settings.PUBLIC_IMAGE_FILTERS:
        return False
    if rendition.image.is_withdrawn:
        return False
    return serving_live_public_page()


def rendition_folder(rendition: Any) -> str:
    """The folder a new rendition's file goes to (``PrivateRendition.get_upload_to``)."""
    return PUBLIC_RENDITION_FOLDER if may_be_public(rendition) else PRIVATE_RENDITION_FOLDER


def publish_if_shown(rendition: Any) -> Any:
    """Move a private rendition to the public folder when a public page shows it.

    It was made privately before (an editor's preview, or the photo was on a page that was
    unpublished). Safe against another process doing the same, and against renditions from a
    stale cache entry: the database says where the file is now.
    """
    if not is_private_rendition_name(rendition.file.name) or not may_be_public(rendition):
        return rendition
    model = type(rendition)
    current = model.objects.filter(pk=rendition.pk).values_list("file", flat=True).first()
    if current is None:
        return rendition
    if not is_private_rendition_name(current):
        rendition.file.name = current
        rendition.purge_from_cache()
        return rendition

    storage = rendition.file.storage
    try:
        with storage.open(current, "rb") as private_file:
            data = private_file.read()
    except FileNotFoundError:
        # The private file is gone (deleted by hand): make the rendition again, publicly.
        model.objects.filter(pk=rendition.pk).delete()
        rendition.purge_from_cache()
        return rendition.image.create_rendition(Filter(rendition.filter_spec))
    public_name = storage.save(
        f"{PUBLIC_RENDITION_FOLDER}/{posixpath.basename(current)}", ContentFile(data)
    )
    moved = model.objects.filter(pk=rendition.pk, file=current).update(file=public_name)
    if moved:
        # Once the new name is saved for good: a rolled-back request keeps the private file.
        transaction.on_commit(lambda: storage.delete(current))
        rendition.file.name = public_name
    else:
        # Another process moved it first: keep its copy, drop ours.
        storage.delete(public_name)
        rendition.file.name = (
            model.objects.filter(pk=rendition.pk).values_list("file", flat=True).first() or current
        )
    rendition.purge_from_cache()
    return rendition


# --- Withholding what no live public page shows -----------------------------------------------


def images_on_live_public_pages() -> set[int]:
    """Ids of the images live public pages show (see ``on_live_public_pages``)."""
    return on_live_public_pages(get_image_model())


def withhold_renditions_off_public_pages() -> int:
    """Delete the public renditions no live public page shows; returns how many.

    Deleting a rendition deletes its file and its cache entry (Wagtail's signal handlers); an
    editor's next look makes a private one.
    """
    rendition_model = get_image_model().get_rendition_model()
    public = rendition_model.objects.filter(file__startswith=PUBLIC_RENDITION_FOLDER + "/")
    shown = images_on_live_public_pages()
    stale = public.exclude(image_id__in=shown, filter_spec__in=settings.PUBLIC_IMAGE_FILTERS)
    count = 0
    for rendition in stale.select_related("image"):
        rendition.delete()
        count += 1
    return count


def withhold_after_commit(**kwargs: Any) -> None:
    """Signal handler: check the public renditions once the change that sent it is saved (the
    reference index and the pages' state are then those readers will see). Three queries, and
    nothing to delete after the first check when a section's pages are unpublished together.
    Robust: a storage error is logged and does not turn a saved publish into an error page (the
    daily ``withhold_renditions`` finishes the job)."""
    transaction.on_commit(withhold_renditions_off_public_pages, robust=True)
