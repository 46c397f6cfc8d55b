"""The photos of a page body as they may be shown now: checked on every view, from raw data.

Every photo passes the faces rule (``consent.faces``); a photo that names a consent record is
shown only while that record is in force, covers photos and allows the page's language
(``consent.photos``); a consent withdrawn a second ago hides its photos before any daily job,
and a consent edited to stop covering photos or a language does too. Its caption goes with it.
Queries: one for the consents of every photo of the page (share image included), only when a
photo names one; one for the faces of every image of the page, only when there is an image;
one for the images with their renditions, only when a photo may be shown; none per block.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from base.queries import images_with_renditions

from .photos import (
    consents_needed,
    list_items,
    may_show,
    photo_block_names,
    photo_use,
    valid_photo_consents,
)

# The one size every body and recap photo is shown at (also in templates/blocks/photo.html).
PHOTO_FILTER = "width-800|format-webp"


@dataclass
class StreamItem:
    """One thing to render: a non-photo block, or the photos of a photo/gallery block that may
    be shown (as ``{"image": ..., "caption": ..., "cleared": True}`` for the photo template)."""

    kind: str
    block: Any = None
    heading: str = ""
    photos: list[dict[str, Any]] = field(default_factory=list)


def stream_items(page: Any, field_name: str) -> list[StreamItem]:
    """The StreamField ``field_name`` of ``page`` (a ``PerPhotoConsentMixin`` page) as it may be
    shown now. Asks the consents afresh (``page._photo_consents_now`` is then reused by the
    share image for the same view)."""
    stream = getattr(page, field_name)
    raw_blocks = list(stream.raw_data)
    photo_blocks, gallery_blocks = photo_block_names(stream.stream_block)
    valid = valid_photo_consents(consents_needed(page.photo_uses()), page.locale_id)
    page._photo_consents_now = valid
    page.__dict__.pop("_photo_faces_now", None)  # asked afresh, like the consents
    faces = page.photo_faces_now()

    def values(raw: dict) -> list[Any]:
        kind, value = raw.get("type"), raw.get("value")
        if kind in photo_blocks:
            return [value]
        value = value if isinstance(value, dict) else {}
        return list(list_items(value.get("photos")))

    shown_ids = set()
    for raw in raw_blocks:
        if isinstance(raw, dict) and raw.get("type") in (*photo_blocks, *gallery_blocks):
            for value in values(raw):
                use = photo_use("", value)
                if may_show(use, valid, faces):
                    shown_ids.add(use.image_id)
    images = {
        pk: image
        for pk, image in images_with_renditions(shown_ids, PHOTO_FILTER).items()
        if not image.is_withdrawn
    }

    def photo(raw: Any) -> dict[str, Any] | None:
        use = photo_use("", raw)
        image = images.get(use.image_id) if may_show(use, valid, faces) else None
        if image is None:
            return None
        caption = raw.get("caption", "") if isinstance(raw, dict) else ""
        # "cleared": the photo template shows a photo of people only when this check passed.
        return {"image": image, "caption": caption, "cleared": True}

    items = []
    for position, raw in enumerate(raw_blocks):
        kind = raw.get("type") if isinstance(raw, dict) else None
        if kind in photo_blocks:
            shown = photo(raw.get("value"))
            if shown is not None:
                items.append(StreamItem(kind="photo", photos=[shown]))
        elif kind in gallery_blocks:
            value = raw.get("value") if isinstance(raw.get("value"), dict) else {}
            photos = [p for p in map(photo, values(raw)) if p is not None]
            if photos:
                items.append(
                    StreamItem(kind="gallery", heading=value.get("heading") or "", photos=photos)
                )
        elif kind in stream.stream_block.child_blocks:
            items.append(StreamItem(kind="block", block=stream[position]))
    return items
