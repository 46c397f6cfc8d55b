"""Which photos a page shows and whether their consents allow them, from raw stored data.

Reading the raw JSON of a StreamField (not the block values) means a photo that may not be
shown is never even loaded, and the consents of every photo on a page are checked in ONE query,
however many photos and galleries there are. A stream block says which of its children are
photos (``PHOTO_BLOCKS``) and galleries of photos (``GALLERY_BLOCKS``); both store the shared
photo block's fields (``base.blocks.PhotoBlock``: ``image``, ``shows_people``, ``consent``).

A photo whose "shows people" answer is missing (stored before the question existed) is treated
as showing people. Every photo also passes the faces rule of ``consent.faces`` (one query for
every image of the page): a photo of people without a consent record (a group photo) is shown
when all its faces are hidden, or linked to consents that allow them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .faces import FaceVerdict
from .guard import PhotoUse
from .models import ConsentRecord


def as_int(value: Any) -> int | None:
    if isinstance(value, dict):  # a chooser value some code paths store as {"id": ...}
        value = value.get("id")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def photo_use(where: str, value: Any) -> PhotoUse:
    """One photo block's raw value (``{"image", "caption", "shows_people", "consent"}``)."""
    value = value if isinstance(value, dict) else {}
    return PhotoUse(
        where=where,
        image_id=as_int(value.get("image")),
        # Missing means "not answered": treated as showing people, the safe reading.
        shows_people=value.get("shows_people", True) is not False,
        consent_id=as_int(value.get("consent")),
    )


def list_items(raw: Any) -> Iterator[Any]:
    """Items of a ListBlock's raw value, in the current ({"type": "item", "value": ...}) or the
    older (plain values) format."""
    for item in raw if isinstance(raw, list) else []:
        # The same test as Wagtail's ListBlock, so both read an item the same way.
        if isinstance(item, dict) and item.get("type") == "item" and {"id", "value"} <= set(item):
            yield item["value"]
        else:
            yield item


def photo_block_names(stream_block: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The names of a stream block's photo children and gallery children."""
    return (
        tuple(getattr(stream_block, "PHOTO_BLOCKS", ())),
        tuple(getattr(stream_block, "GALLERY_BLOCKS", ())),
    )


def stream_photo_uses(raw_blocks: Any, stream_block: Any, field_label: str) -> list[PhotoUse]:
    """Every photo of a stream (single photos and gallery items), in order, from raw data."""
    photo_blocks, gallery_blocks = photo_block_names(stream_block)
    label = capfirst(str(field_label))
    uses = []
    for position, block in enumerate(raw_blocks or [], start=1):
        kind = block.get("type") if isinstance(block, dict) else None
        value = block.get("value") if isinstance(block, dict) else None
        if kind in photo_blocks:
            where = _("%(field)s › %(n)s (photo)") % {"field": label, "n": position}
            uses.append(photo_use(where, value))
        elif kind in gallery_blocks:
            photos = value.get("photos") if isinstance(value, dict) else None
            for number, item in enumerate(list_items(photos), start=1):
                where = _("%(field)s › %(n)s (gallery), photo %(m)s") % {
                    "field": label,
                    "n": position,
                    "m": number,
                }
                uses.append(photo_use(where, item))
    return uses


def valid_photo_consents(consent_ids: set[int], locale_id: int | None) -> set[int]:
    """The records among ``consent_ids`` that allow a photo on a page of this locale now:
    in force, covering photos and this language. One query (none when nothing is asked)."""
    consent_ids = {pk for pk in consent_ids if pk is not None}
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


def consents_needed(uses: list[PhotoUse]) -> set[int]:
    return {use.consent_id for use in uses if use.shows_people and use.consent_id is not None}


def may_show(use: PhotoUse, valid_consents: set[int], faces: dict[int, FaceVerdict]) -> bool:
    """The one rule of every photo on a public page: its image's faces allow it on this page
    (``consent.faces``: hidden, or linked to a consent for this language; never an image whose
    faces were not checked), and a photo block's own consent, if it names one, is in force.

    A photo of people without a consent record (a group photo) is shown on the strength of its
    hidden faces alone, unless its image was said to show nobody: then nothing was hidden, and
    the block's "shows people" says someone can be seen.
    """
    verdict = faces.get(use.image_id) if use.image_id is not None else None
    if verdict is None or not verdict.passes:
        return False
    if not use.shows_people:
        return True
    if use.consent_id is not None:
        return use.consent_id in valid_consents
    return verdict.shows_people


def contradiction(use: PhotoUse, faces: dict[int, FaceVerdict]) -> bool:
    """A photo said to show people, without a consent, whose image was said to show nobody."""
    verdict = faces.get(use.image_id) if use.image_id is not None else None
    return (
        use.shows_people
        and use.consent_id is None
        and verdict is not None
        and not verdict.shows_people
    )
