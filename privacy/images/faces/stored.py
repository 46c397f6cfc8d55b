"""Hide more areas of a photo already stored: an area an editor drew on the image's edit
screen, or a shown face whose consent ended (consent.lifecycle).

The stored original is replaced by a copy with the areas filled (under a new random name, the
old file deleted once the change is committed), every rendition is deleted (made again from the
new original when next shown) and the live pages that show the photo are purged.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from PIL import Image

from ..replacing import replace_stored_original
from ..sanitise import FORMAT_EXTENSIONS, SanitisedImageFile, random_file_name
from .hiding import Area, hide_areas
from .models import FaceRegion


def stored_as_sanitised(image: Any) -> SanitisedImageFile:
    """The stored original, as the sanitised file it is (written by the sanitiser)."""
    with image.open_file() as stored:
        data = stored.read()
    with Image.open(io.BytesIO(data), formats=list(FORMAT_EXTENSIONS)) as picture:
        image_format, (width, height) = picture.format, picture.size
    return SanitisedImageFile(
        data,
        name=random_file_name(image_format),
        image_format=image_format,
        width=width,
        height=height,
    )


def hide_stored_areas(
    image: Any,
    regions: Sequence[FaceRegion] = (),
    new_areas: Sequence[Area] = (),
    user: Any = None,
) -> list[FaceRegion]:
    """Fill ``regions`` (rows of ``image`` left shown) and ``new_areas`` (drawn by ``user``)
    in the stored original. Returns the new rows. Raises ValidationError if the stored file
    cannot be read."""
    with transaction.atomic():
        # One change of the stored file at a time: two changes at once would each fill the
        # file as it was, and the later save would bring back what the earlier one hid.
        locked = type(image).objects.select_for_update().get(pk=image.pk)
        drawn = [a for a in (area.inside(locked.width, locked.height) for area in new_areas) if a]
        result = hide_areas(stored_as_sanitised(locked), [*(r.area for r in regions), *drawn])
        replace_stored_original(locked, result)
        FaceRegion.objects.filter(pk__in=[r.pk for r in regions]).update(hidden=True)
        created = [
            FaceRegion.objects.create(
                image=locked,
                left=area.left,
                top=area.top,
                width=area.width,
                height=area.height,
                found_by=FaceRegion.FoundBy.EDITOR,
                hidden=True,
                created_by=user,
            )
            for area in drawn
        ]
    # The caller's object describes the new file too.
    image.file = locked.file
    image.width, image.height = locked.width, locked.height
    image.file_size, image.file_hash = locked.file_size, locked.file_hash
    return created
