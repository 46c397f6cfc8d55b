"""Test photos with faces planted where we know them, built from what scikit-image ships
offline (no download): the astronaut portrait (``skimage.data.astronaut()``), the
cameraman (``skimage.data.camera()``, grey) and the first 100 of the 200 25x25 grey crops in
``lfw_subset.npy`` (the other 100 are not faces).

Faces are planted at several sizes (about 24 px to 1500 px wide), in colour, grey, dim
(x 0.35 brightness) and rotated by ±12 degrees, on a textured background (a flat one would
make every comparison too easy), in the corners and on the seams between the detector's tiles.
Each planted face keeps its box (brow to chin, as a detector marks a face) in the photo's
pixels, so a test can look at exactly that place in every stored file.

``grey_thumbnail`` and ``correlation`` measure whether a face survived: a face that no longer
correlates with the original even as a 12x12 grey thumbnail cannot be recognised.
"""

from __future__ import annotations

import functools
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from PIL import Image

THUMBNAIL = 12
# Hair, ears and chin around a face box: what the hider must fill too (hiding.py's margins are
# 30 % at the sides, 50 % above, 25 % below; the tests ask for most of them, since a detector's
# box is never exactly the planted one).
MARGIN_SIDES = 0.2
MARGIN_ABOVE = 0.35
MARGIN_BELOW = 0.15


@dataclass(frozen=True)
class PlantedFace:
    """One face planted in a photo: its box (left, top inclusive; right, bottom exclusive)."""

    label: str
    left: int
    top: int
    right: int
    bottom: int

    @property
    def width(self) -> int:
        return self.right - self.left

    @property
    def height(self) -> int:
        return self.bottom - self.top

    @property
    def box(self) -> tuple[int, int, int, int]:
        return self.left, self.top, self.right, self.bottom

    def with_margins(self, width: int, height: int) -> tuple[int, int, int, int]:
        """The face box with the hair/ears margins the fill must cover, inside the photo."""
        return (
            max(0, math.floor(self.left - self.width * MARGIN_SIDES)),
            max(0, math.floor(self.top - self.height * MARGIN_ABOVE)),
            min(width, math.ceil(self.right + self.width * MARGIN_SIDES)),
            min(height, math.ceil(self.bottom + self.height * MARGIN_BELOW)),
        )


@dataclass
class PlantedPhoto:
    name: str
    picture: Image.Image  # RGB
    faces: list[PlantedFace] = field(default_factory=list)
    # Animated photos: every frame (RGB), and the faces of each frame (``faces`` is then the
    # union: the hider must fill every place the face passes, in every frame).
    frames: list[Image.Image] = field(default_factory=list)
    frame_faces: list[list[PlantedFace]] = field(default_factory=list)

    @property
    def size(self) -> tuple[int, int]:
        return self.picture.size


# --- Face sources -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Source:
    """A head with some context around it, and where the face is in it."""

    head: Image.Image  # RGB
    face: tuple[int, int, int, int]  # in ``head``'s pixels


@functools.cache
def _astronaut() -> _Source:
    from skimage import data

    # The face (brow to chin) is at about (182, 58)-(270, 178) of the 512x512 portrait; the
    # head crop keeps her hair and some of the suit.
    return _Source(Image.fromarray(data.astronaut()).crop((140, 10, 312, 215)), (42, 48, 130, 168))


@functools.cache
def _cameraman() -> _Source:
    from skimage import data

    # The face is at about (202, 119)-(258, 197) of the 512x512 grey photo; with his cap.
    head = Image.fromarray(data.camera()).convert("RGB").crop((175, 70, 285, 225))
    return _Source(head, (27, 49, 83, 127))


@functools.cache
def _lfw_faces() -> np.ndarray:
    from skimage import data

    crops = np.load(os.path.join(data.data_dir, "lfw_subset.npy"))
    return crops[:100]  # the first 100 crops are faces, the other 100 are not


def _lfw(index: int) -> _Source:
    """A labelled-faces crop (25x25 grey, brow to chin nearly) as a colourless head."""
    crop = (_lfw_faces()[index] * 255).round().astype(np.uint8)
    picture = Image.fromarray(crop).convert("RGB")
    return _Source(picture, (2, 2, 23, 23))


def _source(kind: str) -> _Source:
    if kind == "astronaut":
        return _astronaut()
    if kind == "camera":
        return _cameraman()
    return _lfw(int(kind.removeprefix("lfw")))


# --- Backgrounds --------------------------------------------------------------------------------


def textured_background(width: int, height: int, seed: int = 0) -> Image.Image:
    """Grass and gravel textures (scikit-image), tinted and shaded: nothing flat, no faces."""
    from skimage import data

    rng = np.random.default_rng(seed)
    textures = [data.grass(), data.gravel(), data.brick()]
    out = np.zeros((height, width, 3), dtype=np.float32)
    tile = 512
    for top in range(0, height, tile):
        for left in range(0, width, tile):
            texture = textures[int(rng.integers(len(textures)))].astype(np.float32)
            tint = rng.uniform(0.55, 1.0, size=3).astype(np.float32)
            piece = texture[: min(tile, height - top), : min(tile, width - left)]
            out[top : top + piece.shape[0], left : left + piece.shape[1]] = piece[..., None] * tint
    # A slow shading across the whole picture, as light falls in a room.
    ys = np.linspace(0.75, 1.1, height, dtype=np.float32)[:, None, None]
    xs = np.linspace(1.05, 0.8, width, dtype=np.float32)[None, :, None]
    return Image.fromarray(np.clip(out * ys * xs, 0, 255).astype(np.uint8))


# --- Planting -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Plant:
    """What to plant: a face ``width`` px wide whose box's centre is at (x, y)."""

    kind: str  # "astronaut", "camera" or "lfw<index>"
    width: int
    x: int
    y: int
    grey: bool = False
    dim: bool = False
    angle: float = 0.0
    where: str = ""  # "corner", "tile seam"...: said in the face's label

    @property
    def label(self) -> str:
        parts = [self.kind, f"{self.width}px"]
        parts += [word for word, on in (("grey", self.grey), ("dim", self.dim)) if on]
        if self.angle:
            parts.append(f"rotated {self.angle:+g}°")
        if self.where:
            parts.append(self.where)
        return " ".join(parts)


def plant(picture: Image.Image, what: Plant) -> PlantedFace:
    """Paste a head into ``picture`` (in place) and return the planted face's box."""
    source = _source(what.kind)
    face_left, face_top, face_right, face_bottom = source.face
    scale = what.width / (face_right - face_left)
    head = source.head.resize(
        (max(1, round(source.head.width * scale)), max(1, round(source.head.height * scale))),
        Image.Resampling.BICUBIC,
    )
    if what.grey:
        head = head.convert("L").convert("RGB")
    if what.dim:
        head = Image.fromarray((np.asarray(head, dtype=np.float32) * 0.35).astype(np.uint8))
    # The face box's corners, relative to the head's centre, follow the head's rotation.
    centre_x, centre_y = head.width / 2, head.height / 2
    corners = [
        (face_left * scale - centre_x, face_top * scale - centre_y),
        (face_right * scale - centre_x, face_top * scale - centre_y),
        (face_left * scale - centre_x, face_bottom * scale - centre_y),
        (face_right * scale - centre_x, face_bottom * scale - centre_y),
    ]
    mask = Image.new("L", head.size, 255)
    if what.angle:
        head = head.rotate(what.angle, Image.Resampling.BICUBIC, expand=True)
        mask = mask.rotate(what.angle, Image.Resampling.BICUBIC, expand=True)
        turn = math.radians(what.angle)  # PIL turns anticlockwise on screen (y down)
        corners = [
            (x * math.cos(turn) + y * math.sin(turn), -x * math.sin(turn) + y * math.cos(turn))
            for x, y in corners
        ]
        centre_x, centre_y = head.width / 2, head.height / 2
    xs = [x + centre_x for x, _ in corners]
    ys = [y + centre_y for _, y in corners]
    # Where the head goes so that the face box's centre is at (what.x, what.y).
    offset_x = round(what.x - (min(xs) + max(xs)) / 2)
    offset_y = round(what.y - (min(ys) + max(ys)) / 2)
    picture.paste(head, (offset_x, offset_y), mask)
    return PlantedFace(
        what.label,
        max(0, math.floor(min(xs) + offset_x)),
        max(0, math.floor(min(ys) + offset_y)),
        min(picture.width, math.ceil(max(xs) + offset_x)),
        min(picture.height, math.ceil(max(ys) + offset_y)),
    )


def planted(name: str, size: tuple[int, int], plants: Sequence[Plant], seed: int) -> PlantedPhoto:
    picture = textured_background(*size, seed=seed)
    faces: list[PlantedFace] = []
    pixels: list[bytes] = []
    for what in plants:
        face = plant(picture, what)
        # A later head must not cover an earlier face: each planted face stays whole.
        for earlier, before in zip(faces, pixels, strict=True):
            assert picture.crop(earlier.box).tobytes() == before, (face.label, earlier.label)
        faces.append(face)
        pixels.append(picture.crop(face.box).tobytes())
    return PlantedPhoto(name, picture, faces)


# --- The photos ---------------------------------------------------------------------------------

# The detector (privacy/images/faces/detector.py) cuts a 2400x1600 picture into tiles whose
# overlaps are x 768-864 and x 1536-1632, y 752-848 today; faces are planted across them (and
# would still be planted there if the tiling changed: they then test ordinary places).
COLLAGE_PLANTS = (
    Plant("lfw0", 24, 150, 150),
    Plant("lfw1", 32, 300, 140, grey=True),
    Plant("lfw2", 40, 20, 22, where="top-left corner"),
    Plant("astronaut", 48, 470, 150),
    Plant("camera", 64, 650, 170),
    Plant("astronaut", 96, 1050, 200, dim=True),
    Plant("astronaut", 128, 1300, 230, angle=12),
    Plant("lfw4", 56, 1550, 180, angle=-12),
    Plant("astronaut", 160, 816, 500, where="tile seam"),
    Plant("camera", 120, 1584, 420, grey=True, where="tile seam"),
    Plant("astronaut", 200, 1200, 800, angle=-12, where="tile seam"),
    Plant("astronaut", 300, 400, 1180, grey=True, dim=True),
    Plant("astronaut", 500, 1850, 1230),
    # Pasted after the big head, so that its box is whole: in the corner of her photo.
    Plant("lfw3", 80, 2355, 1545, where="bottom-right corner"),
    Plant("lfw5", 64, 816, 800, dim=True, where="crossing tile seams"),
    Plant("lfw6", 100, 2330, 120, where="top-right corner"),
)


# A group photo from a phone (12 megapixels): a crowd in rows, faces 40-140 px wide, and one
# woman close to the camera whose face is 1500 px wide.
def _group_plants() -> list[Plant]:
    plants = [Plant("astronaut", 1500, 820, 1500, where="close to the camera")]
    row_y = [260, 700, 1200, 1800, 2550]
    row_width = [40, 56, 80, 110, 140]
    index = 7
    for row, (y, width) in enumerate(zip(row_y, row_width, strict=True)):
        x = 1750 + row * 37
        while x < 4000 - width:
            variant = index % 5
            plants.append(
                Plant(
                    "astronaut" if variant == 0 else "camera" if variant == 3 else f"lfw{index}",
                    width,
                    x,
                    y,
                    grey=variant == 1,
                    dim=variant == 2,
                    angle=(12 if index % 2 else -12) if variant == 4 else 0.0,
                )
            )
            index += 1
            x += width * 3
    return plants


def collage() -> PlantedPhoto:
    return planted("collage 2400x1600", (2400, 1600), COLLAGE_PLANTS, seed=1)


def group_photo() -> PlantedPhoto:
    return planted("group photo 4000x3000", (4000, 3000), _group_plants(), seed=2)


def close_ups() -> list[PlantedPhoto]:
    """Close-up selfies (2000x1500): a face that fills the photo, its chin or brow cut off.
    (Before the detector's 384 px pass, the first one was not found at all.)"""
    return [
        planted("close-up 2000x1500", (2000, 1500), [Plant("camera", 1300, 1000, 750)], seed=8),
        planted("closer 2000x1500", (2000, 1500), [Plant("lfw8", 1450, 1000, 750)], seed=9),
    ]


def moving_face(frame_count: int = 4) -> PlantedPhoto:
    """An animation (1600x1000, for a GIF) in which one face moves across the picture and
    another appears only in the last frame."""
    background = textured_background(1600, 1000, seed=3)
    frames, frame_faces = [], []
    for index in range(frame_count):
        frame = background.copy()
        faces = [plant(frame, Plant("astronaut", 120, 200 + index * 380, 300 + index * 120))]
        if index == frame_count - 1:
            faces.append(plant(frame, Plant("camera", 90, 1400, 150, grey=True)))
        frames.append(frame)
        frame_faces.append(faces)
    union = [face for faces in frame_faces for face in faces]
    return PlantedPhoto(
        "moving face 1600x1000", frames[0], union, frames=frames, frame_faces=frame_faces
    )


def photos_without_faces() -> dict[str, Image.Image]:
    """Photos of no person (a cat is there: hiding it would be a false alarm, but a harmless
    one)."""
    from skimage import data

    return {
        "coffee": Image.fromarray(data.coffee()),
        "chelsea (a cat)": Image.fromarray(data.chelsea()),
        "brick": Image.fromarray(data.brick()).convert("RGB"),
        "rocket": Image.fromarray(data.rocket()),
        "hubble": Image.fromarray(data.hubble_deep_field()),
        "textured background": textured_background(2400, 1600, seed=4),
    }


# --- Measuring ----------------------------------------------------------------------------------


def grey_thumbnail(picture: Image.Image, box: Sequence[float]) -> np.ndarray:
    """The ``box`` of ``picture`` as a 12x12 grey thumbnail (float)."""
    left, top, right, bottom = box
    region = picture.convert("RGB").convert("L")
    crop = region.crop(
        (
            round(left),
            round(top),
            max(round(left) + 1, round(right)),
            max(round(top) + 1, round(bottom)),
        )
    )
    small = crop.resize((THUMBNAIL, THUMBNAIL), Image.Resampling.BOX)
    return np.asarray(small, dtype=np.float64)


def correlation(first: np.ndarray, second: np.ndarray) -> float:
    """Pearson's r of two thumbnails; 0 when either is flat (nothing to correlate)."""
    a, b = first.ravel() - first.mean(), second.ravel() - second.mean()
    spread = math.sqrt(float((a * a).sum() * (b * b).sum()))
    return 0.0 if spread == 0 else float((a * b).sum() / spread)


def scaled(box: Sequence[float], ratio_x: float, ratio_y: float, dx: float = 0, dy: float = 0):
    """``box`` in a rendition's pixels: cropped by (dx, dy) in the original, then scaled."""
    left, top, right, bottom = box
    return (
        (left - dx) * ratio_x,
        (top - dy) * ratio_y,
        (right - dx) * ratio_x,
        (bottom - dy) * ratio_y,
    )
