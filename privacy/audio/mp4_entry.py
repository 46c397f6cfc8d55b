"""Rebuild an M4A file's sample description (``stsd``) from the fields an AAC decoder needs.

Guarantee: the ``stsd`` box written by privacy/audio/sanitise.py holds, for each sample
entry, only

* the fixed ``mp4a`` AudioSampleEntry fields of ISO 14496-12 (version 0): data reference
  index, channel count, sample size and sample rate; every reserved byte, the QuickTime
  version, revision, vendor code, compression id and packet size are zero, and the extra
  fields of a QuickTime version 1 or 2 sound description are dropped (version 2's real
  channel count and sample rate are moved into the fixed fields);
* an ``esds`` box rebuilt from its numbers: ES id and priority, object type, stream type,
  buffer size, bit rates, the AudioSpecificConfig bits a decoder reads (nothing after them),
  and the predefined SL config;
* a ``btrt`` box (three numbers) when the upload had one.

Everything else an encoder, a tagger or a hostile file puts there is dropped: child boxes such
as ``udta``, ``free``, ``chan``, a QuickTime ``wave`` wrapper (its ``esds`` is lifted out),
unknown boxes, the ES descriptor's URL string, IPMP, language and other descriptors, and bytes
after any of these. Allowlist, not denylist: what is not listed here is not written.
"""

from __future__ import annotations

import struct
from collections.abc import Callable

from django.core.exceptions import ValidationError

# Bytes after the 8-byte box header: reserved(6) + data reference index(2) + version(2) +
# revision(2) + vendor(4) + channels(2) + sample size(2) + compression id(2) + packet size(2) +
# sample rate(4).
_ENTRY_FIXED = 28
# QuickTime sound description version -> numeric fields that follow the fixed ones.
_VERSION_EXTRA = {0: 0, 1: 16, 2: 36}
# MPEG-4 audio, and MPEG-2 AAC Main / LC / SSR: their decoder config is an AudioSpecificConfig.
_AAC_OBJECT_TYPES = {0x40, 0x66, 0x67, 0x68}
# Audio object types whose config is a GASpecificConfig (AAC and its error-resilient kinds).
_GA_OBJECT_TYPES = {1, 2, 3, 4, 6, 7, 17, 19, 20, 21, 22, 23}
_ER_OBJECT_TYPES = {17, 19, 20, 21, 22, 23}
_SBR, _PS = 5, 29
_MAX_CONFIG = 64  # bytes; real AAC configs are 2 to 7


class EntryError(Exception):
    """The sample entry cannot be read (turned into the "corrupt" message by the caller)."""


def _u16(data: bytes, pos: int) -> int:
    if pos + 2 > len(data):
        raise EntryError
    return struct.unpack_from(">H", data, pos)[0]


def _u32(data: bytes, pos: int) -> int:
    if pos + 4 > len(data):
        raise EntryError
    return struct.unpack_from(">I", data, pos)[0]


def _child_boxes(data: bytes, start: int, end: int) -> list[tuple[bytes, int, int]]:
    """(kind, body start, end) of the boxes in ``data[start:end]``; closing zero bytes allowed."""
    boxes = []
    pos = start
    while pos < end:
        if end - pos < 8:
            if any(data[pos:end]):
                raise EntryError
            break
        size, kind = struct.unpack_from(">I4s", data, pos)
        if size < 8 or pos + size > end:
            raise EntryError
        boxes.append((kind, pos + 8, pos + size))
        pos += size
    return boxes


def _box(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I4s", 8 + len(body), kind) + body


def _descriptor(tag: int, body: bytes, width: int) -> bytes:
    # Lengths as wide as the upload wrote them (ffmpeg and Apple: four bytes), so that a clean
    # file keeps its size and its fragments' offsets.
    size = len(body)
    if size >= 1 << 28:
        raise EntryError
    while size >= 1 << 7 * width:
        width += 1
    length = [0x80 | (size >> 7 * shift) & 0x7F for shift in range(width - 1, 0, -1)]
    return bytes([tag, *length, size & 0x7F]) + body


def _length_width(data: bytes, pos: int) -> int:
    """How many length bytes the descriptor at ``pos`` uses."""
    width = 1
    while data[pos + width] & 0x80 and width < 4:
        width += 1
    return width


def _read_descriptor(data: bytes, pos: int, end: int) -> tuple[int, int, int]:
    """(tag, body start, body end) of the descriptor at ``pos``."""
    if pos >= end:
        raise EntryError
    tag = data[pos]
    size = 0
    pos += 1
    for _ in range(4):
        if pos >= end:
            raise EntryError
        byte = data[pos]
        pos += 1
        size = size << 7 | byte & 0x7F
        if not byte & 0x80:
            break
    else:
        raise EntryError
    if pos + size > end:
        raise EntryError
    return tag, pos, pos + size


def _sub_descriptors(data: bytes, pos: int, end: int) -> dict[int, tuple[int, int]]:
    found: dict[int, tuple[int, int]] = {}
    while pos < end:
        tag, body, body_end = _read_descriptor(data, pos, end)
        found.setdefault(tag, (body, body_end))
        pos = body_end
    return found


class _Bits:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    @property
    def left(self) -> int:
        return len(self.data) * 8 - self.pos

    def read(self, count: int) -> int:
        if count > self.left:
            raise EntryError
        value = 0
        for _ in range(count):
            byte = self.data[self.pos >> 3]
            value = value << 1 | (byte >> (7 - (self.pos & 7))) & 1
            self.pos += 1
        return value

    def peek(self, count: int) -> int:
        at = self.pos
        value = self.read(count)
        self.pos = at
        return value


def _object_type(bits: _Bits) -> int:
    kind = bits.read(5)
    return 32 + bits.read(6) if kind == 31 else kind


def _frequency(bits: _Bits) -> None:
    if bits.read(4) == 0xF:
        bits.read(24)


def audio_specific_config(config: bytes, unsupported: Callable[[str], ValidationError]) -> bytes:
    """The bits of an AudioSpecificConfig a decoder reads (ISO 14496-3 1.6.2.1), and nothing
    after them: the last byte's spare bits are zeroed, any further bytes dropped."""
    if not config or len(config) > _MAX_CONFIG:
        raise EntryError
    bits = _Bits(config)
    first = kind = _object_type(bits)
    _frequency(bits)
    channels = bits.read(4)
    if kind in (_SBR, _PS):
        _frequency(bits)  # the extension's sampling frequency
        kind = _object_type(bits)
    if kind not in _GA_OBJECT_TYPES:
        raise unsupported(f"AAC (object type {kind})")
    if channels == 0:
        # A program config element, which may carry a free-text comment.
        raise unsupported("AAC (custom channel layout)")
    bits.read(1)  # frame length
    if bits.read(1):  # depends on a core coder
        bits.read(14)
    extension = bits.read(1)
    if kind in (6, 20):
        bits.read(3)
    if extension:
        if kind == 22:
            bits.read(16)
        if kind in (17, 19, 20, 23):
            bits.read(3)
        bits.read(1)
    if kind in _ER_OBJECT_TYPES and bits.read(2) in (2, 3):
        raise unsupported("AAC (error protection)")
    # Backward-compatible signalling of SBR and PS (HE-AAC v1/v2) after the config.
    if first not in (_SBR, _PS) and bits.left >= 16 and bits.peek(11) == 0x2B7:
        bits.read(11)
        extension_kind = _object_type(bits)
        if extension_kind == _SBR:
            if bits.read(1):
                _frequency(bits)
                if bits.left >= 12 and bits.peek(11) == 0x548:
                    bits.read(12)
        elif extension_kind == 22:
            if bits.read(1):
                _frequency(bits)
            bits.read(4)
    used = (bits.pos + 7) // 8
    out = bytearray(config[:used])
    spare = used * 8 - bits.pos
    if spare:
        out[-1] &= 0xFF << spare & 0xFF
    return bytes(out)


def _rebuild_esds(
    data: bytes, start: int, end: int, unsupported: Callable[[str], ValidationError]
) -> bytes:
    if end - start < 4 or data[start] != 0:
        raise EntryError
    tag, body, body_end = _read_descriptor(data, start + 4, end)
    if tag != 0x03 or body_end - body < 3:
        raise EntryError
    width = _length_width(data, start + 4)
    es_id = _u16(data, body)
    flags = data[body + 2]
    pos = body + 3
    if flags & 0x80:  # depends on another stream
        pos += 2
    if flags & 0x40:  # a URL string: dropped
        if pos >= body_end:
            raise EntryError
        pos += 1 + data[pos]
    if flags & 0x20:  # OCR stream id
        pos += 2
    if pos > body_end:
        raise EntryError
    found = _sub_descriptors(data, pos, body_end)
    if 0x04 not in found:
        raise EntryError
    config, config_end = found[0x04]
    if config_end - config < 13:
        raise EntryError
    object_type = data[config]
    if object_type not in _AAC_OBJECT_TYPES:
        raise unsupported("MP4")
    decoder_fields = data[config : config + 13]
    specific = _sub_descriptors(data, config + 13, config_end)
    if 0x05 not in specific:
        raise EntryError
    asc_start, asc_end = specific[0x05]
    asc = audio_specific_config(data[asc_start:asc_end], unsupported)
    decoder = _descriptor(0x04, decoder_fields + _descriptor(0x05, asc, width), width)
    # Stream priority kept; no dependency, URL or OCR stream. SL config: predefined "MP4".
    es = struct.pack(">HB", es_id, flags & 0x1F) + decoder + _descriptor(0x06, b"\x02", width)
    return _box(b"esds", bytes(4) + _descriptor(0x03, es, width))


def _rebuild_entry(
    data: bytes, start: int, end: int, unsupported: Callable[[str], ValidationError]
) -> bytes:
    """One ``mp4a`` sample entry (``data[start:end]`` is its body), always written as an ISO
    version 0 AudioSampleEntry: an AAC decoder reads everything else from ``esds``."""
    if end - start < _ENTRY_FIXED:
        raise EntryError
    version = _u16(data, start + 8)
    if version not in _VERSION_EXTRA:
        raise EntryError
    fixed_end = start + _ENTRY_FIXED + _VERSION_EXTRA[version]
    if fixed_end > end:
        raise EntryError
    reference, channels, sample_size = struct.unpack_from(">H8xHH", data, start + 6)
    rate = _u32(data, start + 24)
    if version == 2:
        # QuickTime version 2 keeps placeholders here and the real values after them.
        (real_rate,) = struct.unpack_from(">d", data, start + 32)
        channels = _u32(data, start + 40)
        rate = int(real_rate) << 16 if 0 < real_rate < 65536 else 0
        channels = min(channels, 0xFFFF)
    # Reserved, version, revision, vendor, compression id and packet size: zero.
    fields = struct.pack(">6xH8xHH4xI", reference, channels, sample_size, rate)
    esds = btrt = None
    for kind, body, box_end in _child_boxes(data, fixed_end, end):
        if kind == b"esds" and esds is None:
            esds = (body, box_end)
        elif kind == b"wave" and esds is None:
            # QuickTime keeps the decoder config inside a "wave" box: lifted out of it.
            inner = [b for b in _child_boxes(data, body, box_end) if b[0] == b"esds"]
            if inner:
                esds = inner[0][1:]
        elif kind == b"btrt" and box_end - body == 12 and btrt is None:
            btrt = _box(b"btrt", data[body:box_end])
    if esds is None:
        raise EntryError
    children = _rebuild_esds(data, esds[0], esds[1], unsupported) + (btrt or b"")
    return _box(b"mp4a", fields + children)


def rebuild_stsd(
    data: bytes, start: int, end: int, unsupported: Callable[[str], ValidationError]
) -> bytes:
    """The body of a clean ``stsd`` box from the body at ``data[start:end]``.

    ``unsupported(label)`` makes the error for a recording that is not in plain AAC.
    """
    count = _u32(data, start + 4)
    if count < 1:
        raise EntryError
    entries = []
    pos = start + 8
    for _ in range(count):
        size = _u32(data, pos)
        if data[pos + 4 : pos + 8] != b"mp4a" or size < 8 or pos + size > end:
            raise EntryError
        entries.append(_rebuild_entry(data, pos + 8, pos + size, unsupported))
        pos += size
    if any(data[pos:end]):
        raise EntryError  # bytes after the entries that are not closing zeros
    return bytes(4) + struct.pack(">I", count) + b"".join(entries)
