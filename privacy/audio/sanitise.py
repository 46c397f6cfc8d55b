"""Check an uploaded sound recording and copy only its sound, so no tag is ever stored.

Why: recordings carry names, phone numbers, places and dates in their tags (ID3 artist,
title, comment and cover art; APE and Lyrics3 tags; Vorbis comments and embedded pictures;
MP4 ``udta``/``meta`` atoms with ©ART, ©day, ©xyz GPS coordinates, ``loci``, the recording
device and the encoder; WAV ``LIST``/``INFO``, ``bext`` and ``id3`` chunks). On this site any
of those can identify a storyteller (DESIGN.md, safety rule 1).

As for images (privacy/images/sanitise.py), nothing is copied because it looks harmless: each
container is parsed and only what plays the sound is written to a new file, everything else
is dropped:

* **MP3**: the MPEG audio frames, nothing else (ID3v2 at the start or anywhere else, ID3v1,
  APEv2, Lyrics3 and any other bytes between or after the frames are left behind). In a
  Xing/Info header frame, only the header and a known encoder's LAME extension are kept.
* **M4A** (AAC in an MP4 container): the boxes a player needs (``ftyp``, ``mdat`` and, inside
  ``moov``, the track and sample tables). ``udta``, ``meta``, ``uuid`` (XMP), ``free`` and
  every other box are removed and the chunk offsets corrected; creation and modification
  times are set to zero and handler names blanked. The sample description (``stsd``) is
  rebuilt from the numbers an AAC decoder reads (privacy/audio/mp4_entry.py): nothing else
  nested in it survives.
* **Ogg** (Vorbis or Opus): the pages of the one audio stream, with a new, empty comment
  header (no comments, no pictures, no vendor string).
* **WAV** (PCM): the ``fmt`` chunk's sound description and the ``data`` chunk only
  (``LIST``/``INFO``, ``bext``, ``iXML``, ``id3`` and any other chunk are dropped).

The result is then opened again with mutagen, which must find a playable file of the same
format and no tags at all; otherwise nothing is stored. The real format is detected from the
bytes and must match the file name's extension. ffmpeg is not needed: the sound itself is
copied, never re-encoded.

Some encoders write their own name inside the compressed sound (LAME fills spare bits of MP3
frames with "LAME3.100", ffmpeg's AAC encoder puts "Lavc…" in the first frame). That names
software, not a person, and cannot be removed without re-encoding, so it stays.
"""

from __future__ import annotations

import io
import logging
import os
import re
import secrets
import struct
import zlib
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

from ..uploads import read_bounded
from .mp4_entry import EntryError, rebuild_stsd

logger = logging.getLogger(__name__)

DEFAULT_MAX_UPLOAD_SIZE = 20 * 1024 * 1024  # PRIVACY_AUDIO_MAX_UPLOAD_SIZE overrides it


@dataclass(frozen=True)
class AudioFormat:
    """A format we store: its file extension, MIME type (for <source type>) and label."""

    key: str
    extension: str
    mime_type: str
    label: str


MP3 = AudioFormat("MP3", "mp3", "audio/mpeg", "MP3")
M4A = AudioFormat("M4A", "m4a", "audio/mp4", "M4A (AAC)")
OGG_VORBIS = AudioFormat("OGG_VORBIS", "ogg", "audio/ogg; codecs=vorbis", "Ogg Vorbis")
OGG_OPUS = AudioFormat("OGG_OPUS", "opus", "audio/ogg; codecs=opus", "Ogg Opus")
WAV = AudioFormat("WAV", "wav", "audio/wav", "WAV")
AUDIO_FORMATS: dict[str, AudioFormat] = {f.key: f for f in (MP3, M4A, OGG_VORBIS, OGG_OPUS, WAV)}
# Extension of a stored file -> its format.
STORED_EXTENSIONS: dict[str, AudioFormat] = {f.extension: f for f in AUDIO_FORMATS.values()}

# Containers: what an uploaded name's extension promises, and what the bytes turn out to be.
CONTAINER_MP3, CONTAINER_MP4, CONTAINER_OGG, CONTAINER_WAV = "MP3", "MP4", "OGG", "WAV"
EXTENSION_CONTAINERS: dict[str, str] = {
    "mp3": CONTAINER_MP3,
    "m4a": CONTAINER_MP4,
    "ogg": CONTAINER_OGG,
    "oga": CONTAINER_OGG,
    "opus": CONTAINER_OGG,
    "wav": CONTAINER_WAV,
}
CONTAINER_LABELS = {
    CONTAINER_MP3: "MP3",
    CONTAINER_MP4: "M4A (AAC)",
    CONTAINER_OGG: "Ogg",
    CONTAINER_WAV: "WAV",
}
# The extension to suggest when the content does not match the name.
CONTAINER_EXTENSIONS = {
    CONTAINER_MP3: "mp3",
    CONTAINER_MP4: "m4a",
    CONTAINER_OGG: "ogg",
    CONTAINER_WAV: "wav",
}

MESSAGES = {
    "unsupported_extension": _(
        "Files ending in “%(extension)s” are not accepted. Upload an MP3, M4A, Ogg (Vorbis or "
        "Opus) or WAV sound recording."
    ),
    # Same text as for images, so it is translated once.
    "too_large": _("This file is too big (%(size)s). The largest file accepted is %(max_size)s."),
    "not_audio": _(
        "This file is not an MP3, M4A, Ogg (Vorbis or Opus) or WAV sound recording, or it is too "
        "damaged to open. Upload an MP3, M4A, Ogg or WAV sound recording."
    ),
    "extension_mismatch": _(
        "This file is named “.%(extension)s” but its content is in %(format)s format. "
        "Rename it to end in “.%(expected)s”, or export it again as %(claimed)s."
    ),
    "unsupported_format": _(
        "Sound recordings in %(format)s format are not accepted. Export the recording again "
        "as MP3, M4A (AAC), Ogg (Vorbis or Opus) or WAV."
    ),
    "video": _(
        "This file contains video. Only sound recordings can be uploaded here: save the sound "
        "alone as MP3, M4A, Ogg or WAV and upload that."
    ),
    "several_streams": _(
        "This file holds more than one recording or track. Upload each recording as a "
        "separate file."
    ),
    "corrupt": _(
        "This sound recording is damaged or incomplete (perhaps the upload was cut off) and "
        "cannot be read. Export it again and upload the new copy."
    ),
    "no_sound": _("This file contains no sound. Check the recording and upload it again."),
}


def _error(code: str, **params: Any) -> ValidationError:
    return ValidationError(MESSAGES[code], code=code, params=params or None)


class SanitisedAudioFile(ContentFile):
    """Bytes produced by :func:`sanitise_audio`: safe to store as they are."""

    def __init__(self, content: bytes, name: str, audio_format: AudioFormat, duration: float):
        super().__init__(content, name=name)
        self.audio_format = audio_format
        self.duration = duration
        self.content_type = audio_format.mime_type.split(";")[0]

    @property
    def data(self) -> bytes:
        return self.file.getvalue()


def random_file_name(audio_format: AudioFormat) -> str:
    """A name that says nothing about the upload: 32 random hex digits and the real format."""
    return f"{secrets.token_hex(16)}.{audio_format.extension}"


def max_upload_size() -> int:
    return getattr(settings, "PRIVACY_AUDIO_MAX_UPLOAD_SIZE", DEFAULT_MAX_UPLOAD_SIZE)


def _read_all(uploaded: IO[bytes] | Any) -> bytes:
    return read_bounded(uploaded, max_upload_size(), _error, "not_audio")


class _Corrupt(Exception):
    """Raised by the parsers below; turned into the "corrupt" ValidationError."""


def _u32be(data: bytes, pos: int) -> int:
    if pos + 4 > len(data):
        raise _Corrupt
    return struct.unpack_from(">I", data, pos)[0]


def _u64be(data: bytes, pos: int) -> int:
    if pos + 8 > len(data):
        raise _Corrupt
    return struct.unpack_from(">Q", data, pos)[0]


# --- detecting the real format --------------------------------------------------------------------

# Other formats we recognise, to say what a file really is. (bytes at offset, label, is video)
_OTHER_SIGNATURES: list[tuple[int, bytes, str, bool]] = [
    (0, b"fLaC", "FLAC", False),
    (0, b"#!AMR", "AMR", False),
    (0, b"\x1aE\xdf\xa3", "WebM / Matroska", True),
    (0, b"0&\xb2u\x8ef\xcf\x11", "WMA / ASF", False),
    (0, b"MAC ", "Monkey's Audio", False),
    (0, b"wvpk", "WavPack", False),
    (0, b"RF64", "RF64 (WAV)", False),
    (8, b"AIFF", "AIFF", False),
    (8, b"AIFC", "AIFF", False),
    (8, b"AVI ", "AVI", True),
]


@dataclass
class _Detected:
    container: str | None = None  # one of ours, or None
    other: str | None = None  # label of a format we do not accept
    video: bool = False


def _id3v2_size(data: bytes, pos: int) -> int | None:
    """Total size of a valid ID3v2 tag header at ``pos`` (incl. footer), or None."""
    head = data[pos : pos + 10]
    if len(head) < 10 or head[:3] != b"ID3" or head[3] == 0xFF or head[4] == 0xFF:
        return None
    if any(b & 0x80 for b in head[6:10]):
        return None
    size = (head[6] << 21) | (head[7] << 14) | (head[8] << 7) | head[9]
    footer = 10 if head[5] & 0x10 else 0
    return 10 + size + footer


def _skip_id3v2(data: bytes, pos: int = 0) -> int:
    """Skip ID3v2 tags (several may follow each other) and the zero padding after them."""
    while True:
        size = _id3v2_size(data, pos)
        if size is None:
            break
        pos += size
        while pos < len(data) and data[pos] == 0:
            pos += 1
    return pos


def _detect(data: bytes) -> _Detected:
    start = _skip_id3v2(data)
    body = data[start:]
    if body[:4] == b"OggS":
        return _Detected(CONTAINER_OGG)
    if data[4:8] == b"ftyp":
        return _Detected(CONTAINER_MP4)
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return _Detected(CONTAINER_WAV)
    for offset, signature, label, video in _OTHER_SIGNATURES:
        if body[offset : offset + len(signature)] == signature:
            return _Detected(other=label, video=video)
    if len(body) >= 2 and body[0] == 0xFF and body[1] & 0xF6 == 0xF0:
        return _Detected(other="AAC (ADTS)")
    if _find_mpeg_chain(data, start, limit=start + 64 * 1024) is not None:
        return _Detected(CONTAINER_MP3)
    return _Detected()


# --- MP3 ------------------------------------------------------------------------------------------

# Layer III bit rates (kbit/s) by bit-rate index 1-14: MPEG-1, and MPEG-2 / 2.5.
_MP3_BITRATES = {
    3: (32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    2: (8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}
_MP3_BITRATES[0] = _MP3_BITRATES[2]
_MP3_SAMPLE_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}
# Where an ID3 tag, an APE tag, Lyrics3 or ID3v1 may start right after the last frame.
_MP3_TRAILERS = (b"ID3", b"3DI", b"TAG", b"APETAGEX", b"LYRICSBEGIN")
# The first three bytes of a Layer III frame header (sync, version, bit rate, sample rate), so
# that long stretches of other bytes are searched by the regex engine, not byte by byte.
_MPEG_SYNC = re.compile(
    rb"\xff[\xe2\xe3\xf2\xf3\xfa\xfb]["
    + b"".join(
        re.escape(bytes([bitrate << 4 | rate << 2 | low]))
        for bitrate in range(1, 15)
        for rate in range(3)
        for low in range(4)
    )
    + b"]"
)


@dataclass(frozen=True)
class _MpegFrame:
    stream: tuple[int, int]  # (MPEG version bits, sample rate): the same for every frame
    length: int
    samples: int
    side_info_end: int  # offset, from the frame start, where a Xing/Info header would be


def _mpeg_frame(data: bytes, pos: int) -> _MpegFrame | None:
    """The MPEG Layer III frame header at ``pos``, or None if there is none."""
    if pos + 4 > len(data):
        return None
    b0, b1, b2, b3 = data[pos], data[pos + 1], data[pos + 2], data[pos + 3]
    if b0 != 0xFF or b1 & 0xE0 != 0xE0:
        return None
    version = (b1 >> 3) & 3
    layer = (b1 >> 1) & 3
    bitrate_index = b2 >> 4
    rate_index = (b2 >> 2) & 3
    if version == 1 or layer != 1 or bitrate_index in (0, 15) or rate_index == 3:
        return None  # reserved values, free format, or not Layer III
    if b3 & 3 == 2:  # reserved emphasis
        return None
    bitrate = _MP3_BITRATES[version][bitrate_index - 1] * 1000
    sample_rate = _MP3_SAMPLE_RATES[version][rate_index]
    padding = (b2 >> 1) & 1
    mono = b3 >> 6 == 3
    crc = 0 if b1 & 1 else 2
    if version == 3:
        length = 144 * bitrate // sample_rate + padding
        samples = 1152
        side_info = 17 if mono else 32
    else:
        length = 72 * bitrate // sample_rate + padding
        samples = 576
        side_info = 9 if mono else 17
    return _MpegFrame((version, sample_rate), length, samples, 4 + crc + side_info)


def _find_mpeg_chain(
    data: bytes, pos: int, stream: tuple[int, int] | None = None, limit: int | None = None
) -> int | None:
    """The first position at or after ``pos`` where three consistent frames follow each other
    (or fewer, ending exactly at the end of the data or at a tag). False frame headers inside
    tags, pictures or text practically never form such a chain."""
    end = len(data) if limit is None else min(limit, len(data))
    while True:
        match = _MPEG_SYNC.search(data, pos, end + 2)
        if match is None:
            return None
        pos = match.start()
        first = _mpeg_frame(data, pos)
        if first is not None and (stream is None or first.stream == stream):
            count, nxt = 1, pos + first.length
            while count < 3:
                if nxt == len(data) or data.startswith(_MP3_TRAILERS, nxt):
                    return pos
                frame = _mpeg_frame(data, nxt)
                if frame is None or frame.stream != first.stream:
                    break
                count, nxt = count + 1, nxt + frame.length
            if count >= 3:
                return pos
        pos += 1


# The encoder's short name at the start of a LAME extension ("LAME3.100", "Lavf", "Lavc61.3").
_LAME_ENCODER = re.compile(rb"(LAME|Lavf|Lavc|GOGO|L3\.99)[0-9a-z. ]*\x00*")


def _clean_xing_frame(frame: bytes, side_info_end: int) -> tuple[bytes, int | None]:
    """Zero whatever follows a Xing/Info header and its LAME extension in the first frame.

    The LAME extension (36 bytes: a 9-byte encoder name such as "LAME3.100", the encoder
    delay and padding that gapless players trim, replay gain) is kept when it starts with a
    known encoder's short name: without it the sound would play with extra silence, and that
    name is also written all through the frames by the encoder. Anything else is zeroed.
    Returns the frame and the number of frames the header announces (None if there is no
    such header).
    """
    pos = side_info_end
    if frame[pos : pos + 4] not in (b"Xing", b"Info") or pos + 8 > len(frame):
        return frame, None
    flags = _u32be(frame, pos + 4)
    pos += 8
    frames = None
    if flags & 1:
        frames = _u32be(frame, pos)
        pos += 4
    pos += (4 if flags & 2 else 0) + (100 if flags & 4 else 0) + (4 if flags & 8 else 0)
    if pos > len(frame):
        raise _Corrupt
    if len(frame) >= pos + 36 and _LAME_ENCODER.fullmatch(frame[pos : pos + 9]):
        pos += 36  # a LAME extension, from a known encoder: kept
    return frame[:pos] + bytes(len(frame) - pos), frames


def _clean_mp3(data: bytes) -> bytes:
    begin = _skip_id3v2(data)
    start = _find_mpeg_chain(data, begin, limit=begin + 64 * 1024)
    first = None if start is None else _mpeg_frame(data, start)
    if start is None or first is None:
        raise _Corrupt
    stream = first.stream
    frames: list[bytes] = []
    pos, end = start, len(data)
    while pos < end:
        frame = _mpeg_frame(data, pos)
        if frame is not None and frame.stream == stream:
            if pos + frame.length > end:
                raise _Corrupt  # the last frame is cut off
            frames.append(data[pos : pos + frame.length])
            pos += frame.length
            continue
        # Not a frame of this stream: a tag (skipped by its size, so that nothing inside a
        # picture is mistaken for sound) or other bytes, skipped up to the next frames.
        tag_size = _id3v2_size(data, pos)
        if tag_size is not None:
            pos += tag_size
            continue
        nxt = _find_mpeg_chain(data, pos + 1, stream)
        if nxt is None:
            break  # ID3v1, APEv2, Lyrics3 or anything else after the sound: dropped
        pos = nxt
    frames[0], announced = _clean_xing_frame(frames[0], first.side_info_end)
    if announced is not None and len(frames) - 1 < announced:
        raise _Corrupt  # the Xing header counts more frames than there are: cut off
    return b"".join(frames)


# --- MP4 / M4A ------------------------------------------------------------------------------------

# Boxes kept, by parent (None: the top level). Everything else is removed.
_MP4_KEEP: dict[bytes | None, set[bytes]] = {
    None: {b"ftyp", b"moov", b"mdat", b"moof", b"mfra", b"sidx", b"styp"},
    b"moov": {b"mvhd", b"trak", b"mvex"},
    b"trak": {b"tkhd", b"edts", b"mdia"},
    b"edts": {b"elst"},
    b"mdia": {b"mdhd", b"hdlr", b"minf"},
    b"minf": {b"smhd", b"dinf", b"stbl", b"hdlr"},
    b"dinf": {b"dref"},
    b"stbl": {
        b"stsd",
        b"stts",
        b"ctts",
        b"cslg",
        b"stsc",
        b"stsz",
        b"stz2",
        b"stco",
        b"co64",
        b"stss",
        b"sdtp",
        b"sbgp",
        b"sgpd",
        b"subs",
        b"saiz",
        b"saio",
        b"padb",
    },
    b"mvex": {b"mehd", b"trex"},
    b"moof": {b"mfhd", b"traf"},
    b"traf": {b"tfhd", b"tfdt", b"trun", b"sbgp", b"sgpd", b"subs", b"saiz", b"saio"},
    b"mfra": {b"tfra", b"mfro"},
}
_MP4_CONTAINERS = {parent for parent in _MP4_KEEP if parent is not None}
_MP4_MAX_DEPTH = 8


@dataclass
class _Box:
    kind: bytes
    start: int
    header: int  # 8, or 16 with a 64-bit size
    end: int
    parent: bytes | None
    children: list[_Box] = field(default_factory=list)
    keep: bool = True

    @property
    def body(self) -> int:
        return self.start + self.header


def _parse_boxes(
    data: bytes, start: int, end: int, parent: bytes | None, depth: int = 0
) -> list[_Box]:
    if depth > _MP4_MAX_DEPTH:
        raise _Corrupt
    boxes: list[_Box] = []
    pos = start
    while pos < end:
        if end - pos < 8:
            if parent is not None and not any(data[pos:end]):
                break  # a few zero bytes closing a box: dropped with it
            raise _Corrupt
        size = _u32be(data, pos)
        kind = data[pos + 4 : pos + 8]
        header = 8
        if size == 1:
            size, header = _u64be(data, pos + 8), 16
        elif size == 0:
            if parent is not None:
                raise _Corrupt
            size = end - pos  # the last top-level box runs to the end of the file
        if size < header or pos + size > end:
            raise _Corrupt  # cut off, or sizes that do not add up
        box = _Box(kind, pos, header, pos + size, parent)
        box.keep = kind in _MP4_KEEP[parent]
        if box.keep and kind in _MP4_CONTAINERS:
            box.children = _parse_boxes(data, box.body, box.end, kind, depth + 1)
        boxes.append(box)
        pos += size
    return boxes


def _walk(boxes: list[_Box]):
    for box in boxes:
        yield box
        yield from _walk(box.children)


def _child(box: _Box, kind: bytes) -> _Box | None:
    return next((c for c in box.children if c.kind == kind and c.keep), None)


def _check_mp4_tracks(data: bytes, moov: _Box) -> None:
    """Exactly one track, of sound, in AAC, with its samples inside this file."""
    tracks = [c for c in moov.children if c.kind == b"trak"]
    handlers = []
    for trak in tracks:
        mdia = _child(trak, b"mdia")
        hdlr = mdia and _child(mdia, b"hdlr")
        if hdlr is None:
            raise _Corrupt
        handlers.append(data[hdlr.body + 8 : hdlr.body + 12])
    if b"vide" in handlers:
        raise ValidationError(MESSAGES["video"], code="video")
    if not tracks:
        raise _Corrupt
    if len(tracks) > 1:
        # Several recordings, or chapters, subtitles or timed metadata (such as a location
        # track) stored as samples that could not be removed.
        raise _error("several_streams")
    if handlers[0] != b"soun":
        raise _Corrupt
    mdia = _child(tracks[0], b"mdia")
    minf = mdia and _child(mdia, b"minf")
    stbl = minf and _child(minf, b"stbl")
    stsd = stbl and _child(stbl, b"stsd")
    dinf = minf and _child(minf, b"dinf")
    dref = dinf and _child(dinf, b"dref")
    if stsd is None or dref is None:
        raise _Corrupt
    entries = _u32be(data, stsd.body + 4)
    pos = stsd.body + 8
    for _entry in range(entries):
        size = _u32be(data, pos)
        codec = data[pos + 4 : pos + 8]
        if codec != b"mp4a":
            label = {
                b"alac": "ALAC",
                b"ac-3": "AC-3",
                b"ec-3": "E-AC-3",
                b"Opus": "Opus (MP4)",
                b"samr": "AMR",
                b"sawb": "AMR-WB",
            }
            raise _error("unsupported_format", format=label.get(codec, "MP4"))
        if size < 8:
            raise _Corrupt
        pos += size
    if entries < 1 or pos > stsd.end:
        raise _Corrupt
    # Data references: the samples must be in this file, and no entry may carry a name or URL.
    count = _u32be(data, dref.body + 4)
    pos = dref.body + 8
    for _entry in range(count):
        if _u32be(data, pos) != 12 or not data[pos + 11] & 1:
            raise _Corrupt
        pos += 12
    if count < 1 or pos != dref.end:
        raise _Corrupt


def _patch_mp4_leaf(data: bytes, box: _Box) -> bytes:
    """The body of a kept leaf box, with dates zeroed and handler names blanked."""
    body = bytearray(data[box.body : box.end])
    if box.kind in (b"mvhd", b"tkhd", b"mdhd"):
        # version (1 byte) and flags (3), then creation and modification time.
        if not body:
            raise _Corrupt
        width = 8 if body[0] == 1 else 4
        if len(body) < 4 + 2 * width:
            raise _Corrupt
        body[4 : 4 + 2 * width] = bytes(2 * width)
    elif box.kind == b"hdlr":
        # version/flags, pre-defined, handler type, 12 reserved bytes, then the name.
        if len(body) < 24:
            raise _Corrupt
        body[24:] = bytes(len(body) - 24)
    return bytes(body)


def _box_header(kind: bytes, size: int, header: int) -> bytes:
    if header == 16:
        return struct.pack(">I4sQ", 1, kind, size)
    if size > 0xFFFFFFFF:
        raise _Corrupt
    return struct.pack(">I4s", size, kind)


def _rebuild_sample_description(data: bytes, stsd: _Box) -> bytes:
    """The ``stsd`` body with only what an AAC decoder reads (privacy/audio/mp4_entry.py)."""

    def unsupported(label: str) -> ValidationError:
        return _error("unsupported_format", format=label)

    try:
        return rebuild_stsd(data, stsd.body, stsd.end, unsupported)
    except EntryError:
        raise _Corrupt from None


def _fragments_duration(data: bytes, boxes: list[_Box], moov: _Box) -> float:
    """Duration of a fragmented file (its header says 0): the sum of its samples' durations."""
    trak = _child(moov, b"trak")
    mdia = trak and _child(trak, b"mdia")
    mdhd = mdia and _child(mdia, b"mdhd")
    mvex = _child(moov, b"mvex")
    trex = mvex and _child(mvex, b"trex")
    if mdhd is None or trex is None:
        raise _Corrupt
    timescale = _u32be(data, mdhd.body + (20 if data[mdhd.body] == 1 else 12))
    trex_duration = _u32be(data, trex.body + 12)
    total = 0
    for traf in (b for b in _walk(boxes) if b.kind == b"traf"):
        tfhd = _child(traf, b"tfhd")
        if tfhd is None:
            raise _Corrupt
        flags = _u32be(data, tfhd.body) & 0xFFFFFF
        pos = tfhd.body + 8 + (8 if flags & 1 else 0) + (4 if flags & 2 else 0)
        default = _u32be(data, pos) if flags & 8 else trex_duration
        for trun in (c for c in traf.children if c.kind == b"trun"):
            flags = _u32be(data, trun.body) & 0xFFFFFF
            count = _u32be(data, trun.body + 4)
            pos = trun.body + 8 + (4 if flags & 1 else 0) + (4 if flags & 4 else 0)
            if not flags & 0x100:
                total += count * default
                continue
            step = 4 * sum(1 for bit in (0x100, 0x200, 0x400, 0x800) if flags & bit)
            if pos + count * step > trun.end:
                raise _Corrupt
            total += sum(_u32be(data, pos + i * step) for i in range(count))
    return total / timescale if timescale else 0.0


def _clean_mp4(data: bytes) -> tuple[bytes, float | None]:
    """The clean copy, and the duration of a fragmented file (None for other files)."""
    boxes = _parse_boxes(data, 0, len(data), None)
    if not boxes or boxes[0].kind != b"ftyp":
        raise _Corrupt
    top = [b.kind for b in boxes]
    if top.count(b"moov") != 1 or b"mdat" not in top:
        raise _Corrupt
    moov = boxes[top.index(b"moov")]
    _check_mp4_tracks(data, moov)
    fragmented = b"moof" in top or _child(moov, b"mvex") is not None

    # (end of a box, bytes it loses): removed boxes, and sample descriptions rebuilt smaller.
    removed = [(b.end, b.end - b.start) for b in _walk(boxes) if not b.keep]
    sample_descriptions = {}
    for stsd in (b for b in _walk(boxes) if b.kind == b"stsd" and b.keep):
        body = _rebuild_sample_description(data, stsd)
        sample_descriptions[stsd.start] = body
        removed.append((stsd.end, stsd.end - stsd.body - len(body)))
    mdats = [(b.body, b.end) for b in boxes if b.kind == b"mdat"]

    def removed_before(offset: int) -> int:
        return sum(size for end, size in removed if end <= offset)

    def chunk_offsets(box: _Box, body: bytes) -> bytes:
        # Every chunk must lie in an mdat box; it moves by the bytes removed before it.
        wide = box.kind == b"co64"
        count = _u32be(body, 4)
        step = 8 if wide else 4
        if 8 + count * step > len(body):
            raise _Corrupt
        fmt = ">Q" if wide else ">I"
        out = bytearray(body)
        for i in range(count):
            at = 8 + i * step
            offset = struct.unpack_from(fmt, body, at)[0]
            if not any(start <= offset < end for start, end in mdats):
                raise _Corrupt
            struct.pack_into(fmt, out, at, offset - (0 if fragmented else removed_before(offset)))
        return bytes(out)

    def write(box: _Box) -> bytes:
        if not box.keep:
            if not fragmented:
                return b""
            # Fragment offsets are absolute: keep every size, but as an empty "free" box.
            return _box_header(b"free", box.end - box.start, box.header) + bytes(box.end - box.body)
        if box.kind in _MP4_CONTAINERS:
            content = b"".join(write(child) for child in box.children)
            content += bytes(box.end - box.body - _children_span(box))  # closing zero bytes
            return _box_header(box.kind, box.header + len(content), box.header) + content
        if box.kind == b"stsd":
            body = sample_descriptions[box.start]
            rebuilt = _box_header(b"stsd", box.header + len(body), box.header) + body
            shrink = box.end - box.start - len(rebuilt)
            if fragmented and shrink:
                # Fragment offsets are absolute: the bytes dropped become an empty "free" box
                # after it.
                if shrink < 8:
                    raise _Corrupt
                return rebuilt + _box_header(b"free", shrink, 8) + bytes(shrink - 8)
            return rebuilt
        if box.kind in (b"stco", b"co64"):
            body = chunk_offsets(box, data[box.body : box.end])
        elif box.kind == b"mdat":
            body = data[box.body : box.end]
        else:
            body = _patch_mp4_leaf(data, box)
        header = data[box.start : box.body]  # unchanged (also keeps a size of 0 for mdat)
        return header + body

    duration = _fragments_duration(data, boxes, moov) if fragmented else None
    return b"".join(write(box) for box in boxes), duration


def _children_span(box: _Box) -> int:
    """Bytes of ``box``'s body covered by its children (the rest is closing zero bytes)."""
    if not box.children:
        return 0
    return box.children[-1].end - box.body


# --- Ogg (Vorbis, Opus) ---------------------------------------------------------------------------

_BITSWAP = bytes(int(f"{i:08b}"[::-1], 2) for i in range(256))


def _ogg_crc(page: bytes) -> bytes:
    """The CRC field of an Ogg page (CRC-32, polynomial 0x04c11db7, unreflected), computed
    with zlib on bit-reversed bytes."""
    crc = (~zlib.crc32(page.translate(_BITSWAP), 0xFFFFFFFF)) & 0xFFFFFFFF
    return struct.pack(">I", crc).translate(_BITSWAP)


@dataclass
class _OggPage:
    flags: int  # 1: continues a packet, 2: first page (BOS), 4: last page (EOS)
    granule: int
    serial: int
    sequence: int
    lacing: bytes
    body: bytes

    def packets(self) -> list[tuple[bytes, bool]]:
        """(data, complete) for each packet piece on this page."""
        out: list[tuple[bytes, bool]] = []
        pos = size = 0
        for value in self.lacing:
            size += value
            if value < 255:
                out.append((self.body[pos : pos + size], True))
                pos, size = pos + size, 0
        if size:
            out.append((self.body[pos : pos + size], False))
        return out

    def write(self) -> bytes:
        header = struct.pack(
            "<4sBBqIIIB",
            b"OggS",
            0,
            self.flags,
            self.granule,
            self.serial,
            self.sequence,
            0,
            len(self.lacing),
        )
        page = header + self.lacing + self.body
        return page[:22] + _ogg_crc(page) + page[26:]


def _read_ogg_pages(data: bytes) -> list[_OggPage]:
    pos = _skip_id3v2(data)  # some taggers put an ID3 tag in front: dropped
    pages: list[_OggPage] = []
    while pos < len(data):
        if data[pos : pos + 4] != b"OggS":
            if pages and pages[-1].flags & 4:
                break  # after the last page (an ID3v1 or APE tag, say): dropped
            raise _Corrupt
        if pos + 27 > len(data):
            raise _Corrupt
        _magic, version, flags, granule, serial, sequence, _crc, count = struct.unpack_from(
            "<4sBBqIIIB", data, pos
        )
        lacing = data[pos + 27 : pos + 27 + count]
        size = sum(lacing)
        end = pos + 27 + count + size
        if version != 0 or len(lacing) != count or end > len(data):
            raise _Corrupt
        page = _OggPage(flags, granule, serial, sequence, lacing, data[pos + 27 + count : end])
        if page.write() != data[pos:end]:
            raise _Corrupt  # wrong checksum
        pages.append(page)
        pos = end
    return pages


def _ogg_packets(pages: list[_OggPage]) -> list[tuple[bytes, int]]:
    """Complete packets and the index of the page on which each ends."""
    packets: list[tuple[bytes, int]] = []
    partial = b""
    for index, page in enumerate(pages):
        if bool(page.flags & 1) != bool(partial):
            raise _Corrupt  # a continuation flag that does not match the previous page
        for piece, complete in page.packets():
            partial += piece
            if complete:
                packets.append((partial, index))
                partial = b""
    if partial:
        raise _Corrupt
    return packets


def _paginate(packets: list[bytes], serial: int, first_sequence: int) -> list[_OggPage]:
    """Pages for header packets, starting on a fresh page, with granule position 0."""
    laid_out: list[tuple[bytes, bytes]] = []
    lacing, body = bytearray(), bytearray()
    for packet in packets:
        offset = 0
        for value in [255] * (len(packet) // 255) + [len(packet) % 255]:
            if len(lacing) == 255:
                laid_out.append((bytes(lacing), bytes(body)))
                lacing, body = bytearray(), bytearray()
            lacing.append(value)
            body += packet[offset : offset + value]
            offset += value
    laid_out.append((bytes(lacing), bytes(body)))
    pages = []
    continued = False
    for i, (lacing_values, page_body) in enumerate(laid_out):
        # A page on which no packet ends has granule position -1.
        granule = 0 if any(v < 255 for v in lacing_values) else -1
        flags = 1 if continued else 0
        pages.append(_OggPage(flags, granule, serial, first_sequence + i, lacing_values, page_body))
        continued = lacing_values[-1] == 255
    return pages


_EMPTY_VORBIS_COMMENT = b"\x03vorbis" + bytes(8) + b"\x01"  # vendor "", no comments, framing
_EMPTY_OPUS_TAGS = b"OpusTags" + bytes(8)  # vendor "", no comments


def _clean_ogg(data: bytes) -> tuple[bytes, AudioFormat]:
    pages = _read_ogg_pages(data)
    if not pages or not pages[0].flags & 2:
        raise _Corrupt
    serial = pages[0].serial
    first = pages[0].packets()
    if len(pages[0].lacing) == 0 or not first:
        raise _Corrupt
    head = first[0][0]
    if head.startswith(b"\x80theora"):
        raise ValidationError(MESSAGES["video"], code="video")
    if any(p.serial != serial or (i and p.flags & 2) for i, p in enumerate(pages)):
        # Another stream inside (video, a skeleton) or recordings chained one after another.
        if any(p.packets() and p.packets()[0][0].startswith(b"\x80theora") for p in pages):
            raise ValidationError(MESSAGES["video"], code="video")
        raise _error("several_streams")
    if head.startswith(b"\x01vorbis"):
        audio_format, header_count, new_comment = OGG_VORBIS, 3, _EMPTY_VORBIS_COMMENT
    elif head.startswith(b"OpusHead"):
        audio_format, header_count, new_comment = OGG_OPUS, 2, _EMPTY_OPUS_TAGS
    else:
        labels = {b"\x7fFLAC": "FLAC (Ogg)", b"Speex   ": "Speex"}
        label = next((v for k, v in labels.items() if head.startswith(k)), "Ogg")
        raise _error("unsupported_format", format=label)
    if not pages[-1].flags & 4:
        raise _Corrupt  # no last page: cut off
    if any(p.flags & 4 for p in pages[:-1]):
        raise _error("several_streams")  # recordings chained one after another
    for i, page in enumerate(pages):
        if page.sequence != pages[0].sequence + i:
            raise _Corrupt  # a page is missing

    packets = _ogg_packets(pages)
    if len(packets) <= header_count:
        raise _error("no_sound")
    headers = [packet for packet, _ in packets[:header_count]]
    comment_prefix = new_comment[:7] if audio_format is OGG_VORBIS else new_comment[:8]
    if not headers[1].startswith(comment_prefix):
        raise _Corrupt
    last_header_page = packets[header_count - 1][1]
    # The sound must start on a fresh page (both specifications require it).
    if packets[header_count][1] == last_header_page or pages[last_header_page].lacing[-1] == 255:
        raise _Corrupt
    if packets[0][1] != 0 or len(pages[0].packets()) != 1:
        raise _Corrupt
    headers[1] = new_comment
    out = _paginate(headers[:1], serial, 0)
    out[0].flags = 2
    out += _paginate(headers[1:], serial, len(out))
    for page in pages[last_header_page + 1 :]:
        out.append(_OggPage(page.flags & 5, page.granule, serial, len(out), page.lacing, page.body))
    out[-1].flags |= 4
    return b"".join(page.write() for page in out), audio_format


# --- WAV ------------------------------------------------------------------------------------------

_WAVE_PCM, _WAVE_FLOAT, _WAVE_EXTENSIBLE = 1, 3, 0xFFFE
# Sub-format GUIDs of WAVE_FORMAT_EXTENSIBLE: PCM and IEEE float.
_WAVE_SUBFORMATS = {
    bytes.fromhex("0100000000001000800000aa00389b71"),
    bytes.fromhex("0300000000001000800000aa00389b71"),
}


def _clean_wav(data: bytes) -> bytes:
    if len(data) < 12:
        raise _Corrupt
    end = min(len(data), 8 + struct.unpack_from("<I", data, 4)[0])
    pos = 12
    fmt = payload = None
    while pos + 8 <= end:
        chunk_id = data[pos : pos + 4]
        size = struct.unpack_from("<I", data, pos + 4)[0]
        body = data[pos + 8 : pos + 8 + size]
        if len(body) < size:
            raise _Corrupt  # cut off
        if chunk_id == b"fmt ":
            fmt = body
        elif chunk_id == b"data" and fmt is not None and payload is None:
            payload = body
        pos += 8 + size + (size & 1)
    if fmt is None or payload is None or len(fmt) < 16:
        raise _Corrupt
    tag, channels, rate, _byte_rate, block_align, bits = struct.unpack_from("<HHIIHH", fmt)
    if tag == _WAVE_EXTENSIBLE:
        if len(fmt) < 40 or fmt[24:40] not in _WAVE_SUBFORMATS:
            raise _error("unsupported_format", format="WAV (compressed)")
    elif tag not in (_WAVE_PCM, _WAVE_FLOAT):
        raise _error("unsupported_format", format="WAV (compressed)")
    if not (0 < channels <= 8 and 0 < rate <= 384_000 and bits in (8, 16, 24, 32)):
        raise _Corrupt
    if block_align != channels * bits // 8:
        raise _Corrupt
    if not payload:
        raise _error("no_sound")
    payload = payload[: len(payload) - len(payload) % block_align]
    # Only the fields that describe the sound (an over-long chunk may carry anything).
    extensible = tag == _WAVE_EXTENSIBLE
    fmt = fmt[:16] + struct.pack("<H", 22) + fmt[18:40] if extensible else fmt[:16]
    fmt_chunk = b"fmt " + struct.pack("<I", len(fmt)) + fmt
    data_chunk = b"data" + struct.pack("<I", len(payload)) + payload + b"\x00" * (len(payload) & 1)
    return (
        b"RIFF"
        + struct.pack("<I", 4 + len(fmt_chunk) + len(data_chunk))
        + b"WAVE"
        + (fmt_chunk + data_chunk)
    )


# --- checking the result with mutagen -------------------------------------------------------------


def _verify(data: bytes, audio_format: AudioFormat, duration: float | None = None) -> float:
    """Open the clean copy with mutagen: it must be the expected format, without tags.

    Returns the duration in seconds: mutagen's, or ``duration`` if given (mutagen reads the
    duration of fragmented MP4 files as 0).
    """
    from mutagen.mp3 import MP3 as MutagenMP3
    from mutagen.mp4 import MP4 as MutagenMP4
    from mutagen.oggopus import OggOpus
    from mutagen.oggvorbis import OggVorbis
    from mutagen.wave import WAVE

    kinds = {
        MP3.key: MutagenMP3,
        M4A.key: MutagenMP4,
        OGG_VORBIS.key: OggVorbis,
        OGG_OPUS.key: OggOpus,
        WAV.key: WAVE,
    }
    try:
        audio = kinds[audio_format.key](io.BytesIO(data))
    except Exception:
        raise _Corrupt from None
    tags = audio.tags
    if audio_format in (OGG_VORBIS, OGG_OPUS):
        leftover = len(tags) or tags.vendor
    else:
        leftover = tags is not None and len(tags) > 0
    if leftover:
        # Cannot happen with the code above: refuse rather than store a tag.
        logger.error("Tags survived sanitising an uploaded %s file", audio_format.label)
        raise _Corrupt
    if audio_format is M4A and not str(audio.info.codec).startswith("mp4a"):
        raise _Corrupt
    if duration is None:
        duration = float(audio.info.length or 0)
    if duration <= 0:
        raise _error("no_sound")
    return duration


# --- the entry point ------------------------------------------------------------------------------


def sanitise_audio(uploaded: IO[bytes] | Any, name: str | None = None) -> SanitisedAudioFile:
    """Validate an uploaded sound recording and return a tag-free copy with a random name.

    ``uploaded`` is any binary file-like object (Django ``UploadedFile``, ``File``, ``BytesIO``);
    ``name`` defaults to its ``name``. Raises ``ValidationError`` when the extension is not
    accepted, the file is too big, the content is not an MP3, M4A (AAC), Ogg Vorbis/Opus or PCM
    WAV recording, does not match the extension, contains video or several streams, or is
    corrupt or cut off.
    """
    name = name if name is not None else getattr(uploaded, "name", "") or ""
    extension = os.path.splitext(os.path.basename(name))[1].lower().lstrip(".")
    claimed = EXTENSION_CONTAINERS.get(extension)
    if claimed is None:
        raise _error(
            "unsupported_extension",
            extension=f".{extension}" if extension else _("(no extension)"),
        )

    data = _read_all(uploaded)
    detected = _detect(data)
    if detected.video:
        raise _error("video")
    if detected.other:
        raise _error("unsupported_format", format=detected.other)
    if detected.container is None:
        raise _error("not_audio")
    if detected.container != claimed:
        raise _error(
            "extension_mismatch",
            extension=extension,
            format=CONTAINER_LABELS[detected.container],
            expected=CONTAINER_EXTENSIONS[detected.container],
            claimed=CONTAINER_LABELS[claimed],
        )

    try:
        known_duration = None
        if detected.container == CONTAINER_MP3:
            content, audio_format = _clean_mp3(data), MP3
        elif detected.container == CONTAINER_MP4:
            (content, known_duration), audio_format = _clean_mp4(data), M4A
        elif detected.container == CONTAINER_OGG:
            content, audio_format = _clean_ogg(data)
        else:
            content, audio_format = _clean_wav(data), WAV
        duration = _verify(content, audio_format, known_duration)
    except _Corrupt:
        raise _error("corrupt") from None
    except ValidationError:
        raise
    except Exception:
        # Any other parsing failure (struct.error, IndexError...): refuse, log no file name.
        logger.warning("Could not read an uploaded %s file", claimed, exc_info=True)
        raise _error("corrupt") from None

    return SanitisedAudioFile(
        content, name=random_file_name(audio_format), audio_format=audio_format, duration=duration
    )
