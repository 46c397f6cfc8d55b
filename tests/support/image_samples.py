"""Sample images with planted metadata, broken files, and a metadata detector for tests.

The planted values all contain a marker (``PRIYA``, ``BHUJ``, ``SERIAL``) so a leak shows up
even in places the detector does not parse. ``find_metadata`` is run on the samples first to
prove it finds what was planted; a test asserting it finds nothing in a stored file can
therefore fail.
"""

from __future__ import annotations

import functools
import io
import json
import random
import struct
import subprocess
import tempfile
import zlib
from pathlib import Path

from PIL import Image, ImageCms, PngImagePlugin
from PIL.ExifTags import GPS, IFD, Base

EXIFTOOL = "/usr/bin/exiftool"
MARKERS = ("PRIYA", "BHUJ", "SERIAL")
BODY_SERIAL_NUMBER = 0xA431
UPLOAD_NAME_WORDS = ("priya", "bhuj", "gps")

EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}

XMP_PACKET = (
    '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    '<rdf:Description rdf:about="" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/">'
    "<photoshop:City>Bhuj-XMP-PRIYA</photoshop:City>"
    "</rdf:Description></rdf:RDF></x:xmpmeta>"
    '<?xpacket end="w"?>'
)

# Metadata groups exiftool reports that must never appear in a stored file.
FORBIDDEN_GROUP_PREFIXES = {
    "IFD0": "exif",
    "IFD1": "exif",
    "ExifIFD": "exif",
    "InteropIFD": "exif",
    "SubIFD": "exif",
    "MakerNotes": "exif",
    "GPS": "gps",
    "XMP": "xmp",
    "IPTC": "iptc",
    "Photoshop": "iptc",
}
# What a PNG without text chunks shows in exiftool's PNG group.
PNG_STRUCTURE_TAGS = {
    "ImageWidth",
    "ImageHeight",
    "BitDepth",
    "ColorType",
    "Compression",
    "Filter",
    "Interlace",
    "Palette",
    "Transparency",
    "Gamma",
    "SRGBRendering",
    "PixelsPerUnitX",
    "PixelsPerUnitY",
    "PixelUnits",
    "BackgroundColor",
    "ProfileName",
    "AnimationFrames",
    "AnimationPlays",
}


def srgb_icc_profile() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def _exif(orientation: int | None = None) -> Image.Exif:
    exif = Image.Exif()
    exif[Base.Artist] = "PRIYA Artist"
    exif[Base.Make] = "PhoneCo"
    exif[Base.Model] = "PhoneModel SERIAL"
    if orientation:
        exif[Base.Orientation] = orientation
    exif.get_ifd(IFD.Exif)[BODY_SERIAL_NUMBER] = "SERIAL-PRIYA-0042"
    gps = exif.get_ifd(IFD.GPSInfo)
    gps[GPS.GPSLatitudeRef] = "N"
    gps[GPS.GPSLatitude] = (23.0, 15.0, 0.0)  # Bhuj
    gps[GPS.GPSLongitudeRef] = "E"
    gps[GPS.GPSLongitude] = (69.0, 40.0, 0.0)
    return exif


def _picture(size: tuple[int, int], mode: str = "RGB") -> Image.Image:
    """A picture with a red band along its top edge, to check rotation by pixels."""
    width, height = size
    im = Image.new("RGB", size, (30, 90, 200))
    im.paste((220, 20, 20), (0, 0, width, max(1, height // 5)))
    return im.convert(mode) if mode != "RGB" else im


def pillow_planted(
    image_format: str, size: tuple[int, int] = (64, 48), orientation: int | None = None
) -> bytes:
    """An image with metadata planted by Pillow: EXIF (GPS, artist, serial), XMP, comments,
    PNG tEXt/zTXt/iTXt/eXIf chunks, WebP EXIF/XMP chunks, GIF comment extension."""
    out = io.BytesIO()
    exif = _exif(orientation)
    if image_format == "JPEG":
        _picture(size).save(
            out,
            "JPEG",
            exif=exif,
            xmp=XMP_PACKET.encode(),
            comment=b"PRIYA from BHUJ (JPEG COM)",
            icc_profile=srgb_icc_profile(),
            quality=90,
        )
    elif image_format == "PNG":
        info = PngImagePlugin.PngInfo()
        info.add_text("Author", "PRIYA tEXt")
        info.add_text("Location", "BHUJ zTXt", zip=True)
        info.add_itxt("Description", "PRIYA iTXt", lang="en", tkey="Description")
        info.add_itxt("XML:com.adobe.xmp", XMP_PACKET)
        _picture(size).save(out, "PNG", pnginfo=info, exif=exif, icc_profile=srgb_icc_profile())
    elif image_format == "WEBP":
        _picture(size).save(
            out,
            "WEBP",
            exif=exif,
            xmp=XMP_PACKET.encode(),
            icc_profile=srgb_icc_profile(),
            quality=90,
        )
    elif image_format == "GIF":
        _picture(size, "P").save(out, "GIF", comment=b"PRIYA from BHUJ (GIF comment)")
    else:  # pragma: no cover - test bug
        raise ValueError(image_format)
    return out.getvalue()


def exiftool_plant(data: bytes, image_format: str) -> bytes:
    """Add metadata with exiftool, as a phone or photo app would."""
    args = [
        "-GPSLatitude=23.25",
        "-GPSLatitudeRef=N",
        "-GPSLongitude=69.67",
        "-GPSLongitudeRef=E",
        "-XMP:Creator=PRIYA XMP creator",
        "-XMP:Location=BHUJ XMP",
    ]
    if image_format != "GIF":  # GIF has no EXIF or IPTC
        args += [
            "-EXIF:Artist=PRIYA exiftool artist",
            "-ExifIFD:SerialNumber=SERIAL-ET-7",
            "-IPTC:By-line=PRIYA IPTC",
            "-IPTC:City=BHUJ",
        ]
    if image_format == "GIF":
        args.append("-Comment=PRIYA exiftool GIF comment")
    return _run_exiftool_on(data, EXTENSIONS[image_format], ["-overwrite_original", *args])


@functools.lru_cache
def planted(
    image_format: str, size: tuple[int, int] = (64, 48), orientation: int | None = None
) -> bytes:
    """Pillow-planted metadata with exiftool's on top: everything a phone could leave."""
    return exiftool_plant(pillow_planted(image_format, size, orientation), image_format)


def _run_exiftool_on(data: bytes, extension: str, args: list[str]) -> bytes:
    if not Path(EXIFTOOL).exists():
        raise AssertionError(
            f"{EXIFTOOL} is missing: install libimage-exiftool-perl (these tests must not skip)"
        )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"sample.{extension}"
        path.write_bytes(data)
        subprocess.run([EXIFTOOL, "-q", "-q", *args, str(path)], check=True, timeout=60)
        return path.read_bytes()


def exiftool_json(path: Path) -> dict[str, object]:
    if not Path(EXIFTOOL).exists():
        raise AssertionError(
            f"{EXIFTOOL} is missing: install libimage-exiftool-perl (these tests must not skip)"
        )
    result = subprocess.run(
        [EXIFTOOL, "-j", "-a", "-u", "-G1", str(path)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return json.loads(result.stdout)[0]


def _png_chunks(data: bytes) -> list[bytes]:
    chunks, pos = [], 8
    while pos + 8 <= len(data):
        length = struct.unpack(">I", data[pos : pos + 4])[0]
        chunks.append(data[pos + 4 : pos + 8])
        pos += 12 + length
    return chunks


def _riff_chunks(data: bytes) -> list[bytes]:
    chunks, pos = [], 12
    while pos + 8 <= len(data):
        size = struct.unpack("<I", data[pos + 4 : pos + 8])[0]
        chunks.append(data[pos : pos + 4])
        pos += 8 + size + (size & 1)
    return chunks


def find_metadata(data: bytes) -> set[str]:
    """Labels of the metadata found in an image file, using raw bytes, Pillow and exiftool.

    Labels: exif, gps, artist, serial, orientation, xmp, iptc, comment, png-text, marker.
    """
    found: set[str] = set()
    # Case-sensitive on raw bytes: the planted values are upper case, and random pixel data
    # matches a case-insensitive four-letter marker far too often.
    if any(marker.encode() in data for marker in MARKERS):
        found.add("marker")

    im = Image.open(io.BytesIO(data))
    if im.info.get("exif") or len(im.getexif()):
        found.add("exif")
    if im.info.get("xmp") or "XML:com.adobe.xmp" in im.info:
        found.add("xmp")
    if im.info.get("comment"):
        found.add("comment")
    if im.format == "PNG":
        if im.text:
            found.add("png-text")
        for chunk in _png_chunks(data):
            if chunk in (b"tEXt", b"zTXt", b"iTXt"):
                found.add("png-text")
            if chunk == b"eXIf":
                found.add("exif")
    if im.format == "JPEG":
        for marker, payload in im.applist:
            if marker == "APP1" and payload.startswith(b"Exif"):
                found.add("exif")
            elif marker == "APP1":
                found.add("xmp")
            elif marker == "APP13":
                found.add("iptc")
            elif marker == "COM":
                found.add("comment")
    if im.format == "WEBP":
        chunks = _riff_chunks(data)
        if b"EXIF" in chunks:
            found.add("exif")
        if b"XMP " in chunks:
            found.add("xmp")

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "stored"
        path.write_bytes(data)
        tags = exiftool_json(path)
    for key, value in tags.items():
        group, _, name = key.rpartition(":")
        for prefix, label in FORBIDDEN_GROUP_PREFIXES.items():
            if group.startswith(prefix):
                found.add(label)
        if "GPS" in name:
            found.add("gps")
        if name in ("Artist", "Creator", "By-line"):
            found.add("artist")
        if "SerialNumber" in name:
            found.add("serial")
        if name == "Orientation":
            found.add("orientation")
        if name.endswith("Comment"):
            found.add("comment")
        if group == "PNG" and name not in PNG_STRUCTURE_TAGS:
            found.add("png-text")
        if group not in ("System", "ExifTool") and any(
            marker in str(value).upper() for marker in MARKERS
        ):
            found.add("marker")
    return found


def tall_jpeg_rotated_by_exif() -> bytes:
    """Stored 40 wide x 80 tall, tagged Orientation=6: shows as 80 wide x 40 tall."""
    return planted("JPEG", size=(40, 80), orientation=6)


def animated(image_format: str, frames: int = 3) -> bytes:
    colours = [(220, 20, 20), (20, 200, 20), (20, 20, 220), (200, 200, 20)]
    images = [Image.new("RGB", (32, 24), colours[i % len(colours)]) for i in range(frames)]
    out = io.BytesIO()
    options: dict[str, object] = {"duration": [120] * frames, "loop": 0}
    if image_format == "WEBP":
        options.update(exif=_exif(), xmp=XMP_PACKET.encode(), lossless=True)
    else:
        options.update(comment=b"PRIYA animated comment")
    images[0].save(out, image_format, save_all=True, append_images=images[1:], **options)
    return out.getvalue()


def noisy_png(size: tuple[int, int] = (1100, 1000)) -> bytes:
    """A PNG over 2.5 MB, so Django spools the upload to a temporary file on disk."""
    # Seeded noise (incompressible, so the file is big) that is the same on every run.
    noise = random.Random(20261127).randbytes(size[0] * size[1] * 3)  # noqa: S311 - not a secret
    im = Image.frombytes("RGB", size, noise)
    out = io.BytesIO()
    im.save(out, "PNG", pnginfo=_png_text_info(), compress_level=1)
    return out.getvalue()


def _png_text_info() -> PngImagePlugin.PngInfo:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "PRIYA big tEXt")
    return info


# --- Files that must be refused ---------------------------------------------------------------


def corrupt_jpeg() -> bytes:
    """Starts like a JPEG, then garbage."""
    return b"\xff\xd8\xff\xe0" + b"\x00garbage, not an image" * 20


def truncated(image_format: str = "JPEG") -> bytes:
    """A real image with the second half of its pixel data cut off (an interrupted upload)."""
    out = io.BytesIO()
    im = Image.frombytes("RGB", (200, 150), bytes(range(256)) * 351 + bytes(144))
    im.save(out, image_format)
    data = out.getvalue()
    return data[: len(data) // 2]


def png_bytes(size: tuple[int, int] = (20, 20)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (0, 128, 0)).save(out, "PNG")
    return out.getvalue()


SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b'<script>alert("x")</script><rect width="10" height="10"/></svg>'
)
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script>PRIYA</body></html>"


def _png_chunk(kind: bytes, payload: bytes) -> bytes:
    return (
        struct.pack(">I", len(payload))
        + kind
        + payload
        + struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF)
    )


def png_claiming_huge_size(width: int = 100_000, height: int = 100_000) -> bytes:
    """A 100-byte PNG whose header claims 10 000 megapixels (a decompression bomb)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", ihdr)
        + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + _png_chunk(b"IEND", b"")
    )


def compressed_bitonal_bomb(side: int = 8_000) -> bytes:
    """A real 1-bit PNG of side x side pixels (64 megapixels) that compresses to a few KB."""
    out = io.BytesIO()
    Image.new("1", (side, side), 0).save(out, "PNG", optimize=True)
    return out.getvalue()


def half_transparent(image_format: str) -> bytes:
    """Left half opaque red, right half fully transparent."""
    im = Image.new("RGBA", (40, 20), (0, 0, 0, 0))
    im.paste((220, 20, 20, 255), (0, 0, 20, 20))
    out = io.BytesIO()
    if image_format == "GIF":
        im.save(out, "GIF")  # Pillow picks a transparent palette index
    elif image_format == "WEBP":
        im.save(out, "WEBP", lossless=True)
    else:
        im.save(out, image_format)
    return out.getvalue()
