"""Build event indexes, events and recap photos for tests."""

from __future__ import annotations

import datetime
from typing import Any
from uuid import uuid4

from django.utils import timezone
from wagtail.models import Locale

from events.models import EventIndexPage, EventPage
from home.models import HomePage


def new_index(language: str = "en", slug: str = "test-events") -> EventIndexPage:
    """A fresh index beside the site's own (``events``), so tests control every event in it."""
    if language != "en":
        english = EventIndexPage.objects.filter(locale__language_code="en", slug=slug).first()
        if english is not None:
            index = english.copy_for_translation(Locale.objects.get(language_code=language))
            index.save_revision().publish()
            return index
    home = HomePage.objects.get(locale__language_code=language)
    index = home.add_child(instance=EventIndexPage(title="Test events", slug=slug))
    index.save_revision().publish()
    return index


def site_index(language: str = "en") -> EventIndexPage:
    """The site's event index in ``language`` (tests/support/site.py)."""
    return EventIndexPage.objects.get(locale__language_code=language, slug="events")


def add_event(
    index: EventIndexPage,
    title: str,
    *,
    start: datetime.datetime | None = None,
    hours: float = 2,
    live: bool = True,
    publish: bool = False,
    recap: list[dict[str, Any]] | None = None,
    **fields: Any,
) -> EventPage:
    """An event under ``index``; ``live=True`` creates it live directly (no revision), like
    Wagtail's ``add_child``; ``publish=True`` goes through a revision and the guard instead."""
    start = start or timezone.now() + datetime.timedelta(days=10)
    fields.setdefault("town", "bhuj")
    fields.setdefault("announcement", f"Announcement of {title}.")
    fields.setdefault("slug", title.lower().replace(" ", "-").replace(":", ""))
    event = EventPage(
        title=title,
        start=start,
        end=start + datetime.timedelta(hours=hours),
        live=live and not publish,
        recap=recap or [],
        **fields,
    )
    if live and not publish:
        event.first_published_at = timezone.now()
    index.add_child(instance=event)
    if publish:
        event.save_revision().publish()
        event.refresh_from_db()
    return event


def photo_value(image, *, shows_people: bool = True, consent=None, caption: str = "") -> dict:
    return {
        "image": image.pk,
        "caption": caption,
        "shows_people": shows_people,
        "consent": consent.pk if consent is not None else None,
    }


def photo_block(image, **kwargs) -> dict:
    return {"type": "image", "value": photo_value(image, **kwargs)}


def gallery_block(*photos: dict, heading: str = "") -> dict:
    return {
        "type": "gallery",
        "value": {
            "heading": heading,
            "photos": [{"type": "item", "value": photo, "id": str(uuid4())} for photo in photos],
        },
    }


def paragraph(text: str) -> dict:
    return {"type": "paragraph", "value": f"<p>{text}</p>"}
