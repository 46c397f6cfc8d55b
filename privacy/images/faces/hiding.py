"""Hide faces in a sanitised image: each face's area (with a margin for hair and ears) is
filled with one solid colour in every frame, so nothing of the face survives at any scale.

Blur and pixelation keep a face's outline and colours and can be partly undone (McPherson et
al., "Defeating Image Obfuscation with Deep Learning", 2016); a solid fill keeps nothing. The
stored original is the hidden one: no unhidden copy is kept anywhere, so to show a face an
editor links it to a consent and uploads the photo again (privacy/images/faces/shown.py).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageColor, ImageDraw

from ..colour import SrgbConverter
from ..sanitise import FORMAT_EXTENSIONS, SanitisedImageFile, _encode, _frames, random_file_name
from .detector import MODEL_NAME, Box, DetectorUnavailable, detect_faces

FILL = "#808080"
# Around the detector's box (forehead to chin): hair above, ears at the sides, chin below.
MARGIN_SIDES = 0.3
MARGIN_ABOVE = 0.5
MARGIN_BELOW = 0.25
# A new face on a photo uploaded again is the one an editor linked before when their areas
# overlap at least this much.
SAME_FACE = 0.4

MESSAGES = {
    "detector_unavailable": _(
        "Photos cannot be uploaded right now: the face check that hides faces is not working "
        "on the server. Nothing was stored. Try again later, or tell the site's administrator."
    ),
    "not_checkable": _(
        "This image could not be checked for faces, so it was not stored. Export it again as "
        "an ordinary JPEG or PNG photo and upload the new copy."
    ),
}


def _error(code: str) -> ValidationError:
    return ValidationError(MESSAGES[code], code=code)


@dataclass(frozen=True)
class Area:
    """A rectangle of the stored picture, in whole pixels."""

    left: int
    top: int
    width: int
    height: int

    @property
    def box(self) -> Box:
        return Box(self.left, self.top, self.left + self.width, self.top + self.height)

    @classmethod
    def around_face(cls, face: Box, width: int, height: int) -> Area:
        """The area hidden for a detected face: its box and a margin, inside the picture."""
        left = max(0, int(face.left - face.width * MARGIN_SIDES))
        top = max(0, int(face.top - face.height * MARGIN_ABOVE))
        right = min(width, int(face.right + face.width * MARGIN_SIDES + 1))
        bottom = min(height, int(face.bottom + face.height * MARGIN_BELOW + 1))
        return cls(left, top, max(1, right - left), max(1, bottom - top))

    def inside(self, width: int, height: int) -> Area | None:
        left, top = max(0, self.left), max(0, self.top)
        right = min(width, self.left + self.width)
        bottom = min(height, self.top + self.height)
        if right <= left or bottom <= top:
            return None
        return Area(left, top, right - left, bottom - top)


@dataclass
class FoundArea:
    """One area of a checked picture: hidden (filled) or left as it is for a linked consent."""

    area: Area
    found_by: str  # "detector" or "editor" (FaceRegion.FoundBy values)
    score: float | None
    hidden: bool
    # For an area left shown: the index, in ``keep``, of the earlier area it matched.
    matches: int | None = None


@dataclass
class FaceCheck:
    """What the face check did to a sanitised file (``SanitisedImageFile.face_check``)."""

    detector: str
    areas: list[FoundArea] = field(default_factory=list)


def fill(picture: Image.Image, areas: Iterable[Area]) -> None:
    """Fill ``areas`` of ``picture`` (in place) with one solid colour, whatever its mode."""
    draw = ImageDraw.Draw(picture)
    if picture.mode == "P":
        # One palette entry, never the transparent one: still a single flat colour.
        transparent = picture.info.get("transparency")
        colour: object = 1 if transparent == 0 else 0
    elif picture.mode == "1":
        colour = 0
    elif picture.mode.startswith("I;16"):
        colour = 0x8080  # FILL's grey in 16 bits (ImageColor gives 128: nearly black)
    else:
        colour = ImageColor.getcolor(FILL, picture.mode)
    for area in areas:
        draw.rectangle(
            (area.left, area.top, area.left + area.width - 1, area.top + area.height - 1),
            fill=colour,
        )


def _reencoded(
    original: SanitisedImageFile,
    source: Image.Image,
    frames: list,
    data: bytes,
    face_check: FaceCheck | None,
) -> SanitisedImageFile:
    image_format = source.format
    content = _encode(frames, source, image_format, data)
    width, height = frames[0].image.size
    clean = SanitisedImageFile(
        content,
        name=random_file_name(image_format),
        image_format=image_format,
        width=width,
        height=height,
        # Still to be told to the uploader (privacy/images/fields.py).
        only_main_picture_kept=original.only_main_picture_kept,
    )
    clean.face_check = face_check
    return clean


def _open(clean: SanitisedImageFile) -> tuple[Image.Image, list, bytes]:
    data = clean.data
    source = Image.open(io.BytesIO(data), formats=list(FORMAT_EXTENSIONS))
    # The sanitised file holds no colour profile: the conversion changes nothing.
    frames = _frames(source, source.format, SrgbConverter(None))
    return source, frames, data


def hide_faces(
    clean: SanitisedImageFile,
    keep: Sequence[Area] = (),
    also_hide: Sequence[Area] = (),
) -> SanitisedImageFile:
    """A copy of ``clean`` with every face found hidden, except faces matching an area of
    ``keep`` (faces whose consent allows them to be shown); ``also_hide`` areas (drawn by
    editors on the same photo before) are hidden too.

    Raises ``ValidationError`` when the detector is not working or the picture cannot be
    checked: such a file is never stored."""
    try:
        source, frames, data = _open(clean)
    except Exception:
        raise _error("not_checkable") from None
    with source:
        width, height = frames[0].image.size
        found: list[FoundArea] = []
        try:
            for frame in frames:
                for face in detect_faces(frame.image):
                    area = Area.around_face(face, width, height)
                    if any(area.box.overlap(f.area.box) >= 0.5 for f in found):
                        continue  # the same face in another frame of an animation
                    matches = [
                        index
                        for index, kept in enumerate(keep)
                        if area.box.overlap(kept.box) >= SAME_FACE
                    ]
                    found.append(
                        FoundArea(
                            area,
                            "detector",
                            face.score,
                            hidden=not matches,
                            matches=matches[0] if matches else None,
                        )
                    )
        except DetectorUnavailable:
            raise _error("detector_unavailable") from None
        except Exception:
            raise _error("not_checkable") from None
        for drawn in also_hide:
            inside = drawn.inside(width, height)
            if inside is not None:
                found.append(FoundArea(inside, "editor", None, hidden=True))
        hidden = [f.area for f in found if f.hidden]
        for frame in frames:
            fill(frame.image, hidden)
        return _reencoded(clean, source, frames, data, FaceCheck(MODEL_NAME, found))


def hide_areas(clean: SanitisedImageFile, areas: Sequence[Area]) -> SanitisedImageFile:
    """A copy of ``clean`` with ``areas`` filled, without looking for faces again (an editor
    hid an area the detector missed, or a shown face's consent ended)."""
    try:
        source, frames, data = _open(clean)
    except Exception:
        raise _error("not_checkable") from None
    with source:
        width, height = frames[0].image.size
        inside = [a for a in (area.inside(width, height) for area in areas) if a is not None]
        for frame in frames:
            fill(frame.image, inside)
        # No FaceCheck: the caller records what it hid on the areas themselves.
        result = _reencoded(clean, source, frames, data, None)
        result.areas_hidden = inside
        return result
