"""Sound recordings with planted tags, broken files, and tag detectors for tests.

Real encoded sound comes from the small files in tests/support/files/ (made once with ffmpeg: see
tests/support/files/README.md) or is written here by hand (silent MPEG frames, WAV through the
standard library's ``wave``): the tests never need ffmpeg. Tags are planted with mutagen, and
the places mutagen does not write (MP4 ``udta`` children such as ©xyz and ``loci``, an Apple
``moov/meta`` with location keys, XMP in a ``uuid`` box, WAV ``LIST``/``bext``/``id3 ``
chunks, APE, Lyrics3 and ID3v1 trailers) by hand.

Every planted value contains something ``find_planted`` looks for, and ``find_planted`` is
first run on the samples to prove it finds what was planted: a test asserting it finds
nothing in a stored file can therefore fail.
"""

from __future__ import annotations

import base64
import functools
import io
import json
import math
import struct
import subprocess
import tempfile
import wave
import zlib
from pathlib import Path

from mutagen.apev2 import APEv2
from mutagen.flac import Picture
from mutagen.id3 import (
    APIC,
    COMM,
    GEOB,
    ID3,
    PRIV,
    TDRC,
    TENC,
    TIT2,
    TPE1,
    TSSE,
    TXXX,
)
from mutagen.mp3 import MP3
from mutagen.mp4 import MP4, MP4Cover, MP4FreeForm
from mutagen.oggopus import OggOpus
from mutagen.oggvorbis import OggVorbis
from mutagen.wave import WAVE

FILES = Path(__file__).resolve().parent / "files"
EXIFTOOL = "/usr/bin/exiftool"

FORMATS = ["MP3", "M4A", "OGG_VORBIS", "OGG_OPUS", "WAV"]
EXTENSIONS = {"MP3": "mp3", "M4A": "m4a", "OGG_VORBIS": "ogg", "OGG_OPUS": "opus", "WAV": "wav"}
UPLOAD_NAME_WORDS = ("priya", "bhuj", "gps")

# The planted values. Each is searched for in the raw bytes (Latin-1/UTF-8 and UTF-16).
ARTIST = "Priya Bhuj"
PHONE = "Call 98250 12345"
GPS = "+23.2420+069.6669/"
DATE = "2026-03-08"
DEVICE = "SM-A105F Samvedna-Recorder"
ENCODER = "PlantedEncoder 9.9"
COVER_MARKER = "COVER-OF-PRIYA"
XMP_MARKER = "XMP-Bhuj-Priya"
MARKERS = {
    "artist": ARTIST,
    "phone": "98250 12345",
    "gps": "+23.2420",
    "date": DATE,
    "device": "SM-A105F",
    "encoder": "PlantedEncoder",
    "cover": COVER_MARKER,
    "xmp": XMP_MARKER,
    "priya": "Priya",
}


# --- small files ----------------------------------------------------------------------------------


def fixture(name: str) -> bytes:
    return (FILES / name).read_bytes()


def cover_png() -> bytes:
    """A tiny valid PNG whose text chunk carries a marker (cover art)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    pixels = zlib.compress(b"".join(b"\x00" + b"\xc0\x20\x20" * 4 for _ in range(4)))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
        + chunk(b"tEXt", b"Comment\x00" + COVER_MARKER.encode())
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


def jpeg_bytes() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 30, 30)).save(out, format="JPEG")
    return out.getvalue()


# --- hand-made sound ------------------------------------------------------------------------------


def silent_mp3(frames: int = 40, *, xing: bool = True) -> bytes:
    """MPEG-1 Layer III, 64 kbit/s, 44.1 kHz mono frames of silence (all-zero side info), with
    a Xing "Info" frame and LAME extension first, as LAME writes them."""
    header = b"\xff\xfb\x50\xc0"  # no CRC, 64 kbit/s, 44100 Hz, no padding, mono
    length = 144 * 64000 // 44100  # 208 bytes
    frame = header + bytes(length - 4)
    if not xing:
        return frame * frames
    info = bytearray(frame)
    body = b"Info" + struct.pack(">II", 0x0F, frames) + struct.pack(">I", length * (frames + 1))
    body += bytes(range(100)) + struct.pack(">I", 57)  # table of contents, quality
    body += b"LAME3.100" + bytes(27)  # encoder name, then delay/padding etc. (left zero)
    info[4 + 17 : 4 + 17 + len(body)] = body
    return bytes(info) + frame * frames


def tone_wav(seconds: float = 0.25, rate: int = 8000) -> bytes:
    """16-bit mono PCM of a 500 Hz tone (one period repeated, so long files are quick)."""
    period = rate // 500
    one = b"".join(
        struct.pack("<h", int(12000 * math.sin(2 * math.pi * i / period))) for i in range(period)
    )
    frames = int(seconds * rate)
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes((one * (frames // period + 1))[: frames * 2])
    return out.getvalue()


def wav_pcm(data: bytes) -> tuple[tuple, bytes]:
    """(parameters, PCM frames) read with the standard library."""
    with wave.open(io.BytesIO(data)) as w:
        return w.getparams()[:3], w.readframes(w.getnframes())


def riff_chunk(kind: bytes, body: bytes) -> bytes:
    return kind + struct.pack("<I", len(body)) + body + (b"\x00" if len(body) % 2 else b"")


def wav_with_chunks(data: bytes, before: list[bytes], after: list[bytes]) -> bytes:
    """Insert chunks before the ``data`` chunk and after it, fixing the RIFF size."""
    pos = data.index(b"data")
    size = struct.unpack_from("<I", data, pos + 4)[0]
    end = pos + 8 + size + (size & 1)
    body = data[12:pos] + b"".join(before) + data[pos:end] + b"".join(after)
    return b"RIFF" + struct.pack("<I", 4 + len(body)) + b"WAVE" + body


def id3_tag() -> bytes:
    out = io.BytesIO()
    id3_frames(ID3()).save(out, v2_version=3)
    return out.getvalue()


# --- planting tags --------------------------------------------------------------------------------


def id3_frames(tags: ID3) -> ID3:
    tags.add(TPE1(encoding=3, text=[ARTIST]))
    tags.add(TIT2(encoding=1, text=[f"{ARTIST} recording"]))  # UTF-16
    tags.add(COMM(encoding=3, lang="eng", desc="", text=[PHONE]))
    tags.add(TXXX(encoding=3, desc="GPS", text=[GPS]))
    tags.add(TXXX(encoding=3, desc="Device", text=[DEVICE]))
    tags.add(TDRC(encoding=3, text=[DATE]))
    tags.add(TSSE(encoding=3, text=[ENCODER]))
    tags.add(TENC(encoding=3, text=[ENCODER]))
    tags.add(PRIV(owner="priya@example.org", data=DEVICE.encode()))
    tags.add(
        GEOB(encoding=3, mime="text/plain", filename="priya.txt", desc="", data=PHONE.encode())
    )
    tags.add(APIC(encoding=3, mime="image/png", type=3, desc="Priya", data=cover_png()))
    return tags


def id3v1(title: str, artist: str, comment: str) -> bytes:
    def field(text: str, size: int) -> bytes:
        return text.encode("latin-1")[:size].ljust(size, b"\x00")

    return (
        b"TAG"
        + field(title, 30)
        + field(artist, 30)
        + field("Kutch", 30)
        + field("2026", 4)
        + field(comment, 30)
        + b"\xff"
    )


def ape_tag() -> bytes:
    out = io.BytesIO()
    tag = APEv2()
    tag["Artist"] = ARTIST
    tag["Comment"] = PHONE
    tag["Cover Art (Front)"] = b"cover.png\x00" + cover_png()
    tag.save(out)
    return out.getvalue()


def lyrics3() -> bytes:
    body = b"IND0000210" + b"LYR" + b"%05d" % len(GPS) + GPS.encode()
    return b"LYRICSBEGIN" + body + b"%06d" % (len(body) + 11) + b"LYRICS200"


def planted_mp3(sound: bytes | None = None) -> bytes:
    """ID3v2.3 in front (text, UTF-16 text, comment, GPS, device, date, encoder, PRIV, GEOB,
    cover art), then after the sound an appended ID3v2.4 tag, APEv2 with a cover, Lyrics3 and
    ID3v1: everything a tagger or a phone may leave."""
    sound = fixture("tone.mp3") if sound is None else sound
    front = io.BytesIO()
    id3_frames(ID3()).save(front, v2_version=3)
    appended = io.BytesIO()
    appended_tag = ID3()
    appended_tag.add(TPE1(encoding=3, text=[f"{ARTIST} appended"]))
    appended_tag.save(appended, v2_version=4)
    return (
        front.getvalue()
        + sound
        + appended.getvalue()
        + ape_tag()
        + lyrics3()
        + id3v1(f"{ARTIST} v1", ARTIST, PHONE)
    )


def _ogg_picture() -> str:
    picture = Picture()
    picture.type = 3
    picture.mime = "image/png"
    picture.desc = "Priya"
    picture.data = cover_png()
    return base64.b64encode(picture.write()).decode("ascii")


OGG_PICTURE = _ogg_picture()


def planted_ogg(name: str) -> bytes:
    """Vorbis comments (artist, phone, GPS, device, date, encoder, an embedded picture) and a
    vendor string naming a device."""
    out = io.BytesIO(fixture(name))
    audio = OggOpus(out) if name.endswith(".opus") else OggVorbis(out)
    audio["ARTIST"] = [ARTIST]
    audio["COMMENT"] = [PHONE]
    audio["LOCATION"] = [GPS]
    audio["DATE"] = [DATE]
    audio["ENCODER"] = [ENCODER]
    audio["METADATA_BLOCK_PICTURE"] = [OGG_PICTURE]
    audio.tags.vendor = DEVICE
    audio.save(out)
    return out.getvalue()


# MP4 boxes.


def box(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", 8 + len(body)) + kind + body


def full_box(kind: bytes, body: bytes, version: int = 0, flags: int = 0) -> bytes:
    return box(kind, struct.pack(">I", version << 24 | flags) + body)


def mp4_text(kind: bytes, text: str) -> bytes:
    """A QuickTime user-data text item (©xyz and friends): size, language, text."""
    raw = text.encode()
    return box(kind, struct.pack(">HH", len(raw), 0x15C7) + raw)


def apple_meta() -> bytes:
    """moov/meta as iPhones write it: mdta keys with location, make, model and date."""
    keys = [
        b"com.apple.quicktime.location.ISO6709",
        b"com.apple.quicktime.make",
        b"com.apple.quicktime.model",
        b"com.apple.quicktime.creationdate",
    ]
    values = [GPS, "Samvedna", DEVICE, DATE + "T10:00:00+0530"]
    hdlr = full_box(b"hdlr", bytes(4) + b"mdta" + bytes(12) + b"\x00")
    key_box = full_box(
        b"keys",
        struct.pack(">I", len(keys)) + b"".join(box(b"mdta", key) for key in keys),
    )
    items = b"".join(
        box(struct.pack(">I", i + 1), box(b"data", struct.pack(">II", 1, 0) + v.encode()))
        for i, v in enumerate(values)
    )
    return box(b"meta", hdlr + key_box + box(b"ilst", items))


def xmp_uuid() -> bytes:
    xmp = (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
        f'xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="{XMP_MARKER}"/>'
        "</rdf:RDF></x:xmpmeta>"
    )
    return box(b"uuid", bytes.fromhex("be7acfcb97a942e89c71999491e3afac") + xmp.encode())


def loci() -> bytes:
    # 3GPP location: language, name, role, longitude, latitude, altitude, body, notes.
    return full_box(
        b"loci",
        b"\x15\xc7"
        + b"Bhuj Priya\x00"
        + b"\x00"
        + struct.pack(">III", int(69.6669 * 65536), int(23.2420 * 65536), 0)
        + b"earth\x00"
        + (GPS + "\x00").encode(),
    )


def _boxes(data: bytes, start: int, end: int) -> list[tuple[bytes, int, int, int]]:
    """(kind, start, header size, end) of the boxes between start and end."""
    out = []
    pos = start
    while pos + 8 <= end:
        size, kind = struct.unpack_from(">I4s", data, pos)
        header = 8
        if size == 1:
            size, header = struct.unpack_from(">Q", data, pos + 8)[0], 16
        elif size == 0:
            size = end - pos
        out.append((kind, pos, header, pos + size))
        pos += size
    return out


CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"dinf", b"stbl", b"edts", b"mvex", b"udta"}
CONTAINERS |= {b"moof", b"traf", b"mfra"}


def mp4_tree(data: bytes, start: int = 0, end: int | None = None, path: str = "") -> list[str]:
    """Every box path in the file, e.g. "moov/trak/mdia/hdlr"."""
    end = len(data) if end is None else end
    paths = []
    for kind, pos, header, box_end in _boxes(data, start, end):
        name = path + kind.decode("latin-1")
        paths.append(name)
        if kind in CONTAINERS:
            paths += mp4_tree(data, pos + header, box_end, name + "/")
    return paths


def find_box(data: bytes, path: str) -> tuple[int, int, int]:
    """(start, header size, end) of the first box at ``path`` ("moov/trak/mdia/minf/stbl")."""
    start, end = 0, len(data)
    found = None
    for kind in path.split("/"):
        found = next(b for b in _boxes(data, start, end) if b[0] == kind.encode("latin-1"))
        start, end = found[1] + found[2], found[3]
    assert found is not None
    return found[1], found[2], found[3]


def insert_into_box(data: bytes, path: str, extra: bytes) -> bytes:
    """Append ``extra`` at the end of the box at ``path`` and grow it and its parents.

    Only for files whose ``moov`` follows the sound (``tone-moov-last.m4a``): nothing moves
    in front of the sound, so the chunk offsets stay right.
    """
    moov = find_box(data, "moov")
    mdat = find_box(data, "mdat")
    assert moov[0] > mdat[0], "use a file whose moov follows mdat"
    _, _, end = find_box(data, path)
    out = bytearray(data[:end] + extra + data[end:])
    parts = path.split("/")
    for depth in range(len(parts), 0, -1):
        start, header, _ = find_box(data, "/".join(parts[:depth]))
        assert header == 8
        size = struct.unpack_from(">I", out, start)[0]
        struct.pack_into(">I", out, start, size + len(extra))
    return bytes(out)


def replace_box(data: bytes, path: str, new: bytes) -> bytes:
    """Put ``new`` in place of the box at ``path`` and fix its parents' sizes.

    Only for files whose ``moov`` follows the sound or that are fragmented (sample offsets
    relative to their fragment), so that nothing the chunk offsets point at moves.
    """
    start, _, end = find_box(data, path)
    out = bytearray(data[:start] + new + data[end:])
    parts = path.split("/")
    for depth in range(len(parts) - 1, 0, -1):
        parent, header, _ = find_box(data, "/".join(parts[:depth]))
        assert header == 8
        size = struct.unpack_from(">I", out, parent)[0]
        struct.pack_into(">I", out, parent, size + len(new) - (end - start))
    return bytes(out)


STSD = "moov/trak/mdia/minf/stbl/stsd"


def esds_descriptor(tag: int, body: bytes) -> bytes:
    return bytes([tag, 0x80, 0x80, 0x80, len(body)]) + body


def planted_esds(config: bytes) -> bytes:
    """An esds box with a URL string, an extra language descriptor and bytes after the
    AudioSpecificConfig, all carrying planted values."""
    decoder = bytes.fromhex("401500000000006544000065 44".replace(" ", ""))
    specific = esds_descriptor(0x05, config + f"{GPS}".encode())
    url = PHONE.encode()
    es = (
        struct.pack(">HB", 1, 0x40)
        + bytes([len(url)])
        + url
        + esds_descriptor(0x04, decoder + specific)
        + esds_descriptor(0x06, b"\x02")
        + esds_descriptor(0x43, ARTIST.encode())  # a language descriptor, with a name
    )
    return full_box(b"esds", esds_descriptor(0x03, es))


def planted_sample_entry(data: bytes, *, quicktime: bool = False) -> bytes:
    """``data`` (an AAC M4A) whose ``mp4a`` sample entry carries names in its reserved bytes,
    vendor code, ``esds`` and in extra boxes: ``udta``, ``free`` with text, an unknown box;
    a ``btrt`` box is kept. ``quicktime``: a version 1 sound description whose ``esds`` sits
    inside a ``wave`` box, as QuickTime writes it."""
    start, header, _ = find_box(data, STSD)
    entry_start = start + header + 8
    size = struct.unpack_from(">I", data, entry_start)[0]
    assert data[entry_start + 4 : entry_start + 8] == b"mp4a"
    fields = bytearray(data[entry_start + 8 : entry_start + 36])
    children = data[entry_start + 36 : entry_start + size]
    esds_start = children.index(b"esds") - 4
    esds = children[esds_start : esds_start + struct.unpack_from(">I", children, esds_start)[0]]
    config_at = esds.index(b"\x05\x80\x80\x80") + 4
    config = esds[config_at + 1 : config_at + 1 + esds[config_at]]
    fields[0:6] = b"Priya\x00"  # reserved
    fields[10:16] = b"\x00\x01PRIY"  # revision and vendor
    extras = (
        box(b"udta", mp4_text(b"\xa9nam", ARTIST))
        + box(b"free", PHONE.encode())
        + box(b"pRiy", f"{DEVICE} {GPS}".encode())
        + box(b"btrt", struct.pack(">III", 0, 24000, 24000))
    )
    if quicktime:
        fields[8:10] = b"\x00\x01"  # version 1: four more numbers
        fields += struct.pack(">IIII", 1024, 0, 0, 2)
        wave = box(
            b"wave",
            box(b"frma", b"mp4a")
            + planted_esds(config)
            + box(b"udta", ARTIST.encode())
            + box(bytes(4), b""),  # the terminator
        )
        entry = box(b"mp4a", bytes(fields) + wave + extras)
    else:
        entry = box(b"mp4a", bytes(fields) + planted_esds(config) + extras)
    stsd = full_box(b"stsd", struct.pack(">I", 1) + entry)
    return replace_box(data, STSD, stsd)


def sample_entry(data: bytes) -> tuple[bytes, list[tuple[bytes, bytes]]]:
    """The one ``mp4a`` entry of the file: its fixed fields and its child boxes (kind, body)."""
    start, header, end = find_box(data, STSD)
    assert struct.unpack_from(">I", data, start + header + 4)[0] == 1
    entry = start + header + 8
    size = struct.unpack_from(">I", data, entry)[0]
    assert data[entry + 4 : entry + 8] == b"mp4a" and entry + size == end
    version = struct.unpack_from(">H", data, entry + 16)[0]
    fixed_end = entry + 36 + {0: 0, 1: 16, 2: 36}[version]
    children = [
        (kind, data[pos + h : box_end]) for kind, pos, h, box_end in _boxes(data, fixed_end, end)
    ]
    return data[entry + 8 : fixed_end], children


def planted_m4a(name: str = "tone.m4a") -> bytes:
    """iTunes-style tags written by mutagen (artist, title, comment, date, encoder, GPS,
    a freeform location, cover art), which moves the sound and updates the chunk offsets."""
    out = io.BytesIO(fixture(name))
    audio = MP4(out)
    if audio.tags is None:
        audio.add_tags()
    audio["\xa9ART"] = [ARTIST]
    audio["\xa9nam"] = [f"{ARTIST} recording"]
    audio["\xa9cmt"] = [PHONE]
    audio["\xa9day"] = [DATE]
    audio["\xa9too"] = [ENCODER]
    audio["\xa9xyz"] = [GPS]
    audio["----:com.apple.iTunes:DEVICE"] = [MP4FreeForm(DEVICE.encode())]
    audio["covr"] = [MP4Cover(cover_png(), imageformat=MP4Cover.FORMAT_PNG)]
    audio.save(out)
    return out.getvalue()


def phone_m4a() -> bytes:
    """What phones and cameras write where mutagen does not: ©xyz, ©mak, ©mod and loci in
    moov/udta, an Apple moov/meta with location keys, a track name in trak/udta, XMP in a
    top-level uuid box, and a free box holding stale text; plus mutagen's iTunes tags."""
    data = fixture("tone-moov-last.m4a")
    udta = box(
        b"udta",
        mp4_text(b"\xa9xyz", GPS)
        + mp4_text(b"\xa9mak", "Samvedna")
        + mp4_text(b"\xa9mod", DEVICE)
        + mp4_text(b"\xa9day", DATE)
        + loci(),
    )
    data = insert_into_box(data, "moov", udta + apple_meta())
    data = insert_into_box(data, "moov/trak", box(b"udta", mp4_text(b"name", ARTIST)))
    data = insert_into_box(data, "moov/trak/mdia", box(b"free", PHONE.encode()))
    data += xmp_uuid() + box(b"free", f"old tag: {ARTIST}".encode())
    # mutagen's iTunes tags on top (it updates the chunk offsets if it moves anything).
    out = io.BytesIO(data)
    audio = MP4(out)
    if audio.tags is None:
        audio.add_tags()
    audio["\xa9ART"] = [ARTIST]
    audio["covr"] = [MP4Cover(cover_png(), imageformat=MP4Cover.FORMAT_PNG)]
    audio.save(out)
    return out.getvalue()


def planted_fragmented_m4a() -> bytes:
    out = io.BytesIO(fixture("tone-fragmented.m4a"))
    audio = MP4(out)
    if audio.tags is None:
        audio.add_tags()
    audio["\xa9ART"] = [ARTIST]
    audio["\xa9xyz"] = [GPS]
    audio["covr"] = [MP4Cover(cover_png(), imageformat=MP4Cover.FORMAT_PNG)]
    audio.save(out)
    return out.getvalue() + xmp_uuid()


def planted_wav_chunks() -> tuple[list[bytes], list[bytes]]:
    """Chunks to put before and after a WAV file's sound: LIST/INFO, bext, id3 and iXML."""
    info = riff_chunk(
        b"LIST",
        b"INFO"
        + riff_chunk(b"IART", (ARTIST + "\x00").encode())
        + riff_chunk(b"ICMT", (PHONE + "\x00").encode())
        + riff_chunk(b"ICRD", (DATE + "\x00").encode())
        + riff_chunk(b"ISFT", (ENCODER + "\x00").encode()),
    )
    bext = riff_chunk(
        b"bext",
        f"{ARTIST} interview".encode().ljust(256, b"\x00")
        + DEVICE.encode().ljust(32, b"\x00")
        + b"ref".ljust(32, b"\x00")
        + DATE.encode()
        + b"10:00:00"
        + bytes(8 + 2 + 64 + 190),
    )
    ixml = riff_chunk(b"iXML", f"<BWFXML><NOTE>{GPS}</NOTE></BWFXML>".encode())
    return [info, bext], [riff_chunk(b"id3 ", id3_tag()), ixml]


def planted_wav(seconds: float = 0.25) -> bytes:
    before, after = planted_wav_chunks()
    return wav_with_chunks(tone_wav(seconds), before, after)


def planted(audio_format: str) -> bytes:
    return {
        "MP3": planted_mp3,
        "M4A": phone_m4a,
        "OGG_VORBIS": functools.partial(planted_ogg, "tone.ogg"),
        "OGG_OPUS": functools.partial(planted_ogg, "tone.opus"),
        "WAV": planted_wav,
    }[audio_format]()


# --- broken and unwanted files --------------------------------------------------------------------


def truncated(data: bytes, keep: float = 0.6) -> bytes:
    return data[: int(len(data) * keep)]


def chained_ogg() -> bytes:
    """Two Opus recordings one after the other (a chained Ogg file)."""
    first = fixture("tone.opus")
    second = bytearray(fixture("tone.opus"))
    # Give the second link another serial number and recompute each page's checksum.
    from mutagen.ogg import OggPage

    pages = []
    reader = io.BytesIO(bytes(second))
    while reader.tell() < len(second):
        page = OggPage(reader)
        page.serial = 0x5A5A5A5A
        pages.append(page.write())
    return first + b"".join(pages)


def adpcm_wav() -> bytes:
    """A WAV file in IMA ADPCM (format tag 0x11): compressed, not accepted."""
    fmt = struct.pack("<HHIIHH", 0x11, 1, 8000, 4055, 256, 4) + struct.pack("<HH", 2, 505)
    body = riff_chunk(b"fmt ", fmt) + riff_chunk(b"fact", struct.pack("<I", 505))
    body += riff_chunk(b"data", bytes(256))
    return b"RIFF" + struct.pack("<I", 4 + len(body)) + b"WAVE" + body


# --- reading the sound back -----------------------------------------------------------------------


def mpeg_frames(data: bytes) -> list[bytes]:
    """The MPEG audio frames, found by walking frame headers from the first frame."""
    start = 0
    if data[:3] == b"ID3":
        size = data[6] << 21 | data[7] << 14 | data[8] << 7 | data[9]
        start = 10 + size
    rates = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}
    kbps = {
        3: (32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
        2: (8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
    }
    frames = []
    pos = start
    while pos + 4 <= len(data) and data[pos] == 0xFF and data[pos + 1] & 0xE0 == 0xE0:
        version = (data[pos + 1] >> 3) & 3
        bitrate = kbps[3 if version == 3 else 2][(data[pos + 2] >> 4) - 1] * 1000
        rate = rates[version][(data[pos + 2] >> 2) & 3]
        padding = (data[pos + 2] >> 1) & 1
        length = (144 if version == 3 else 72) * bitrate // rate + padding
        frames.append(data[pos : pos + length])
        pos += length
    return frames


def mp4_samples(data: bytes) -> list[bytes]:
    """Every sample's bytes, read through the sample tables (stsz, stsc, stco/co64)."""
    stbl_start, header, stbl_end = find_box(data, "moov/trak/mdia/minf/stbl")
    tables = {
        kind: (pos, h, end) for kind, pos, h, end in _boxes(data, stbl_start + header, stbl_end)
    }
    pos, h, _ = tables[b"stsz"]
    body = pos + h
    size, count = struct.unpack_from(">II", data, body + 4)
    sizes = [size] * count if size else list(struct.unpack_from(f">{count}I", data, body + 12))
    pos, h, _ = tables[b"stsc"]
    entries = struct.unpack_from(">I", data, pos + h + 4)[0]
    stsc = [struct.unpack_from(">III", data, pos + h + 8 + 12 * i) for i in range(entries)]
    wide = b"co64" in tables
    pos, h, _ = tables[b"co64" if wide else b"stco"]
    chunks = struct.unpack_from(">I", data, pos + h + 4)[0]
    offsets = struct.unpack_from(f">{chunks}{'Q' if wide else 'I'}", data, pos + h + 8)
    samples = []
    sample = 0
    for chunk, offset in enumerate(offsets, start=1):
        per_chunk = next(spc for first, spc, _ in reversed(stsc) if first <= chunk)
        for _ in range(per_chunk):
            samples.append(data[offset : offset + sizes[sample]])
            offset += sizes[sample]
            sample += 1
    assert sample == len(sizes)
    return samples


def ogg_audio_packets(data: bytes) -> tuple[list[bytes], list[int]]:
    """The packets after the headers, and the granule position of every page."""
    from mutagen.ogg import OggPage

    reader = io.BytesIO(data)
    pages = []
    while reader.tell() < len(data):
        pages.append(OggPage(reader))
    packets = OggPage.to_packets(pages)
    headers = 3 if packets[0].startswith(b"\x01vorbis") else 2
    return packets[headers:], [page.position for page in pages if page.position > 0]


def sound_of(data: bytes, audio_format: str) -> object:
    """What a player decodes, without decoding it: frames, samples, packets or PCM."""
    if audio_format == "MP3":
        frames = mpeg_frames(data)
        return frames[1:]  # the first is the Xing/Info frame (no sound)
    if audio_format == "M4A":
        return mp4_samples(data)
    if audio_format in ("OGG_VORBIS", "OGG_OPUS"):
        return ogg_audio_packets(data)
    return wav_pcm(data)


def read_with_mutagen(data: bytes, audio_format: str):
    """``data`` opened by mutagen as the given format (raises if it is not)."""
    kind = {"MP3": MP3, "M4A": MP4, "OGG_VORBIS": OggVorbis, "OGG_OPUS": OggOpus, "WAV": WAVE}
    return kind[audio_format](io.BytesIO(data))


# --- detectors ------------------------------------------------------------------------------------


def _encodings(text: str) -> list[bytes]:
    return [text.encode("utf-8"), text.encode("utf-16-le"), text.encode("utf-16-be")]


def find_planted(data: bytes) -> set[str]:
    """Which planted values occur in the raw bytes (any case, UTF-8 or UTF-16), including a
    PNG cover picture and the base64 form of the Ogg picture."""
    found = set()
    lowered = data.lower()
    for label, value in MARKERS.items():
        if any(form.lower() in lowered for form in _encodings(value)):
            found.add(label)
    if b"\x89PNG" in data:
        found.add("png-picture")
    if OGG_PICTURE[:40].encode() in data:
        found.add("ogg-picture")
    if b"x:xmpmeta" in data:
        found.add("xmp")
    return found


def exiftool_tags(data: bytes, suffix: str) -> dict[str, object]:
    """Every tag exiftool reads (an independent reader of ID3, APE, Vorbis, QuickTime, RIFF
    and XMP), by "Group:Tag", without the file system's own."""
    with tempfile.NamedTemporaryFile(suffix=f".{suffix}") as handle:
        handle.write(data)
        handle.flush()
        result = subprocess.run(
            [EXIFTOOL, "-j", "-G1", "-a", "-u", "-ee", handle.name],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
    tags = json.loads(result.stdout)[0]
    return {
        key: value
        for key, value in tags.items()
        if not key.startswith(("System:", "ExifTool:", "SourceFile"))
    }
