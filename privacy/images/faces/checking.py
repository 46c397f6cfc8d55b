"""The face check the image model runs on every original it stores, whatever the caller
(admin forms, the multiple uploader, the chooser, ``objects.create``, management commands).

An image is treated as showing people (``PrivateImage.shows_people``, ticked by default): every
face found is hidden before the file is stored. Only an editor's "this image shows nobody"
(a logo, a poster, a landscape) skips the check, and that choice is logged with who made it.
On a new upload of the same image, faces a consent allows (``shown.py``) stay shown and the
areas editors drew are hidden again when the new photo has the same size.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from ..sanitise import SanitisedImageFile
from .hiding import FaceCheck, hide_faces
from .models import FaceRegion
from .shown import faces_that_may_stay_shown

SHOWS_NOBODY_ACTION = "privacy.image_shows_nobody"
SHOWS_PEOPLE_ACTION = "privacy.image_shows_people"


@dataclass
class PendingCheck:
    """What to record once the image row is saved."""

    check: FaceCheck | None  # None: the image shows nobody, no check ran
    kept: list[FaceRegion]


def _stored_size(image: Any) -> tuple[int | None, int | None]:
    row = type(image).objects.filter(pk=image.pk).values_list("width", "height").first()
    return row or (None, None)


def checked(image: Any, clean: SanitisedImageFile) -> SanitisedImageFile:
    """``clean`` with the image's faces hidden, and what to record noted on ``image``.

    Raises ValidationError (the detector is not working, the picture cannot be checked)."""
    if getattr(clean, "areas_hidden", None) is not None:
        return clean  # hide_areas(): more areas hidden on the same picture, no new check
    already = getattr(clean, "face_check", None)
    if already is not None:
        image._pending_face_check = PendingCheck(already, getattr(clean, "face_kept", []))
        return clean
    if not image.shows_people:
        image._pending_face_check = PendingCheck(None, [])
        return clean
    kept: list[FaceRegion] = []
    drawn: list[FaceRegion] = []
    if image.pk is not None:
        kept = faces_that_may_stay_shown(image)
        if _stored_size(image) == (clean.width, clean.height):
            drawn = list(image.face_regions.filter(found_by=FaceRegion.FoundBy.EDITOR))
    result = hide_faces(clean, keep=[r.area for r in kept], also_hide=[r.area for r in drawn])
    result.face_kept = kept
    image._pending_face_check = PendingCheck(result.face_check, kept)
    return result


def record(image: Any, user: Any = None) -> None:
    """After the image row is saved: its face areas as the stored file now has them."""
    pending: PendingCheck | None = image.__dict__.pop("_pending_face_check", None)
    if pending is None:
        return
    with transaction.atomic():
        if pending.check is None:
            image.face_regions.all().delete()
            type(image).objects.filter(pk=image.pk).update(
                faces_checked_at=None, faces_checked_with=""
            )
            image.faces_checked_at, image.faces_checked_with = None, ""
            return
        kept_ids = set()
        for found in pending.check.areas:
            values = {
                "left": found.area.left,
                "top": found.area.top,
                "width": found.area.width,
                "height": found.area.height,
                "found_by": found.found_by,
                "score": found.score,
                "hidden": found.hidden,
            }
            if found.matches is not None:
                # The face an editor linked to a consent: same row, so the link stays.
                region = pending.kept[found.matches]
                FaceRegion.objects.filter(pk=region.pk).update(**values)
                kept_ids.add(region.pk)
            else:
                created = FaceRegion.objects.create(image=image, created_by=user, **values)
                kept_ids.add(created.pk)
        image.face_regions.exclude(pk__in=kept_ids).delete()
        now = timezone.now()
        type(image).objects.filter(pk=image.pk).update(
            faces_checked_at=now, faces_checked_with=pending.check.detector
        )
        image.faces_checked_at, image.faces_checked_with = now, pending.check.detector


def log_people_answer(image: Any, was: bool | None, user: Any = None) -> None:
    """Log who said the image shows nobody (or people again): a skipped check is a choice."""
    if was is None and image.shows_people:
        return  # a new image of people: the ordinary case, nothing to explain
    if was == image.shows_people:
        return
    action = SHOWS_PEOPLE_ACTION if image.shows_people else SHOWS_NOBODY_ACTION
    log(instance=image, action=action, user=user)
