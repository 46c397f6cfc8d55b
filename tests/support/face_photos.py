"""Photos with a planted face, and checks on the files stored from them (issue 15).

The face is scikit-image's astronaut portrait (``skimage.data.astronaut()``, 512x512, shipped
with the package: nothing is downloaded), pasted into a larger canvas whose background is a
smooth coloured gradient: an area without faces that a test can compare pixel by pixel, and
that would show it if the whole picture (or a wrong part of it) were filled.

``FACE`` is where the face itself is (eyes, nose and mouth), measured on the portrait, not
asked of the detector: a test that reads it back grey proves the face is gone whatever the
detector reported.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache

import numpy as np
from PIL import Image

# The astronaut's face in the 512x512 portrait: eyes to chin, cheek to cheek.
PORTRAIT_FACE = (195, 85, 255, 165)
GREY = (128, 128, 128)  # hiding.FILL, #808080
# JPEG moves a flat grey by a few levels (chroma subsampling, quantisation).
JPEG_TOLERANCE = 6


@dataclass(frozen=True)
class PlantedPhoto:
    picture: Image.Image  # RGB
    face: tuple[int, int, int, int]  # left, top, right, bottom (exclusive) of the face
    empty: tuple[int, int, int, int]  # an area where nobody is

    def encoded(self, image_format: str, quality: int = 92) -> bytes:
        out = io.BytesIO()
        options = {"quality": quality} if image_format == "JPEG" else {}
        self.picture.save(out, image_format, **options)
        return out.getvalue()


@cache
def _portrait() -> Image.Image:
    from skimage import data

    return Image.fromarray(data.astronaut())


def _gradient(width: int, height: int) -> Image.Image:
    x = np.linspace(0, 1, width)[np.newaxis, :]
    y = np.linspace(0, 1, height)[:, np.newaxis]
    red = 40 + 150 * x + 0 * y
    green = 90 + 100 * y + 0 * x
    blue = 200 - 120 * x * y
    return Image.fromarray(np.dstack([red, green, blue]).astype(np.uint8), "RGB")


def planted_photo(
    width: int = 1280, height: int = 900, face_at: tuple[int, int] = (80, 60), scale: float = 1.0
) -> PlantedPhoto:
    """The portrait (scaled by ``scale``) at ``face_at`` on a gradient canvas; the area
    without faces is the bottom-right corner, well away from the portrait."""
    canvas = _gradient(width, height)
    portrait = _portrait()
    if scale != 1.0:
        side = round(512 * scale)
        portrait = portrait.resize((side, side), Image.Resampling.LANCZOS)
    canvas.paste(portrait, face_at)
    left, top, right, bottom = (round(v * scale) for v in PORTRAIT_FACE)
    face = (face_at[0] + left, face_at[1] + top, face_at[0] + right, face_at[1] + bottom)
    empty = (width - 320, height - 240, width - 20, height - 20)
    assert empty[0] > face_at[0] + portrait.width or empty[1] > face_at[1] + portrait.height
    return PlantedPhoto(canvas, face, empty)


def rgb(data: bytes) -> Image.Image:
    with Image.open(io.BytesIO(data)) as picture:
        return picture.convert("RGB")


def scaled(box: tuple[int, int, int, int], factor: float, inset: int = 0) -> tuple:
    """``box`` in a copy of the picture ``factor`` times as wide, shrunk by ``inset`` pixels
    on each side (resampling blends the pixels along a fill's edges)."""
    left, top, right, bottom = (v * factor for v in box)
    return (
        int(np.ceil(left)) + inset,
        int(np.ceil(top)) + inset,
        int(np.floor(right)) - inset,
        int(np.floor(bottom)) - inset,
    )


def assert_solid_grey(picture: Image.Image, box: tuple, tolerance: int, where: str = "") -> None:
    """Every pixel of ``box`` is the fill colour (within ``tolerance`` levels)."""
    pixels = np.asarray(picture.convert("RGB").crop(box), dtype=np.int16)
    assert pixels.size, f"empty box {box} {where}"
    worst = int(np.abs(pixels - np.array(GREY)).max())
    assert worst <= tolerance, f"face area not solid grey {where}: off by up to {worst}"


def assert_unchanged(
    picture: Image.Image, original: Image.Image, box: tuple, tolerance: int, where: str = ""
) -> None:
    """``box`` of ``picture`` has the pixels of ``original`` (resized to the picture's size
    first, as renditions are) within ``tolerance`` levels."""
    if original.size != picture.size:
        original = original.resize(picture.size, Image.Resampling.LANCZOS)
    ours = np.asarray(picture.convert("RGB").crop(box), dtype=np.int16)
    theirs = np.asarray(original.convert("RGB").crop(box), dtype=np.int16)
    assert ours.size
    worst = int(np.abs(ours - theirs).max())
    assert worst <= tolerance, f"area without faces changed {where}: off by up to {worst}"
