"""Check an uploaded PDF and write a new document holding only what its pages draw.

Why: PDFs name people. The Info dictionary and XMP hold authors and dates; comments, form
values, bookmarks, tagged-PDF text, page labels and link addresses carry names and numbers;
pdfTeX records the path of every figure (a home directory); photos keep their EXIF (GPS, the
artist), sometimes in a second JPEG after the first; layers switched off hide text a reader never
sees; ICC colour profiles carry descriptions. A staff member's or storyteller's name in a form
downloaded from this site is real harm (DESIGN.md, safety rule 1). PDFs can also run JavaScript,
launch programs and carry whole files as attachments.

What is done, in order (nothing is stored unless every step passes):

1. Only names ending in ``.pdf``; at most ``WAGTAILDOCS_MAX_UPLOAD_SIZE`` bytes, refused
   before anything else is read.
2. The bytes must start with ``%PDF-``; HTML, SVG, ZIP (Word, Excel) or image files renamed to
   ``.pdf`` are named for what they are. A file that is also a web page or a ZIP archive (a
   "polyglot", e.g. data after the last ``%%EOF``) is refused. (The XHTML ``<body>`` of rich-text
   comments, as Acrobat writes for every sticky note, is not web-page code: such files are
   accepted and their comments dropped.)
3. qpdf (through pikepdf) must open it without repairing it: truncated or damaged files are
   refused, and so are encrypted or password-protected ones (they cannot be checked).
4. Decompression bombs: every stream is unpacked with a budget (``PRIVACY_PDF_MAX_UNPACKED_SIZE``)
   and images may have at most ``PRIVACY_PDF_MAX_IMAGE_PIXELS`` pixels.
5. A new document is built from an allowlist (``pdf_rebuild``): pages, their content without
   hidden layers, fonts, pictures re-encoded from their pixels, colours without ICC profiles.
   Everything else (metadata, scripts, attachments, annotations and comments, forms, bookmarks,
   structure tree, page labels, named destinations, thumbnails, application data) is left out.
6. qpdf writes it with a file identifier computed from the content, so the same upload always
   gives the same bytes; the result is checked once more for web-page code.
"""

from __future__ import annotations

import io
import logging
import re
import secrets
from typing import IO, Any

import pikepdf
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from ..uploads import read_bounded
from .pdf_filters import Budget, TooMuchData, check_stream_size
from .pdf_rebuild import RebuildError, rebuild

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
    "unreadable_picture": _(
        "This PDF contains a picture that cannot be checked: it is damaged, or stored in a way "
        "this site cannot read. Open the PDF, choose “Print to PDF” to make a clean copy, and "
        "upload that."
    ),
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
# Web-page code a browser would run if the file were ever shown as HTML. (Not "<body": Acrobat
# writes every sticky note's text as XHTML in a <body> element, and comments are dropped anyway.)
_HTML_INSIDE = re.compile(
    rb"<\s*(?:!doctype\s+html|html[\s>]|script[\s>/]|iframe[\s>/]|svg[\s>]"
    rb"|meta\s+http-equiv|object[\s>]|embed[\s>])",
    re.I,
)
_ZIP_END = b"PK\x05\x06"  # a ZIP reader looks for this record in the last 64 KB


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


# --- 4: pictures with too many pixels ---------------------------------------------------------


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
            for page in pdf.pages:
                # Inline pictures become picture objects: measured below, rebuilt as pictures.
                page.externalize_inline_images()
            budget = Budget(_max_unpacked_size())
            for obj in pdf.objects:
                if isinstance(obj, pikepdf.Stream):
                    _check_image_size(obj)
                    check_stream_size(obj, budget)
        except ValidationError:
            raise
        except TooMuchData:
            raise _error("too_much_data", max_size=filesizeformat(_max_unpacked_size())) from None
        except Exception:
            raise _error("corrupt") from None
        if page_count < 1:
            raise _error("no_pages")

        try:
            clean = rebuild(pdf, _max_image_pixels(), _max_unpacked_size())
        except RebuildError as error:
            # Logged without any file name.
            logger.warning("Could not rebuild an uploaded PDF", exc_info=True)
            picture = error.args[:1] == ("picture",)
            raise _error("unreadable_picture" if picture else "corrupt") from None
        except TooMuchData:
            raise _error("too_much_data", max_size=filesizeformat(_max_unpacked_size())) from None
        except Exception:
            # Anything else unexpected in the file: refuse rather than store it.
            logger.warning("Could not rebuild an uploaded PDF", exc_info=True)
            raise _error("corrupt") from None
        try:
            out = io.BytesIO()
            with clean:
                clean.save(
                    out,
                    compress_streams=True,
                    stream_decode_level=pikepdf.StreamDecodeLevel.none,
                    object_stream_mode=pikepdf.ObjectStreamMode.generate,
                    fix_metadata_version=False,
                    preserve_pdfa=False,
                    deterministic_id=True,
                    min_version=pdf.pdf_version,
                )
        except Exception:
            # Rebuilt but cannot be written: refuse rather than store the original. Logged
            # without any file name.
            logger.warning("Could not write a rebuilt PDF", exc_info=True)
            raise _error("corrupt") from None

    content = out.getvalue()
    if _HTML_INSIDE.search(content):  # never expected: every stream of the new file is packed
        raise _error("polyglot", what=_("web page code"))
    return SanitisedPdfFile(content, name=random_file_name(), pages=page_count)
