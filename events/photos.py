"""Which photos of a recap may be shown (the shared rules of ``consent.photos`` and
``consent.shown_photos``, applied to the event's ``recap``)."""

from __future__ import annotations

from typing import Any

from consent.guard import PhotoUse
from consent.shown_photos import StreamItem, stream_items

RecapItem = StreamItem


def recap_photo_uses(raw_blocks: Any) -> list[PhotoUse]:
    """Every photo of a recap (single photos and gallery items), in order, from raw data."""
    from consent.photos import stream_photo_uses

    from .models import EventPage

    field = EventPage._meta.get_field("recap")
    return stream_photo_uses(raw_blocks, field.stream_block, field.verbose_name)


def recap_items(page) -> tuple[list[RecapItem], set[int]]:
    """The recap as it may be shown now, and the valid consent ids (for the share image)."""
    items = stream_items(page, "recap")
    return items, page._photo_consents_now
