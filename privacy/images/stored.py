"""Bring photos stored by earlier versions up to today's sanitiser.

Originals stored before a sanitiser change keep what that version let through (ICC colour
profiles, whose text tags can carry a name, and the extra pictures of phone photos), and Willow
copies the profile into every rendition made from them. ``resanitise_stored_images`` re-runs the
sanitiser over every original whose bytes hold anything beyond what today's sanitiser itself
writes (an allowlist of Pillow's header fields), stores the clean copy under a new random name,
deletes the old file and every rendition (made again, from the clean copy, when next shown),
and purges the live pages that show the photo.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable

from django.db import transaction
from PIL import Image
from wagtail.images import get_image_model

from .replacing import replace_stored_original
from .sanitise import FORMAT_EXTENSIONS, _holds_another_picture, sanitise_image

logger = logging.getLogger(__name__)

# What Pillow reports for files today's sanitiser wrote: structure, never text.
HARMLESS_HEADER_FIELDS = frozenset(
    {
        "jfif",
        "jfif_version",
        "jfif_unit",
        "jfif_density",
        "dpi",
        "progressive",
        "progression",
        "transparency",
        "version",
        "background",
        "loop",
        "duration",
    }
)


def needs_sanitising_again(data: bytes) -> bool:
    """True when the stored bytes hold anything today's sanitiser would not have written."""
    try:
        with Image.open(io.BytesIO(data), formats=list(FORMAT_EXTENSIONS)) as im:
            if im.format not in FORMAT_EXTENSIONS:
                return True
            if not set(im.info) <= HARMLESS_HEADER_FIELDS:
                return True
            return im.format == "JPEG" and _holds_another_picture(data)
    except Exception:
        # Unreadable here means it cannot be vouched for: let the sanitiser decide.
        return True


def resanitise_image(image) -> bool:
    """Re-sanitise one stored original if needed; returns True when it was replaced."""
    with image.open_file() as stored:
        data = stored.read()
    if not needs_sanitising_again(data):
        return False
    clean = sanitise_image(io.BytesIO(data), name=image.file.name)
    with transaction.atomic():
        replace_stored_original(image, clean)
    return True


def resanitise_stored_images(images: Iterable | None = None) -> tuple[int, int]:
    """(checked, replaced) over every stored image, or the ones given."""
    images = get_image_model().objects.all() if images is None else images
    checked = replaced = 0
    for image in images:
        checked += 1
        try:
            replaced += resanitise_image(image)
        except Exception:
            # One unreadable file must not stop the rest; it is named by id only.
            logger.exception("Could not re-sanitise stored image %s", image.pk)
    return checked, replaced
