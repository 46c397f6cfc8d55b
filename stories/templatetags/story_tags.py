"""Template helpers for story pages: which body blocks consent allows, and links to the index.

None of them runs a query but ``consented_blocks`` (one, for the faces of the story's images):
the index's address is the story's address without its last segment (a story always sits
directly under its index).
"""

from collections.abc import Iterator

from django import template
from django.http import HttpRequest
from django.utils.translation import gettext_noop

from consent.photos import as_int
from stories.blocks import StoryBodyBlock

register = template.Library()

# Django ships no Gujarati catalogue, so the month names its ``date`` filter shows ("j F Y" in
# the story templates) are listed here for makemessages and translated in our catalogues.
MONTH_NAMES = (
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
)


@register.filter
def consented_blocks(page) -> Iterator:
    """The story's body blocks, without photos or voice clips that its consent does not cover,
    and without photos whose faces may not be shown in the story's language (``consent.faces``:
    one query for all the story's images, none when the consent covers no photos).

    Block types are read from the raw data first, so a photo that may not be shown is never
    even loaded.
    """
    consent = page.consent if page.consent_id else None
    allowed_photo = bool(consent and consent.covers_photo)
    allowed_voice = bool(consent and consent.covers_voice)
    faces = page.photo_faces_now() if allowed_photo else {}
    body = page.body
    for position, raw in enumerate(body.raw_data):
        kind = raw.get("type")
        if kind in StoryBodyBlock.PHOTO_BLOCKS and not (
            allowed_photo and _faces_allow(raw.get("value"), faces)
        ):
            continue
        if kind in StoryBodyBlock.VOICE_BLOCKS and not allowed_voice:
            continue
        yield body[position]


def _faces_allow(value, faces: dict) -> bool:
    image_id = as_int(value.get("image")) if isinstance(value, dict) else None
    verdict = faces.get(image_id) if image_id is not None else None
    return verdict is not None and verdict.passes


def _parent_url(url: str) -> str:
    trimmed = url.rstrip("/")
    return trimmed[: trimmed.rfind("/") + 1] if "/" in trimmed else url


@register.simple_tag(takes_context=True)
def story_index_url(context, story) -> str:
    """The address of the story index a story belongs to."""
    request: HttpRequest | None = context.get("request")
    url = story.get_url(request) or ""
    return _parent_url(url)


@register.simple_tag(takes_context=True)
def story_feed_url(context, page) -> str:
    """The RSS feed of a story index, given the index or one of its stories."""
    from stories.models import StoryIndexPage

    request: HttpRequest | None = context.get("request")
    url = page.get_url(request) or ""
    if not isinstance(page, StoryIndexPage):
        url = _parent_url(url)
    return url + "feed/"
