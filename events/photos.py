"""Which photos of a recap may be shown, decided from the raw block data.

Reading the raw JSON (not the block values) means a photo that may not be shown is never even
loaded, and the consents of every photo on the page are checked in ONE query, however many
photos and galleries there are. The check runs on every render, so a consent withdrawn a second
ago hides its photos before any daily job, and a consent edited to stop covering photos or a
language does too.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.images import get_image_model

from consent.guard import PhotoUse
from consent.models import ConsentRecord

from .blocks import RecapBlock

# The one size every recap photo is shown at (also in templates/events/blocks/photo.html).
PHOTO_FILTER = "width-800|format-webp"


def _as_int(value: Any) -> int | None:
    if isinstance(value, dict):  # a chooser value some code paths store as {"id": ...}
        value = value.get("id")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _photo_use(where: str, value: Any) -> PhotoUse:
    value = value if isinstance(value, dict) else {}
    return PhotoUse(
        where=where,
        image_id=_as_int(value.get("image")),
        # Missing means "not answered": treated as showing people, the safe reading.
        shows_people=value.get("shows_people", True) is not False,
        consent_id=_as_int(value.get("consent")),
    )


def _list_items(raw: Any) -> Iterator[Any]:
    """Items of a ListBlock's raw value, in the current ({"type": "item", "value": ...}) or the
    older (plain values) format."""
    for item in raw if isinstance(raw, list) else []:
        # The same test as Wagtail's ListBlock, so both read an item the same way.
        if isinstance(item, dict) and item.get("type") == "item" and {"id", "value"} <= set(item):
            yield item["value"]
        else:
            yield item


def recap_photo_uses(raw_blocks: Any) -> list[PhotoUse]:
    """Every photo of a recap (single photos and gallery items), in order, from raw data."""
    uses = []
    for position, block in enumerate(raw_blocks, start=1):
        kind = block.get("type") if isinstance(block, dict) else None
        value = block.get("value") if isinstance(block, dict) else None
        if kind in RecapBlock.PHOTO_BLOCKS:
            uses.append(_photo_use(_("Recap › %(n)s (photo)") % {"n": position}, value))
        elif kind in RecapBlock.GALLERY_BLOCKS:
            photos = value.get("photos") if isinstance(value, dict) else None
            for number, item in enumerate(_list_items(photos), start=1):
                where = _("Recap › %(n)s (gallery), photo %(m)s") % {"n": position, "m": number}
                uses.append(_photo_use(where, item))
    return uses


def valid_photo_consents(consent_ids: set[int], locale_id: int | None) -> set[int]:
    """The records among ``consent_ids`` that allow a photo on a page of this locale now:
    in force, covering photos and this language. One query."""
    if not consent_ids or locale_id is None:
        return set()
    language_allowed = ConsentRecord.languages.through.objects.filter(
        consentrecord_id=OuterRef("pk"), locale_id=locale_id
    )
    return set(
        ConsentRecord.objects.filter(
            pk__in=consent_ids,
            status=ConsentRecord.Status.ACTIVE,
            review_by__gte=timezone.localdate(),
            covers_photo=True,
        )
        .filter(Exists(language_allowed))
        .values_list("pk", flat=True)
    )


def may_show(use: PhotoUse, valid_consents: set[int]) -> bool:
    if use.image_id is None:
        return False
    return not use.shows_people or use.consent_id in valid_consents


def images_with_renditions(image_ids: set[int], spec: str) -> dict[int, Any]:
    """The images with their renditions of ``spec``, in one query (a JOIN from the renditions
    to their images, instead of ``prefetch_renditions``' second query). Images whose rendition
    does not exist yet (the first view after they were chosen) cost one query more, once."""
    if not image_ids:
        return {}
    image_model = get_image_model()
    renditions = (
        image_model.get_rendition_model()
        .objects.filter(image_id__in=image_ids, filter_spec=spec)
        .select_related("image")
    )
    images: dict[int, Any] = {}
    for rendition in renditions:
        image = images.setdefault(rendition.image_id, rendition.image)
        image.__dict__.setdefault("prefetched_renditions", []).append(rendition)
        rendition.image = image
    missing = image_ids - images.keys()
    if missing:
        for image in image_model.objects.filter(pk__in=missing).prefetch_renditions(spec):
            images[image.pk] = image
    return images


@dataclass
class RecapItem:
    """One thing to render in the recap: a text block, or the photos of a photo/gallery block
    that may be shown (as ``{"image": ..., "caption": ...}`` values for the photo template)."""

    kind: str
    block: Any = None
    heading: str = ""
    photos: list[dict[str, Any]] = field(default_factory=list)


def recap_items(page) -> tuple[list[RecapItem], set[int]]:
    """The recap as it may be shown now, and the valid consent ids (for the share image).

    Queries: one for the consents (only when a photo shows people), one for the images with
    their renditions (only when a photo may be shown); none per block.
    """
    stream = page.recap
    raw_blocks = list(stream.raw_data)
    uses = recap_photo_uses(raw_blocks)
    needed = {u.consent_id for u in uses if u.shows_people and u.consent_id is not None}
    valid = valid_photo_consents(needed, page.locale_id)
    shown_ids = {use.image_id for use in uses if may_show(use, valid)}
    images = {
        pk: image
        for pk, image in images_with_renditions(shown_ids, PHOTO_FILTER).items()
        if not image.is_withdrawn
    }

    def photo(raw: Any) -> dict[str, Any] | None:
        use = _photo_use("", raw)
        image = images.get(use.image_id) if may_show(use, valid) else None
        if image is None:
            return None
        caption = raw.get("caption", "") if isinstance(raw, dict) else ""
        # "cleared": the photo template shows a photo of people only when this check passed.
        return {"image": image, "caption": caption, "cleared": True}

    items = []
    for position, raw in enumerate(raw_blocks):
        kind = raw.get("type")
        value = raw.get("value")
        if kind in RecapBlock.PHOTO_BLOCKS:
            shown = photo(value)
            if shown is not None:
                items.append(RecapItem(kind="photo", photos=[shown]))
        elif kind in RecapBlock.GALLERY_BLOCKS:
            value = value if isinstance(value, dict) else {}
            photos = [p for p in map(photo, _list_items(value.get("photos"))) if p is not None]
            if photos:
                items.append(
                    RecapItem(kind="gallery", heading=value.get("heading") or "", photos=photos)
                )
        elif kind in stream.stream_block.child_blocks:
            items.append(RecapItem(kind="block", block=stream[position]))
    return items, valid
