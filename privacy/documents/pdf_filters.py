"""Unpack PDF stream data within a budget, so a decompression bomb is found before it goes off.

Used by ``sanitise`` (every stream of an upload is measured before anything else) and by
``pdf_images`` (the packing around a JPEG or JPEG 2000 photo is undone within the same kind of
budget). Image codecs (JPEG, JPEG 2000, fax, JBIG2) are not unpacked here: their output is
bounded by the picture's pixels, which are checked separately.
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib
from collections.abc import Callable

import pikepdf


class TooMuchData(Exception):
    """More bytes would be unpacked than the budget allows."""


class Budget:
    """Bytes still allowed to be unpacked, for the whole document."""

    def __init__(self, limit: int):
        self.limit = limit
        self.left = limit

    def spend(self, count: int) -> None:
        self.left -= count
        if self.left < 0:
            raise TooMuchData


def _inflate(data: bytes, budget: Budget, keep: bool) -> bytes:
    """Unpack Flate data in pieces, never more than the budget allows."""
    decompressor = zlib.decompressobj()
    out = []
    pending = data
    while pending:
        chunk = decompressor.decompress(pending, 1 << 20)
        budget.spend(len(chunk))
        if keep:
            out.append(chunk)
        pending = decompressor.unconsumed_tail
        if decompressor.eof or not chunk:
            break
    return b"".join(out)


def _ascii_hex(data: bytes, budget: Budget, keep: bool) -> bytes:
    digits = re.sub(rb"\s", b"", data.split(b">", 1)[0])
    if len(digits) % 2:
        digits += b"0"
    budget.spend(len(digits) // 2)
    return binascii.unhexlify(digits) if keep else b""


def _ascii85(data: bytes, budget: Budget, keep: bool) -> bytes:
    text = re.sub(rb"\s", b"", data)
    text = text.removeprefix(b"<~").split(b"~>", 1)[0]
    budget.spend(len(text) * 4)  # "z" stands for four bytes: the most it can unpack to
    return base64.a85decode(text) if keep else b""


def _run_length(data: bytes, budget: Budget, keep: bool) -> bytes:
    out = bytearray()
    pos = 0
    while pos < len(data):
        length = data[pos]
        if length == 128:
            break
        if length < 128:
            piece = data[pos + 1 : pos + 2 + length]
            pos += 2 + length
        else:
            piece = data[pos + 1 : pos + 2] * (257 - length)
            pos += 2
        budget.spend(len(piece))
        if keep:
            out += piece
    return bytes(out)


DECODERS: dict[str, Callable[[bytes, Budget, bool], bytes]] = {
    "/FlateDecode": _inflate,
    "/Fl": _inflate,
    "/ASCIIHexDecode": _ascii_hex,
    "/AHx": _ascii_hex,
    "/ASCII85Decode": _ascii85,
    "/A85": _ascii85,
    "/RunLengthDecode": _run_length,
    "/RL": _run_length,
}
# Image codecs: their output size is bounded by the picture's pixels, checked separately.
IMAGE_CODECS = {"/DCTDecode", "/DCT", "/JPXDecode", "/CCITTFaxDecode", "/CCF", "/JBIG2Decode"}
# LZW is rare in modern files: unpacked by qpdf, only for streams small enough that even the
# best-compressed LZW data (about 1:1400) stays within the budget.
_LZW = {"/LZWDecode", "/LZW"}
_LZW_MAX_RATIO = 1500


def filters(stream: pikepdf.Object) -> list[str]:
    """The names of the stream's filters, outermost first."""
    value = stream.get("/Filter")
    if value is None:
        return []
    if isinstance(value, pikepdf.Array):
        return [str(item) for item in value]
    return [str(value)]


def check_stream_size(stream: pikepdf.Object, budget: Budget) -> None:
    """Spend what the stream unpacks to (raises ``TooMuchData`` past the budget)."""
    names = filters(stream)
    data = stream.read_raw_bytes()
    for index, name in enumerate(names):
        last = index == len(names) - 1
        if name in IMAGE_CODECS:
            return
        if name in _LZW:
            if len(data) * _LZW_MAX_RATIO > budget.left:
                raise TooMuchData
            data = stream.read_bytes()
            budget.spend(len(data))
            return
        decoder = DECODERS.get(name)
        if decoder is None:
            return  # an unknown filter: no reader can unpack it either
        try:
            data = decoder(data, budget, not last)
        except TooMuchData:
            raise
        except Exception:
            return  # broken compressed data unpacks to nothing in readers


def unpack(data: bytes, names: list[str], budget: Budget) -> bytes:
    """``data`` with the general-purpose filters ``names`` undone (ValueError if one is not)."""
    for name in names:
        decoder = DECODERS.get(name)
        if decoder is None:
            raise ValueError(name)
        data = decoder(data, budget, True)
    return data
