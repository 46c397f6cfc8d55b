"""Pictures of a rebuilt PDF: their pixels, re-encoded, and nothing else.

A photo pasted into a PDF is a whole JPEG (or JPEG 2000) file, with EXIF (GPS, camera serial,
artist), XMP, comments, an ICC profile, and whatever follows the picture data: phones write a
second JPEG after the first (MPO frames, gain maps, depth maps), with its own EXIF. Copying
"safe" segments misses such things, so every picture is decoded and written anew:

- JPEG (``/DCTDecode``): decoded with Pillow (the first picture only) and encoded again as a
  JPEG with the same quantisation tables (almost no loss), without any metadata segment;
- every other picture: its samples (``Width`` x ``Height`` x components x bits, nothing more)
  packed with Flate. JPEG 2000, fax (CCITT) and JBIG2 pictures are decoded to pixels first.

The picture dictionary keeps only the keys that say how to draw it (size, colours, bits,
``Decode``, ``Interpolate``, ``Intent``, masks); the
colour space is rebuilt by ``pdf_rebuild`` (ICC profiles become device colour spaces).
"""

from __future__ import annotations

import io
import math
import warnings
from decimal import Decimal
from typing import TYPE_CHECKING

import pikepdf
from pikepdf import Name
from PIL import Image

from .pdf_filters import IMAGE_CODECS, Budget, filters, unpack

if TYPE_CHECKING:
    from .pdf_rebuild import Rebuilder

JPEG_FALLBACK_QUALITY = 90
_DCT = {"/DCTDecode", "/DCT"}
_JPX = {"/JPXDecode"}
_DEVICE_BY_MODE = {"1": Name.DeviceGray, "L": Name.DeviceGray, "RGB": Name.DeviceRGB,
                   "CMYK": Name.DeviceCMYK}  # fmt: skip


class PictureError(Exception):
    """A picture that cannot be decoded: the document is refused."""


def rebuild_image(rebuilder: Rebuilder, source: pikepdf.Stream) -> pikepdf.Stream:
    """A new image stream in ``rebuilder.target`` with the pixels of ``source``."""
    names = filters(source)
    codec = names[-1] if names and names[-1] in IMAGE_CODECS else None
    packing = names[:-1] if codec else names
    is_mask = bool(source.get("/ImageMask", False))
    colour_space = None if is_mask else rebuilder.colour_space(source.get("/ColorSpace"))
    alpha_mask = None  # the transparency of a JPEG 2000 picture, if it carries its own
    decode = rebuilder.plain(source.get("/Decode"))

    if codec in _DCT:
        data, width, height = _jpeg(_unpacked(rebuilder, source, packing), rebuilder.max_pixels)
        bits = 8
        filter_name: pikepdf.Name | None = Name.DCTDecode
    elif codec in _JPX:
        picture = _decoded_picture(rebuilder, source)
        data, width, height, bits, colour_space = _from_pillow(picture, colour_space, decode)
        filter_name = None
        if picture.mode in ("RGBA", "LA") and "/SMask" not in source:
            alpha_mask = _alpha(rebuilder, picture)
    elif codec is not None:  # fax and JBIG2 pictures: black and white
        picture = _decoded_picture(rebuilder, source)
        data, width, height, bits, _unused = _from_pillow(picture.convert("1"), None, decode)
        filter_name = None
    else:
        width, height = _size(source)
        bits = 1 if is_mask else int(source.get("/BitsPerComponent", 8))
        if bits not in (1, 2, 4, 8, 16):
            raise PictureError
        components = 1 if is_mask else rebuilder.components(colour_space)
        expected = math.ceil(width * components * bits / 8) * height
        try:
            samples = source.read_bytes()
        except Exception:
            raise PictureError from None
        # Readers stop after the last row: anything after it is dropped, a short picture padded.
        data = samples[:expected].ljust(expected, b"\0")
        filter_name = None

    image = rebuilder.target.make_stream(b"")
    if filter_name == Name.DCTDecode:
        image.write(data, filter=filter_name)
    else:
        image.write(data)  # packed with Flate when the document is saved
    image.Type = Name.XObject
    image.Subtype = Name.Image
    image.Width = width
    image.Height = height
    if is_mask:
        image.ImageMask = True
        image.BitsPerComponent = 1
    else:
        image.ColorSpace = colour_space if colour_space is not None else Name.DeviceGray
        image.BitsPerComponent = bits
    if decode is not None:
        image.Decode = decode
    for key in ("/Interpolate", "/Intent"):
        value = rebuilder.plain(source.get(key))
        if isinstance(value, (bool, pikepdf.Name)):
            image[key] = value
    _masks(rebuilder, source, image, alpha_mask)
    return image


def _masks(
    rebuilder: Rebuilder,
    source: pikepdf.Stream,
    image: pikepdf.Stream,
    alpha_mask: pikepdf.Stream | None,
) -> None:
    smask = source.get("/SMask")
    if isinstance(smask, pikepdf.Stream):
        image.SMask = rebuilder.image(smask)
    elif alpha_mask is not None:
        image.SMask = alpha_mask
    if "/Matte" in source:
        matte = rebuilder.plain(source.get("/Matte"))
        if matte is not None:
            image.Matte = matte
    mask = source.get("/Mask")
    if isinstance(mask, pikepdf.Stream):
        image.Mask = rebuilder.image(mask)
    elif isinstance(mask, pikepdf.Array):
        ranges = rebuilder.plain(mask)
        if ranges is not None:
            image.Mask = ranges


def _size(source: pikepdf.Stream) -> tuple[int, int]:
    try:
        width, height = int(source.Width), int(source.Height)
    except (AttributeError, TypeError, ValueError):
        raise PictureError from None
    if width < 1 or height < 1:
        raise PictureError
    return width, height


def _unpacked(rebuilder: Rebuilder, source: pikepdf.Stream, packing: list[str]) -> bytes:
    try:
        return unpack(source.read_raw_bytes(), packing, Budget(rebuilder.max_unpacked))
    except Exception:
        raise PictureError from None


def _open_checked(data: bytes, max_pixels: int, formats: list[str]) -> Image.Image:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            picture = Image.open(io.BytesIO(data), formats=formats)
        except Exception:
            raise PictureError from None
    if picture.width * picture.height > max_pixels:
        raise PictureError
    return picture


def _jpeg(data: bytes, max_pixels: int) -> tuple[bytes, int, int]:
    """The first picture of the JPEG data, encoded again without any metadata."""
    picture = _open_checked(data, max_pixels, ["JPEG", "MPO"])
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            picture.load()
    except Exception:
        raise PictureError from None
    options: dict[str, object] = {}
    quantization = getattr(picture, "quantization", None)
    if quantization:
        options["qtables"] = quantization
        from PIL import JpegImagePlugin

        sampling = JpegImagePlugin.get_sampling(picture)
        if sampling != -1:
            options["subsampling"] = sampling
    else:
        options["quality"] = JPEG_FALLBACK_QUALITY
    pixels = picture.copy()
    pixels.info = {}
    if pixels.mode not in ("L", "RGB", "CMYK"):
        raise PictureError
    out = io.BytesIO()
    pixels.save(out, format="JPEG", **options)
    return out.getvalue(), picture.width, picture.height


def _decoded_picture(rebuilder: Rebuilder, source: pikepdf.Stream) -> Image.Image:
    width, height = _size(source)
    if width * height > rebuilder.max_pixels:
        raise PictureError
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            picture = pikepdf.PdfImage(source).as_pil_image(
                apply_decode_array=False, apply_mask=False
            )
            picture.load()
    except Exception:
        raise PictureError from None
    if picture.width * picture.height > rebuilder.max_pixels:
        raise PictureError
    return picture


def _from_pillow(
    picture: Image.Image, colour_space: object, decode: object
) -> tuple[bytes, int, int, int, object]:
    """Raw samples of a decoded picture, its size, bits per sample and colour space."""
    if picture.mode in ("RGBA", "LA", "P", "PA"):
        picture = picture.convert("RGB" if picture.mode in ("RGBA", "P", "PA") else "L")
    if picture.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        picture = picture.convert("I;16") if picture.mode != "I;16" else picture
        return picture.tobytes("raw", "I;16B"), *picture.size, 16, colour_space or Name.DeviceGray
    if picture.mode not in _DEVICE_BY_MODE:
        raise PictureError
    bits = 1 if picture.mode == "1" else 8
    space = colour_space if colour_space is not None else _DEVICE_BY_MODE[picture.mode]
    return picture.tobytes(), picture.width, picture.height, bits, space


def _alpha(rebuilder: Rebuilder, picture: Image.Image) -> pikepdf.Stream:
    alpha = picture.getchannel("A")
    mask = rebuilder.target.make_stream(alpha.tobytes())
    mask.Type = Name.XObject
    mask.Subtype = Name.Image
    mask.Width, mask.Height = alpha.size
    mask.ColorSpace = Name.DeviceGray
    mask.BitsPerComponent = 8
    return mask


_INLINE_SPACES = {"/DeviceGray": 1, "/DeviceRGB": 3, "/DeviceCMYK": 4, "/G": 1, "/RGB": 3,
                  "/CMYK": 4}  # fmt: skip


def clean_inline_image(inline: pikepdf.PdfInlineImage, max_pixels: int) -> bytes | None:
    """An inline picture (left in Type 3 glyphs and tiling patterns) written again with only its
    size, colour space, bits and ``Decode``, and its samples in hexadecimal; None if it is not a
    plain device-colour picture or mask (it is then dropped)."""
    info = inline.obj
    is_mask = bool(info.get("/ImageMask", False))
    space = str(info.get("/ColorSpace"))
    try:
        width, height = int(info.get("/Width", 0)), int(info.get("/Height", 0))
        bits = 1 if is_mask else int(info.get("/BitsPerComponent", 8))
        components = 1 if is_mask else _INLINE_SPACES[space]
    except (KeyError, TypeError, ValueError):
        return None
    if width < 1 or height < 1 or width * height > max_pixels or bits not in (1, 2, 4, 8, 16):
        return None
    expected = math.ceil(width * components * bits / 8) * height
    try:
        samples = unpack(inline.read_raw_bytes(), filters(info), Budget(expected + 1024))
    except Exception:
        return None
    data = samples[:expected].ljust(expected, b"\0")
    entries = [b"/W %d /H %d" % (width, height)]
    entries.append(b"/IM true" if is_mask else b"/CS %s /BPC %d" % (space.encode(), bits))
    decode = info.get("/Decode")
    if isinstance(decode, pikepdf.Array) and all(isinstance(v, (int, Decimal)) for v in decode):
        entries.append(b"/D [" + b" ".join(str(v).encode() for v in decode) + b"]")
    return b"BI " + b" ".join(entries) + b" /F /AHx ID " + data.hex().encode() + b"> EI"
