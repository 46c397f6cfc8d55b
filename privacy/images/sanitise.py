"""Decode an uploaded image and re-encode only its pixels, so no metadata is ever stored.

Why: photos from phones carry GPS coordinates, camera serial numbers and names (EXIF Artist,
XMP creator, IPTC by-line, comments, PNG text chunks). On this site any of those can identify
a storyteller (DESIGN.md, safety rule 1). Copying "allowed" metadata is a losing game, so the
pixels are copied into a brand-new image whose ``info`` is empty and which is saved with an
explicit, short list of encoder options. No ICC colour profile is stored either (its text tags
can carry a name): the pixels are converted to sRGB first (privacy/images/colour.py).

Animated GIF and WebP files keep all their frames (each frame is re-encoded as a full frame).
An animated PNG (APNG) keeps its first frame only. A photo that holds more than one picture, as
phones write them (an MPO file with a second, 3D or depth, picture; a gain map or depth map
appended after the main JPEG), keeps its main (first) picture only, stored as an ordinary JPEG,
and ``SanitisedImageFile.only_main_picture_kept`` says so, so the uploader can be told.
"""

from __future__ import annotations

import io
import logging
import os
import secrets
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, ImageSequence, JpegImagePlugin

from ..uploads import read_bounded
from .colour import SrgbConverter

logger = logging.getLogger(__name__)

# Pillow format name -> the extension the stored file gets.
FORMAT_EXTENSIONS: dict[str, str] = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
# Extension of the uploaded name -> the Pillow format it promises.
EXTENSION_FORMATS: dict[str, str] = {
    "jpg": "JPEG",
    "jpeg": "JPEG",
    "png": "PNG",
    "webp": "WEBP",
    "gif": "GIF",
}
# Names shown to editors in error messages.
FORMAT_LABELS: dict[str, str] = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "GIF": "GIF"}

DEFAULT_MAX_PIXELS = 40_000_000
JPEG_FALLBACK_QUALITY = 90
WEBP_QUALITY = 90
DEFAULT_FRAME_DURATION_MS = 100

MESSAGES = {
    "unsupported_extension": _(
        "Files ending in “%(extension)s” are not accepted. Upload a JPEG, PNG, WebP or GIF image."
    ),
    "too_large": _("This file is too big (%(size)s). The largest file accepted is %(max_size)s."),
    "not_an_image": _(
        "This file is not a JPEG, PNG, WebP or GIF image, or it is too damaged to open. "
        "Upload a JPEG, PNG, WebP or GIF image."
    ),
    "extension_mismatch": _(
        "This file is named “.%(extension)s” but it is really a %(format)s image. "
        "Rename it to end in “.%(expected)s”, or export it again as %(claimed)s."
    ),
    "too_many_pixels": _(
        "This image has too many pixels to be processed safely (%(pixels)s; the limit is "
        "%(max_pixels)s). Make it smaller and upload it again."
    ),
    "corrupt": _(
        "This image is damaged or incomplete (perhaps the upload was cut off) and cannot be "
        "read. Export it again and upload the new copy."
    ),
}

# Told to the uploader (privacy/upload_notices.py) when a multi-picture photo is stored.
ONLY_MAIN_PICTURE_KEPT = _(
    "This photo held more than one picture, as some phones save them (for 3D, depth or "
    "brightness effects). Only the main picture was kept; the others were removed."
)


def _error(code: str, **params: Any) -> ValidationError:
    return ValidationError(MESSAGES[code], code=code, params=params or None)


def _too_many_pixels(pixels: int | None) -> ValidationError:
    max_pixels = _max_pixels() or Image.MAX_IMAGE_PIXELS or 0
    return _error(
        "too_many_pixels",
        pixels=_("an unknown number")
        if pixels is None
        else number_format(pixels, force_grouping=True),
        max_pixels=number_format(max_pixels, force_grouping=True),
    )


class SanitisedImageFile(ContentFile):
    """Bytes produced by :func:`sanitise_image`: safe to store as they are.

    The class itself is the marker that lets the model skip a second (lossy) re-encode.
    """

    def __init__(
        self,
        content: bytes,
        name: str,
        image_format: str,
        width: int,
        height: int,
        only_main_picture_kept: bool = False,
    ):
        super().__init__(content, name=name)
        self.image_format = image_format
        self.width = width
        self.height = height
        # The upload held other pictures (MPO frames, an appended gain or depth map): dropped.
        self.only_main_picture_kept = only_main_picture_kept

    @property
    def data(self) -> bytes:
        return self.file.getvalue()


@dataclass
class _Frame:
    image: Image.Image
    duration: int


def random_file_name(image_format: str) -> str:
    """A name that says nothing about the upload: 32 random hex digits and the real format."""
    return f"{secrets.token_hex(16)}.{FORMAT_EXTENSIONS[image_format]}"


def _max_pixels() -> int | None:
    return getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", DEFAULT_MAX_PIXELS)


def _read_all(uploaded: IO[bytes] | Any) -> bytes:
    max_size = getattr(settings, "WAGTAILIMAGES_MAX_UPLOAD_SIZE", None)
    return read_bounded(uploaded, max_size, _error, "not_an_image")


def _webp_is_lossless(data: bytes) -> bool:
    """True if the first image chunk of a WebP file is VP8L (lossless), so we keep it lossless."""
    pos = 12  # after "RIFF", size, "WEBP"
    while pos + 8 <= len(data):
        fourcc = data[pos : pos + 4]
        size = int.from_bytes(data[pos + 4 : pos + 8], "little")
        if fourcc == b"VP8L":
            return True
        if fourcc == b"VP8 ":
            return False
        if fourcc == b"ANMF":
            # An animation frame: 16 bytes of frame header, then ALPH/VP8/VP8L sub-chunks.
            return data[pos + 24 : pos + 28] == b"VP8L"
        pos += 8 + size + (size & 1)
    return False


def _first_jpeg_end(data: bytes) -> int | None:
    """Offset just after the end (EOI) of the first JPEG picture in ``data``, or None when its
    structure cannot be followed (the decoder then judges the file on its own)."""
    pos, size = 2, len(data)  # after SOI
    while pos + 2 <= size:
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte before a marker
            pos += 1
        elif marker == 0xD9:  # EOI
            return pos + 2
        elif 0xD0 <= marker <= 0xD7 or marker == 0x01:  # markers without a length
            pos += 2
        else:
            if pos + 4 > size:
                return None
            pos += 2 + int.from_bytes(data[pos + 2 : pos + 4], "big")
            if marker == 0xDA:  # SOS: entropy-coded data runs until the next real marker
                while True:
                    pos = data.find(b"\xff", pos)
                    if pos < 0 or pos + 1 >= size:
                        return None
                    following = data[pos + 1]
                    if following != 0x00 and not 0xD0 <= following <= 0xD7:
                        break
                    pos += 2
    return None


def _holds_another_picture(data: bytes) -> bool:
    """True if another JPEG follows the first one's end (a gain map, depth map, MPO frame)."""
    end = _first_jpeg_end(data)
    return end is not None and b"\xff\xd8\xff" in data[end:]


def _frames(im: Image.Image, image_format: str, converter: SrgbConverter) -> list[_Frame]:
    """Decode every frame we keep, upright (EXIF orientation applied), in sRGB."""
    animated = image_format in ("GIF", "WEBP") and getattr(im, "n_frames", 1) > 1
    frames = []
    for frame in ImageSequence.Iterator(im) if animated else [im]:
        frame.load()  # WebP sets the frame's duration only when it is loaded
        duration = int(frame.info.get("duration") or DEFAULT_FRAME_DURATION_MS)
        # exif_transpose returns an upright copy; the copy still carries info, dropped below.
        upright = ImageOps.exif_transpose(frame)
        frames.append(_Frame(converter.convert(upright), duration))
        if not animated:
            break
    return frames


def _pixels_only(frame: Image.Image) -> Image.Image:
    """A copy that keeps pixels (and the palette for P images) and no metadata at all."""
    clean = frame.copy()
    clean.info = {}
    return clean


def _encode(frames: list[_Frame], source: Image.Image, image_format: str, data: bytes) -> bytes:
    first = frames[0].image
    options: dict[str, Any] = {}
    transparency = first.info.get("transparency")
    images = [_pixels_only(f.image) for f in frames]

    if image_format == "JPEG":
        images = [im if im.mode in ("L", "RGB") else im.convert("RGB") for im in images]
        quantization = getattr(source, "quantization", None)
        if quantization:
            # Reuse the upload's quantisation tables: re-encoding costs almost no quality.
            options["qtables"] = quantization
            sampling = JpegImagePlugin.get_sampling(source)
            if sampling != -1:
                options["subsampling"] = sampling
        else:
            options["quality"] = JPEG_FALLBACK_QUALITY
    elif image_format == "PNG":
        if images[0].mode not in ("1", "L", "LA", "I;16", "P", "RGB", "RGBA"):
            images = [im.convert("RGBA") for im in images]
            transparency = None
        if transparency is not None:
            options["transparency"] = transparency
    elif image_format == "WEBP":
        images = [im if im.mode in ("RGB", "RGBA") else im.convert("RGBA") for im in images]
        if _webp_is_lossless(data):
            options["lossless"] = True
        else:
            options["quality"] = WEBP_QUALITY
    elif image_format == "GIF" and transparency is not None and images[0].mode in ("P", "L"):
        options["transparency"] = transparency

    if len(images) > 1:
        options["save_all"] = True
        options["append_images"] = images[1:]
        options["duration"] = [f.duration for f in frames]
        loop = source.info.get("loop")
        if loop is not None:
            options["loop"] = loop
        if image_format == "GIF":
            # Each frame is a full, composited picture: clear the canvas between frames so
            # transparent areas do not show the previous frame.
            options["disposal"] = 2

    out = io.BytesIO()
    images[0].save(out, format=image_format, **options)
    return out.getvalue()


def sanitise_image(uploaded: IO[bytes] | Any, name: str | None = None) -> SanitisedImageFile:
    """Validate an uploaded image and return a metadata-free copy with a random name.

    ``uploaded`` is any binary file-like object (Django ``UploadedFile``, ``File``, ``BytesIO``);
    ``name`` defaults to its ``name``. Raises ``ValidationError`` when the extension is not
    accepted, the content is not a JPEG/PNG/WebP/GIF, the content does not match the extension,
    the image has too many pixels (checked from the header, before decoding), or the file is
    corrupt or truncated.
    """
    name = name if name is not None else getattr(uploaded, "name", "") or ""
    extension = os.path.splitext(os.path.basename(name))[1].lower().lstrip(".")
    claimed_format = EXTENSION_FORMATS.get(extension)
    if claimed_format is None:
        raise _error(
            "unsupported_extension",
            extension=f".{extension}" if extension else _("(no extension)"),
        )

    data = _read_all(uploaded)

    try:
        # Only our four decoders may look at the bytes: no EPS/PSD/SVG/other parsers.
        im = Image.open(io.BytesIO(data), formats=list(FORMAT_EXTENSIONS))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # Pillow refuses headers above twice its own limit before we can see the size.
        raise _too_many_pixels(None) from None
    except Exception:
        # UnidentifiedImageError, OSError, SyntaxError, struct.error...: not a readable image.
        raise _error("not_an_image") from None

    with im:
        image_format = im.format or ""
        # Read before any frame is decoded: the profile of the image as a whole.
        converter = SrgbConverter(im.info.get("icc_profile"))
        several_pictures = False
        if image_format == "MPO":
            # A phone photo with more pictures: the first one is the photo (CIPA DC-007).
            image_format, several_pictures = "JPEG", True
        elif image_format == "JPEG":
            several_pictures = _holds_another_picture(data)
        if image_format not in FORMAT_EXTENSIONS:
            raise _error("not_an_image")
        if image_format != claimed_format:
            raise _error(
                "extension_mismatch",
                extension=extension,
                format=FORMAT_LABELS[image_format],
                expected=FORMAT_EXTENSIONS[image_format],
                claimed=FORMAT_LABELS[claimed_format],
            )

        # Decompression bombs: only the header has been read so far. Frames count too, as
        # in Wagtail's own check (an animation of many small frames is as costly).
        max_pixels = _max_pixels()
        width, height = im.size
        if width < 1 or height < 1:
            raise _error("corrupt")
        if max_pixels is not None and width * height > max_pixels:
            raise _too_many_pixels(width * height)
        try:
            # Only the first picture of an MPO is decoded.
            frame_count = 1 if several_pictures else max(getattr(im, "n_frames", 1), 1)
        except Exception:
            raise _error("corrupt") from None
        if max_pixels is not None and width * height * frame_count > max_pixels:
            raise _too_many_pixels(width * height * frame_count)

        try:
            frames = _frames(im, image_format, converter)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _too_many_pixels(width * height) from None
        except Exception:
            # Truncated or corrupt pixel data fails in many ways (OSError, SyntaxError, ...).
            raise _error("corrupt") from None
        try:
            content = _encode(frames, im, image_format, data)
        except Exception:
            # Decoded but cannot be written back (an unusual mode): refuse rather than store
            # the original. Logged without any file name.
            logger.warning("Could not re-encode an uploaded %s image", image_format, exc_info=True)
            raise _error("corrupt") from None

    out_width, out_height = frames[0].image.size
    return SanitisedImageFile(
        content,
        name=random_file_name(image_format),
        image_format=image_format,
        width=out_width,
        height=out_height,
        only_main_picture_kept=several_pictures,
    )
