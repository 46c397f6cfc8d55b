"""Hostile photos for issue 12: colour profiles that carry a name, phone photos with more than
one picture. Built here, byte by byte where Pillow cannot, so the tests depend on no file of
the machine.

- ``rgb_profile`` / ``cmyk_profile``: valid ICC v4 profiles whose ``desc``, ``cprt``, ``dmnd``
  and ``dmdd`` tags say "Meenaben Parmar" (UTF-16BE, in ``mluc`` tags, as real profiles store
  text). Their colours are deliberately odd, so a conversion can be told from a copy: the RGB
  profile swaps red and blue, the CMYK one swaps cyan and yellow.
- ``mpo_photo``: an MPO (CIPA DC-007) as phones write for 3D or depth: two JPEGs, the second
  one with EXIF GPS and Artist.
- ``jpeg_with_appended_jpeg``: a JPEG followed, after its end, by a second JPEG with EXIF GPS
  and Artist (how gain maps and depth maps travel).
"""

from __future__ import annotations

import io
import itertools
import json
import struct
import subprocess
import tempfile
from pathlib import Path

from PIL import Image
from PIL.ExifTags import GPS, IFD, Base

from tests.support.helpers import use_two_storages  # noqa: F401  (the tests' storage layout)
from tests.support.image_samples import EXIFTOOL

PLANTED_NAME = "Meenaben Parmar"
ICC_SIGNATURE = b"acsp"  # every ICC profile has it at byte 36 of its header

RED, BLUE, YELLOW = (255, 0, 0), (0, 0, 255), (255, 255, 0)
MID_GREY, LINEAR_MID_GREY_IN_SRGB = 128, (188, 188, 188)

# sRGB's primaries adapted to D50, as ICC profiles store them, and the D50 white point.
_SRGB_RED = (0.4360747, 0.2225045, 0.0139322)
_SRGB_GREEN = (0.3850649, 0.7168786, 0.0971045)
_SRGB_BLUE = (0.1430804, 0.0606169, 0.7141733)
_D50 = (0.9642, 1.0, 0.8249)
_SRGB_PRIMARIES = (_SRGB_RED, _SRGB_GREEN, _SRGB_BLUE)


# --- ICC profiles ----------------------------------------------------------------------------


def _s15fixed16(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _xyz(values: tuple[float, float, float]) -> bytes:
    return b"XYZ \0\0\0\0" + b"".join(_s15fixed16(v) for v in values)


def _mluc(text: str) -> bytes:
    encoded = text.encode("utf-16-be")
    return (
        b"mluc\0\0\0\0"
        + struct.pack(">II", 1, 12)
        + b"enUS"
        + struct.pack(">II", len(encoded), 28)
        + encoded
    )


def _gamma_curve(gamma: float) -> bytes:
    return b"curv\0\0\0\0" + struct.pack(">IH", 1, round(gamma * 256))


def _cmyk_to_xyz_lut() -> bytes:
    """lut16Type A2B0: CMYK to XYZ through a 2-point grid, cyan and yellow swapped."""
    lut = b"mft2\0\0\0\0" + bytes([4, 3, 2, 0])
    lut += b"".join(_s15fixed16(1.0 if i == j else 0.0) for i in range(3) for j in range(3))
    lut += struct.pack(">HH", 2, 2) + struct.pack(">HH", 0, 0xFFFF) * 4
    for cyan, magenta, yellow, black in itertools.product((0, 1), repeat=4):
        linear = ((1 - yellow) * (1 - black), (1 - magenta) * (1 - black), (1 - cyan) * (1 - black))
        for axis in range(3):
            value = sum(
                primary[axis] * amount
                for primary, amount in zip(
                    (_SRGB_RED, _SRGB_GREEN, _SRGB_BLUE), linear, strict=True
                )
            )
            lut += struct.pack(">H", min(0xFFFF, round(value * 32768)))  # u1Fixed15
    return lut + struct.pack(">HH", 0, 0xFFFF) * 3


def _profile(device_class: bytes, colour_space: bytes, tags: list[tuple[bytes, bytes]]) -> bytes:
    text = PLANTED_NAME
    tags = [
        (b"desc", _mluc(f"{text} (desc)")),
        (b"cprt", _mluc(f"Copyright {text}")),
        (b"dmnd", _mluc(f"{text} phones")),
        (b"dmdd", _mluc(f"Phone of {text}")),
        (b"wtpt", _xyz(_D50)),
        *tags,
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, body = b"", b""
    for signature, data in tags:
        data += b"\0" * (-len(data) % 4)  # tag data starts on 4-byte boundaries
        table += signature + struct.pack(">II", offset, len(data))
        body += data
        offset += len(data)
    header = (
        struct.pack(">I", offset)
        + b"\0" * 4  # preferred CMM
        + struct.pack(">I", 0x04300000)  # version 4.3
        + device_class
        + colour_space
        + b"XYZ "  # connection space
        + b"\0" * 12  # date
        + ICC_SIGNATURE
        + b"\0" * 24  # platform, flags, manufacturer, model, attributes
        + struct.pack(">I", 0)  # perceptual
        + b"".join(_s15fixed16(v) for v in _D50)
        + b"\0" * 48  # creator, profile ID, reserved
    )
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + table + body


def rgb_profile() -> bytes:
    """A display profile whose red primary is sRGB's blue and whose blue is sRGB's red."""
    return _profile(
        b"mntr",
        b"RGB ",
        [
            (b"rXYZ", _xyz(_SRGB_BLUE)),
            (b"gXYZ", _xyz(_SRGB_GREEN)),
            (b"bXYZ", _xyz(_SRGB_RED)),
            (b"rTRC", _gamma_curve(2.2)),
            (b"gTRC", _gamma_curve(2.2)),
            (b"bTRC", _gamma_curve(2.2)),
        ],
    )


def grey_profile() -> bytes:
    """A grey display profile with a linear tone curve (gamma 1.0): mid-grey 128 means half
    the light, which sRGB writes as about 188."""
    return _profile(b"mntr", b"GRAY", [(b"kTRC", _gamma_curve(1.0))])


def cmyk_profile() -> bytes:
    """A printer profile in which cyan ink prints yellow and yellow ink prints cyan."""
    return _profile(b"prtr", b"CMYK", [(b"A2B0", _cmyk_to_xyz_lut())])


def damaged_profile() -> bytes:
    """The RGB profile cut off inside its tag table: unreadable, the name still inside."""
    profile = rgb_profile()
    return profile[:150] + PLANTED_NAME.encode("utf-16-be") + PLANTED_NAME.encode()


def name_encodings() -> list[bytes]:
    name = PLANTED_NAME
    return [name.encode("utf-16-be"), name.encode("utf-16-le"), name.encode("utf-8")]


def holds_planted_name(data: bytes) -> bool:
    """True if the name is in ``data`` as UTF-16 (ICC ``mluc``), UTF-8 or ASCII text."""
    return any(encoded in data for encoded in name_encodings())


# --- pictures with a profile --------------------------------------------------------------------


def with_profile(
    image_format: str, profile: bytes | None, colour: tuple[int, ...] = RED, mode: str = "RGB"
) -> bytes:
    """A 64x48 picture of one colour, in ``mode``, with ``profile`` (if any) embedded."""
    im = Image.new(mode, (64, 48), colour)
    out = io.BytesIO()
    options: dict[str, object] = {"icc_profile": profile} if profile else {}
    if image_format in ("JPEG", "WEBP"):
        options["quality"] = 95
    im.save(out, image_format, **options)
    return out.getvalue()


def palette_png_with_profile(profile: bytes) -> bytes:
    """A palette PNG: left half red, right half transparent, with ``profile`` embedded."""
    im = Image.new("P", (64, 48), 1)
    im.putpalette([*RED, 0, 0, 0])
    im.paste(0, (0, 0, 32, 48))
    out = io.BytesIO()
    im.save(out, "PNG", icc_profile=profile, transparency=1)
    return out.getvalue()


def gif_with_profile(profile: bytes) -> bytes:
    """A GIF carrying a profile in an ICCRGBG1 application extension (Pillow writes none)."""
    out = io.BytesIO()
    Image.new("RGB", (64, 48), RED).convert("P").save(out, "GIF")
    data = out.getvalue()
    # The extension goes right after the header, screen descriptor and global colour table.
    flags = data[10]
    table_size = 3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0
    split = 13 + table_size
    blocks = b"".join(
        bytes([len(profile[i : i + 255])]) + profile[i : i + 255]
        for i in range(0, len(profile), 255)
    )
    extension = b"\x21\xff\x0bICCRGBG1012" + blocks + b"\x00"
    return data[:split] + extension + data[split:]


# --- photos with more than one picture ----------------------------------------------------------


def located_exif() -> Image.Exif:
    """EXIF with the name as Artist and a GPS position (Bhuj)."""
    exif = Image.Exif()
    exif[Base.Artist] = PLANTED_NAME
    gps = exif.get_ifd(IFD.GPSInfo)
    gps[GPS.GPSLatitudeRef] = "N"
    gps[GPS.GPSLatitude] = (23.0, 15.0, 0.0)
    gps[GPS.GPSLongitudeRef] = "E"
    gps[GPS.GPSLongitude] = (69.0, 40.0, 0.0)
    return exif


def _jpeg(size: tuple[int, int], colour: tuple[int, int, int], **options: object) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG", quality=95, **options)
    return out.getvalue()


MAIN_SIZE, SECOND_SIZE = (64, 48), (32, 24)


def mpo_photo() -> bytes:
    """A 64x48 red main picture and a 32x24 blue second picture with GPS and Artist."""
    main = Image.new("RGB", MAIN_SIZE, RED)
    second = Image.new("RGB", SECOND_SIZE, BLUE)
    # Pillow saves the frames after the first with that frame's own encoder options.
    second.encoderinfo = {"exif": located_exif().tobytes(), "quality": 95}
    out = io.BytesIO()
    main.save(out, "MPO", save_all=True, append_images=[second], quality=95)
    return out.getvalue()


def jpeg_with_appended_jpeg() -> bytes:
    """A 64x48 red JPEG, then a 32x24 blue JPEG with GPS and Artist after its end marker."""
    return _jpeg(MAIN_SIZE, RED) + _jpeg(SECOND_SIZE, BLUE, exif=located_exif())


def appended_picture(data: bytes) -> bytes:
    """The last JPEG that starts inside ``data`` after its first byte (the appended one)."""
    return data[data.rindex(b"\xff\xd8\xff") :]


def exiftool_tags(data: bytes) -> dict[str, object]:
    """What exiftool reports for ``data``, embedded pictures (MPO frames) included."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "photo.jpg"
        path.write_bytes(data)
        result = subprocess.run(
            [EXIFTOOL, "-j", "-a", "-u", "-G1", "-ee", str(path)],
            check=True,
            capture_output=True,
            timeout=60,
        )
    return json.loads(result.stdout)[0]


def located_tags(tags: dict[str, object]) -> set[str]:
    """The tags that tell where or by whom: GPS ones and Artist."""
    return {
        key
        for key, value in tags.items()
        if "GPS" in key.rpartition(":")[2]
        or key.rpartition(":")[2] == "Artist"
        or PLANTED_NAME in str(value)
    }


# --- reading what the site stores and serves ------------------------------------------------------


def public_renditions_shown_to_readers(client, image, public_root: Path) -> list[bytes]:
    """Publish a story showing ``image``, serve it to a reader, and return the bytes of every
    public rendition file of the image that serving made."""
    from tests.support.story_factories import image_body, make_consent, make_story

    story = make_story(make_consent(photo=True), body=image_body(image), publish=True)
    response = client.get(story.url)
    assert response.status_code == 200
    stem = Path(image.file.name).stem
    files = [p for p in public_root.rglob(f"{stem}.*") if p.is_file()]
    assert files, "serving the story made no public rendition"
    return [p.read_bytes() for p in files]
