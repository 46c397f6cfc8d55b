"""Check an uploaded PDF and write a new copy without metadata, scripts or attachments.

Why: PDFs name people. The Info dictionary holds Author, Creator, Producer, Title, Subject,
Keywords and dates; the XMP stream repeats them (and often the author's login); comments carry
their author's name; photos pasted into a PDF keep their EXIF (GPS, camera serial number). A
staff member's name on a form downloaded from this site is real harm (DESIGN.md, safety rule 1).
PDFs can also run JavaScript, launch programs and carry whole files as attachments.

What is done, in order (nothing is stored unless every step passes):

1. Only names ending in ``.pdf``; at most ``WAGTAILDOCS_MAX_UPLOAD_SIZE`` bytes, refused
   before anything else is read.
2. The bytes must start with ``%PDF-``; HTML, SVG, ZIP (Word, Excel) or image files renamed to
   ``.pdf`` are named for what they are. A file that is also a web page or a ZIP archive (a
   "polyglot", e.g. data after the last ``%%EOF``) is refused.
3. qpdf (through pikepdf) must open it without repairing it: truncated or damaged files are
   refused, and so are encrypted or password-protected ones (they cannot be checked).
4. Decompression bombs: every stream is unpacked with a budget (``PRIVACY_PDF_MAX_UNPACKED_SIZE``)
   and images may have at most ``PRIVACY_PDF_MAX_IMAGE_PIXELS`` pixels.
5. Removed: the Info dictionary and the file identifier; XMP (``/Metadata``) and application
   data (``/PieceInfo``) on every object; ``/OpenAction``, ``/AA`` and JavaScript, launch,
   import and submit actions everywhere; embedded and associated files (``/EmbeddedFiles``,
   ``/AF``, file-attachment, sound, movie and rich-media annotations); XFA forms; the author
   and dates of comments; EXIF, XMP, IPTC and comment segments of JPEG images; XML, UUID
   (EXIF, XMP), label and other non-picture boxes and comments of JPEG 2000 images.
6. qpdf writes a new file containing only the objects the document uses (earlier revisions,
   orphaned objects and anything after ``%%EOF`` are left behind), with a file identifier
   computed from the content, so the same upload always gives the same bytes.

Visible content (text, pictures, form fields) is kept as it is.
"""

from __future__ import annotations

import base64
import binascii
import io
import logging
import re
import secrets
import zlib
from collections.abc import Callable, Iterator
from typing import IO, Any

import pikepdf
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from .uploads import read_bounded

logger = logging.getLogger(__name__)

DEFAULT_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
DEFAULT_MAX_UNPACKED_SIZE = 300 * 1024 * 1024
# An A4 page scanned at 1200 dpi is about 140 million pixels; 600 dpi about 35 million.
DEFAULT_MAX_IMAGE_PIXELS = 150_000_000

MESSAGES = {
    "unsupported_extension": _(
        "Files ending in “%(extension)s” are not accepted. Upload a PDF file."
    ),
    # Same text as for images and recordings, so it is translated once.
    "too_large": _("This file is too big (%(size)s). The largest file accepted is %(max_size)s."),
    "not_a_pdf": _(
        "This file is not a PDF, or it is too damaged to open. Upload a PDF file (in the "
        "program that made it, choose “Save as PDF” or “Print to PDF”)."
    ),
    "disguised": _(
        "This file is named “.pdf” but it is really %(format)s. Upload a PDF file (in the "
        "program that made it, choose “Save as PDF” or “Print to PDF”)."
    ),
    "polyglot": _(
        "This PDF has something else hidden inside it (%(what)s), so it cannot be accepted. "
        "Open it, choose “Print to PDF” to make a clean copy, and upload that."
    ),
    "encrypted": _(
        "This PDF is protected by a password or encryption, so it cannot be checked. Remove "
        "the protection (or choose “Print to PDF” to make a copy) and upload it again."
    ),
    "corrupt": _(
        "This PDF is damaged or incomplete (perhaps the upload was cut off) and cannot be "
        "read. Save it again and upload the new copy."
    ),
    "too_much_data": _(
        "This PDF unpacks to more than %(max_size)s of data, too much to be checked safely. "
        "Make it smaller (for example, scan at a lower resolution) and upload it again."
    ),
    "too_many_pixels": _(
        "This PDF contains a picture with too many pixels to be checked safely (%(pixels)s; "
        "the limit is %(max_pixels)s). Make it smaller and upload it again."
    ),
    "no_pages": _("This PDF has no pages."),
}

# What files renamed to ".pdf" really are: (pattern at the start of the file, description).
_DISGUISES: list[tuple[re.Pattern[bytes], Any]] = [
    (re.compile(rb"PK\x03\x04|PK\x05\x06"), _("a ZIP archive (or a Word, Excel or similar file)")),
    (re.compile(rb"\s*<\?xml[^>]*>\s*(<!--.*?-->\s*)*<svg", re.I | re.S), _("an SVG drawing")),
    (re.compile(rb"\s*<svg", re.I), _("an SVG drawing")),
    (
        re.compile(rb"\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|script)", re.I | re.S),
        _("a web page (HTML)"),
    ),
    (re.compile(rb"\xff\xd8\xff|\x89PNG|GIF8|RIFF....WEBP", re.S), _("a picture")),
    (re.compile(rb"\xd0\xcf\x11\xe0"), _("an old Word or Excel file")),
    (re.compile(rb"\{\\rtf"), _("an RTF document")),
]
# Web-page code a browser would run if the file were ever shown as HTML.
_HTML_INSIDE = re.compile(
    rb"<\s*(?:!doctype\s+html|html[\s>]|script[\s>/]|iframe[\s>/]|body[\s>]|svg[\s>]"
    rb"|meta\s+http-equiv|object[\s>]|embed[\s>])",
    re.I,
)
_ZIP_END = b"PK\x05\x06"  # a ZIP reader looks for this record in the last 64 KB

# Action types that run code, open other files or send data somewhere.
_DANGEROUS_ACTIONS = {
    "/JavaScript",
    "/Launch",
    "/ImportData",
    "/SubmitForm",
    "/GoToE",
    "/GoToR",
    "/RichMediaExecute",
    "/Rendition",
    "/Sound",
    "/Movie",
}
# Annotations that embed files, sound, video or 3D content (which can carry scripts).
_EMBEDDING_ANNOTATIONS = {"/FileAttachment", "/Sound", "/Movie", "/Screen", "/RichMedia", "/3D"}
# Keys removed from every dictionary: metadata, private application data, associated files,
# automatic actions.
_REMOVED_KEYS = ("/Metadata", "/PieceInfo", "/AF", "/AA", "/LastModified")
# Keys of the catalogue removed too.
# (/Perms: signature permissions, which refer to the removed signatures.)
_REMOVED_CATALOG_KEYS = ("/OpenAction", "/Collection", "/SpiderInfo", "/Threads", "/Perms")
# Author and dates of comments (the /T of a form field is its name and stays).
_COMMENT_KEYS = ("/T", "/M", "/CreationDate")
# JPEG segments kept: JFIF (APP0), the ICC colour profile (APP2) and Adobe colour (APP14).
_JPEG_KEPT_APP = {0xE0: b"JFIF", 0xE2: b"ICC_PROFILE", 0xEE: b"Adobe"}
# JPEG 2000 (JP2/JPX) top-level boxes kept: signature, file type, reader requirements, header
# (size, colours), the picture itself and its index, and the JPX header/fragment tables. Dropped:
# "xml " and "uuid" (XMP, EXIF with GPS), "uinf" (links), "asoc"/"lbl " (labels, XML), anything
# else.
_JP2_SIGNATURE = b"\x00\x00\x00\x0cjP  \r\n\x87\n"
_JP2_KEPT_BOXES = {b"jP  ", b"ftyp", b"rreq", b"jp2h", b"jp2c", b"jp2i", b"jpch", b"jplh",
                   b"cgrp", b"ftbl", b"dtbl"}  # fmt: skip
_J2K_START = b"\xff\x4f\xff\x51"  # SOC then SIZ: a bare JPEG 2000 codestream


def _error(code: str, **params: Any) -> ValidationError:
    return ValidationError(MESSAGES[code], code=code, params=params or None)


class SanitisedPdfFile(ContentFile):
    """Bytes produced by :func:`sanitise_pdf`: safe to store as they are."""

    def __init__(self, content: bytes, name: str, pages: int):
        super().__init__(content, name=name)
        self.pages = pages
        self.content_type = "application/pdf"

    @property
    def data(self) -> bytes:
        return self.file.getvalue()


def random_file_name() -> str:
    """A name that says nothing about the upload: 32 random hex digits."""
    return f"{secrets.token_hex(16)}.pdf"


def max_upload_size() -> int:
    return getattr(settings, "WAGTAILDOCS_MAX_UPLOAD_SIZE", None) or DEFAULT_MAX_UPLOAD_SIZE


def _max_unpacked_size() -> int:
    return getattr(settings, "PRIVACY_PDF_MAX_UNPACKED_SIZE", DEFAULT_MAX_UNPACKED_SIZE)


def _max_image_pixels() -> int:
    return getattr(settings, "PRIVACY_PDF_MAX_IMAGE_PIXELS", DEFAULT_MAX_IMAGE_PIXELS)


# --- 1-2: name, size, what the bytes really are ----------------------------------------------


def _check_bytes(data: bytes) -> None:
    if not data.startswith(b"%PDF-"):
        for pattern, description in _DISGUISES:
            if pattern.match(data):
                raise _error("disguised", format=description)
        raise _error("not_a_pdf")
    if _HTML_INSIDE.search(data):
        raise _error("polyglot", what=_("web page code"))
    if _ZIP_END in data[-(65_536 + 22) :]:
        raise _error("polyglot", what=_("a ZIP archive"))
    last_eof = data.rfind(b"%%EOF")
    if last_eof < 0:
        raise _error("corrupt")  # cut off before the end
    if data[last_eof + len(b"%%EOF") :].strip(b" \t\r\n\x00\x0c"):
        raise _error("polyglot", what=_("data after the end of the PDF"))


# --- 4: decompression bombs -------------------------------------------------------------------


class _TooMuchData(Exception):
    pass


class _Budget:
    """Bytes still allowed to be unpacked, for the whole document."""

    def __init__(self, limit: int):
        self.limit = limit
        self.left = limit

    def spend(self, count: int) -> None:
        self.left -= count
        if self.left < 0:
            raise _TooMuchData


def _inflate(data: bytes, budget: _Budget, keep: bool) -> bytes:
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


def _ascii_hex(data: bytes, budget: _Budget, keep: bool) -> bytes:
    digits = re.sub(rb"\s", b"", data.split(b">", 1)[0])
    if len(digits) % 2:
        digits += b"0"
    budget.spend(len(digits) // 2)
    return binascii.unhexlify(digits) if keep else b""


def _ascii85(data: bytes, budget: _Budget, keep: bool) -> bytes:
    text = re.sub(rb"\s", b"", data)
    text = text.removeprefix(b"<~").split(b"~>", 1)[0]
    budget.spend(len(text) * 4)  # "z" stands for four bytes: the most it can unpack to
    return base64.a85decode(text) if keep else b""


def _run_length(data: bytes, budget: _Budget, keep: bool) -> bytes:
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


_DECODERS: dict[str, Callable[[bytes, _Budget, bool], bytes]] = {
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
_IMAGE_CODECS = {"/DCTDecode", "/DCT", "/JPXDecode", "/CCITTFaxDecode", "/CCF", "/JBIG2Decode"}
# LZW is rare in modern files: unpacked by qpdf, only for streams small enough that even the
# best-compressed LZW data (about 1:1400) stays within the budget.
_LZW = {"/LZWDecode", "/LZW"}
_LZW_MAX_RATIO = 1500


def _filters(stream: pikepdf.Object) -> list[str]:
    value = stream.get("/Filter")
    if value is None:
        return []
    if isinstance(value, pikepdf.Array):
        return [str(item) for item in value]
    return [str(value)]


def _check_stream_size(stream: pikepdf.Object, budget: _Budget) -> None:
    filters = _filters(stream)
    data = stream.read_raw_bytes()
    for index, name in enumerate(filters):
        last = index == len(filters) - 1
        if name in _IMAGE_CODECS:
            return
        if name in _LZW:
            if len(data) * _LZW_MAX_RATIO > budget.left:
                raise _TooMuchData
            data = stream.read_bytes()
            budget.spend(len(data))
            return
        decoder = _DECODERS.get(name)
        if decoder is None:
            return  # an unknown filter: no reader can unpack it either
        try:
            data = decoder(data, budget, not last)
        except _TooMuchData:
            raise
        except Exception:
            return  # broken compressed data unpacks to nothing in readers


def _check_image_size(stream: pikepdf.Object) -> None:
    if stream.get("/Subtype") != pikepdf.Name.Image:
        return
    try:
        width = int(stream.get("/Width", 0))
        height = int(stream.get("/Height", 0))
    except (TypeError, ValueError):
        raise _error("corrupt") from None
    max_pixels = _max_image_pixels()
    if width * height > max_pixels:
        raise _error(
            "too_many_pixels",
            pixels=number_format(width * height, force_grouping=True),
            max_pixels=number_format(max_pixels, force_grouping=True),
        )


# --- 5: what is removed ------------------------------------------------------------------------


def _strip_jpeg(data: bytes) -> bytes | None:
    """The JPEG without EXIF, XMP, IPTC or comment segments; None if it is not a plain JPEG."""
    if not data.startswith(b"\xff\xd8"):
        return None
    out = bytearray(b"\xff\xd8")
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker == 0xDA:  # start of scan: the picture itself follows
            out += data[pos:]
            return bytes(out)
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        segment = data[pos : pos + 2 + length]
        if len(segment) < 2 + length:
            return None
        is_app = 0xE0 <= marker <= 0xEF
        if marker == 0xFE:
            pass  # comment: dropped
        elif is_app:
            signature = _JPEG_KEPT_APP.get(marker)
            if signature is not None and segment[4:].startswith(signature):
                out += segment
        else:
            out += segment
        pos += 2 + length
    return None


def _strip_j2k_codestream(data: bytes) -> bytes | None:
    """The codestream without the comment (COM) segments of its main header (they name the
    program and sometimes the person); None if the main header cannot be read."""
    if not data.startswith(_J2K_START):
        return None
    out = bytearray(data[:2])
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker == 0x90:  # first tile: the picture follows
            out += data[pos:]
            return bytes(out)
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        if length < 2 or pos + 2 + length > len(data):
            return None
        if marker != 0x64:  # COM: dropped
            out += data[pos : pos + 2 + length]
        pos += 2 + length
    return None


def _jp2_boxes(data: bytes) -> list[tuple[bytes, bytes]] | None:
    """(type, content) of each top-level box; None if the structure is broken."""
    boxes = []
    pos = 0
    while pos < len(data):
        if pos + 8 > len(data):
            return None
        length = int.from_bytes(data[pos : pos + 4], "big")
        kind = data[pos + 4 : pos + 8]
        header = 8
        if length == 1:  # 64-bit length follows
            if pos + 16 > len(data):
                return None
            length = int.from_bytes(data[pos + 8 : pos + 16], "big")
            header = 16
        elif length == 0:  # up to the end of the file
            length = len(data) - pos
        if length < header or pos + length > len(data):
            return None
        boxes.append((kind, data[pos + header : pos + length]))
        pos += length
    return boxes


def _strip_jp2(data: bytes) -> bytes | None:
    """A JPEG 2000 image with only the boxes a picture needs (``_JP2_KEPT_BOXES``) and no
    comments in its codestream; None if it is neither a JP2/JPX file nor a bare codestream, or
    is damaged."""
    if data.startswith(_J2K_START):
        return _strip_j2k_codestream(data)
    if not data.startswith(_JP2_SIGNATURE):
        return None
    boxes = _jp2_boxes(data)
    if boxes is None:
        return None
    out = bytearray()
    for kind, content in boxes:
        if kind not in _JP2_KEPT_BOXES:
            continue
        if kind == b"jp2c":
            content = _strip_j2k_codestream(content)
            if content is None:
                return None
        out += (8 + len(content)).to_bytes(4, "big") + kind + content
    return bytes(out)


def _is_dangerous_action(value: Any) -> bool:
    return isinstance(value, pikepdf.Dictionary) and str(value.get("/S", "")) in (
        _DANGEROUS_ACTIONS
    )


def _clean_dictionary(obj: pikepdf.Object) -> None:
    for key in _REMOVED_KEYS:
        if key in obj:
            del obj[key]
    if _is_dangerous_action(obj.get("/A")):
        del obj["/A"]
    following = obj.get("/Next")
    if _is_dangerous_action(following):
        del obj["/Next"]
    elif isinstance(following, pikepdf.Array):
        kept = [action for action in following if not _is_dangerous_action(action)]
        if len(kept) != len(following):
            obj["/Next"] = pikepdf.Array(kept)
    if "/JS" in obj:
        del obj["/JS"]
    if "/Annots" in obj and isinstance(obj["/Annots"], pikepdf.Array):
        annotations = obj["/Annots"]
        kept = [
            a
            for a in annotations
            if not (
                isinstance(a, pikepdf.Dictionary)
                and str(a.get("/Subtype", "")) in _EMBEDDING_ANNOTATIONS
            )
        ]
        if len(kept) != len(annotations):
            obj["/Annots"] = pikepdf.Array(kept)
    if obj.get("/FT") == pikepdf.Name.Sig and "/V" in obj:
        # A digital signature names the signer (/Name, and the certificate in /Contents), and
        # the rewritten file would no longer match it anyway: the empty field stays.
        del obj["/V"]
    if obj.get("/Type") == pikepdf.Name.Page and "/B" in obj:
        del obj["/B"]  # article beads of the removed /Threads
    subtype = str(obj.get("/Subtype", ""))
    is_comment = (obj.get("/Type") == pikepdf.Name.Annot or "/Rect" in obj) and subtype not in (
        "",
        "/Widget",
        "/Link",
    )
    if is_comment:
        for key in _COMMENT_KEYS:
            if key in obj:
                del obj[key]


def _children(obj: pikepdf.Object) -> Iterator[pikepdf.Object]:
    if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
        yield from obj.values()
    elif isinstance(obj, pikepdf.Array):
        yield from obj


def _walk_direct(obj: pikepdf.Object) -> Iterator[pikepdf.Object]:
    """``obj`` and the dictionaries and arrays written inside it (not indirect references,
    which ``pdf.objects`` lists on their own)."""
    stack = [obj]
    while stack:
        current = stack.pop()
        yield current
        for child in _children(current):
            if isinstance(child, (pikepdf.Dictionary, pikepdf.Array)) and not child.is_indirect:
                stack.append(child)


def _remove_metadata_and_scripts(pdf: pikepdf.Pdf) -> None:
    # The trailer keeps only what locates the document: no Info, no file identifier (qpdf
    # would otherwise keep the first half of the original's), no private keys.
    trailer = pdf.trailer
    for key in list(trailer.keys()):
        if key not in ("/Root", "/Size"):
            del trailer[key]
    root = pdf.Root
    for key in _REMOVED_CATALOG_KEYS:
        if key in root:
            del root[key]
    names = root.get("/Names")
    if isinstance(names, pikepdf.Dictionary):
        for key in ("/JavaScript", "/EmbeddedFiles"):
            if key in names:
                del names[key]
    acroform = root.get("/AcroForm")
    if isinstance(acroform, pikepdf.Dictionary) and "/XFA" in acroform:
        del acroform["/XFA"]

    for indirect in list(pdf.objects):
        for obj in _walk_direct(indirect):
            if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
                _clean_dictionary(obj)
        if isinstance(indirect, pikepdf.Stream):
            _strip_photo_stream(indirect)


# What removes the metadata of each kind of photo stream, and the filter written back.
_PHOTO_STRIPPERS = {
    "/DCTDecode": (_strip_jpeg, pikepdf.Name.DCTDecode),
    "/DCT": (_strip_jpeg, pikepdf.Name.DCTDecode),
    "/JPXDecode": (_strip_jp2, pikepdf.Name.JPXDecode),
}


def _strip_photo_stream(stream: pikepdf.Object) -> None:
    """Photos pasted into a PDF are whole JPEG or JPEG 2000 files, EXIF (GPS, camera serial)
    and XMP included. A JPEG 2000 picture whose boxes cannot be read is refused: it could hide
    them."""
    filters = _filters(stream)
    if not filters or filters[-1] not in _PHOTO_STRIPPERS:
        return
    strip, codec = _PHOTO_STRIPPERS[filters[-1]]
    packing = filters[:-1]
    if any(name not in _DECODERS for name in packing):
        return
    parms = stream.get("/DecodeParms")
    if isinstance(parms, pikepdf.Array):
        parms = parms[-1] if len(parms) else None
    elif packing:
        parms = None  # the parameters belonged to the packing filter
    # Only the packing around the JPEG is undone (within the same budget as the bomb check).
    photo = stream.read_raw_bytes()
    budget = _Budget(_max_unpacked_size())
    for name in packing:
        photo = _DECODERS[name](photo, budget, True)
    clean = strip(photo)
    if clean is None and codec == pikepdf.Name.JPXDecode:
        raise _error("corrupt")
    if clean is not None and (clean != photo or packing):
        stream.write(clean, filter=codec, decode_parms=parms)


# --- the whole thing ---------------------------------------------------------------------------


def _read_all(uploaded: IO[bytes] | Any) -> bytes:
    return read_bounded(uploaded, max_upload_size(), _error, "not_a_pdf")


def _open(data: bytes) -> pikepdf.Pdf:
    try:
        # No repairs: a file qpdf has to reconstruct is damaged or cut off.
        pdf = pikepdf.open(io.BytesIO(data), attempt_recovery=False)
    except pikepdf.PasswordError:
        raise _error("encrypted") from None
    except Exception:
        raise _error("corrupt") from None
    if pdf.is_encrypted:
        pdf.close()
        raise _error("encrypted")
    return pdf


def sanitise_pdf(uploaded: IO[bytes] | Any, name: str | None = None) -> SanitisedPdfFile:
    """Validate an uploaded PDF and return a copy without metadata, with a random name.

    ``uploaded`` is any binary file-like object (Django ``UploadedFile``, ``File``, ``BytesIO``);
    ``name`` defaults to its ``name``. Raises ``ValidationError`` (codes in ``MESSAGES``) for
    anything that is not a plain, readable, unencrypted PDF within the limits.
    """
    name = name if name is not None else getattr(uploaded, "name", "") or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension != "pdf":
        raise _error(
            "unsupported_extension",
            # Same text as for images, so it is translated once.
            extension=f".{extension}" if extension else _("(no extension)"),
        )

    data = _read_all(uploaded)
    _check_bytes(data)

    with _open(data) as pdf:
        try:
            page_count = len(pdf.pages)
            budget = _Budget(_max_unpacked_size())
            for obj in pdf.objects:
                if isinstance(obj, pikepdf.Stream):
                    _check_image_size(obj)
                    _check_stream_size(obj, budget)
        except ValidationError:
            raise
        except _TooMuchData:
            raise _error("too_much_data", max_size=filesizeformat(_max_unpacked_size())) from None
        except Exception:
            raise _error("corrupt") from None
        if page_count < 1:
            raise _error("no_pages")

        try:
            _remove_metadata_and_scripts(pdf)
            out = io.BytesIO()
            pdf.save(
                out,
                # Streams are copied, never unpacked (no bomb can go off here); only
                # uncompressed ones get compressed.
                stream_decode_level=pikepdf.StreamDecodeLevel.none,
                compress_streams=True,
                object_stream_mode=pikepdf.ObjectStreamMode.generate,
                fix_metadata_version=False,
                preserve_pdfa=False,
                deterministic_id=True,
            )
        except Exception:
            # Read but cannot be written back: refuse rather than store the original. Logged
            # without any file name.
            logger.warning("Could not rewrite an uploaded PDF", exc_info=True)
            raise _error("corrupt") from None

    content = out.getvalue()
    return SanitisedPdfFile(content, name=random_file_name(), pages=page_count)
