"""The media kit: one ZIP download, built on request from consented parts only.

What goes in (``kit_parts``), for the press room's language:
- ``fact-sheet.txt``: the room's live fact sheet (a child page) as plain UTF-8 text;
- ``logo-N.png``: the room's media kit images marked as logos;
- ``photo-N.jpg``: the others;
- ``credits.txt``: how to credit each picture (the editor's credit, or the collective's name),
  and ``README.txt``: what the kit is and how to credit it.

Every picture, logos too, passes the face rule FOR THE PRESS (``consent.faces``, ``press=True``):
every face hidden, or shown under a consent in force that covers photos, the press and the
room's language; never checked for faces or withdrawn: left out. Pictures are re-encoded from
the stored original (already sanitised, its faces hidden) with Pillow, at most ``MAX_SIDE``
pixels on a side, with no metadata at all (no EXIF, XMP, ICC profile, comment, PNG text, DPI).
The ZIP's entries have a fixed date (1980-01-01), no extra fields and neutral names; the ZIP has
no comment.

A kit is named by the fingerprint of exactly what goes into it (the fact sheet's live revision,
each picture's stored file name, which pictures pass now, their credits and order) and kept in
the private storage (``consent.press_kits.MEDIA_KIT_FOLDER``): it is served while the
fingerprint matches and built anew otherwise, the room's older kits then deleted. Replacing a
photo or hiding its faces again gives the stored file a new name, so a new fingerprint; a
consent's change deletes every stored kit (consent/press_kits.py).

The answer is a streamed attachment with ``Cache-Control: private, no-store``: the page cache
(caching/middleware.py) stores neither streamed answers nor that header, nor a ZIP's type.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import logging
import re
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core.files import File
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpRequest
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from consent.faces import passing_images_q
from consent.press_kits import MEDIA_KIT_FOLDER

from .models import FactSheetPage, MediaKitImage, PressIndexPage
from .quotable import QuotableVoice, quotable_voices

logger = logging.getLogger(__name__)

# Changed whenever what a kit holds or how it is written changes: older kits are then rebuilt.
KIT_FORMAT = "2"
MAX_SIDE = 2400
JPEG_QUALITY = 88
# The earliest date a ZIP entry can carry: says nothing about when the kit was built.
FIXED_DATE = (1980, 1, 1, 0, 0, 0)
# Plain files, readable by everyone, made by no particular system.
FILE_ATTRIBUTES = 0o644 << 16


@dataclass(frozen=True)
class KitParts:
    """What goes into one room's kit, read now."""

    index: PressIndexPage
    language: str
    fact_sheet: FactSheetPage | None
    pictures: list[MediaKitImage]
    # The quotable voices of the room's language (press/quotable.py): only stories whose consent
    # covers the press now.
    voices: list[QuotableVoice]

    def fingerprint(self) -> str:
        described = {
            "format": KIT_FORMAT,
            "room": self.index.pk,
            "language": self.language,
            "fact_sheet": (
                [self.fact_sheet.pk, self.fact_sheet.live_revision_id] if self.fact_sheet else None
            ),
            "pictures": [
                [row.pk, row.image_id, row.image.file.name, row.is_logo, row.credit]
                for row in self.pictures
            ],
            "voices": [
                [voice.guid, voice.title, voice.excerpts, voice.pseudonym, voice.full_url]
                for voice in self.voices
            ],
        }
        encoded = json.dumps(described, sort_keys=True, ensure_ascii=True).encode()
        return hashlib.sha256(encoded).hexdigest()

    def storage_name(self) -> str:
        return f"{MEDIA_KIT_FOLDER}/{self.index.pk}-{self.fingerprint()}.zip"


def kit_parts(index: PressIndexPage) -> KitParts:
    """The room's live public fact sheet and the pictures that may go to the press now (two
    queries)."""
    fact_sheet = (
        FactSheetPage.objects.child_of(index).live().public().filter(locale_id=index.locale_id)
    ).first()
    pictures = list(
        MediaKitImage.objects.filter(page_id=index.pk, image__withdrawn_at__isnull=True)
        .filter(passing_images_q(index.locale_id, "image__", press=True))
        .select_related("image")
        .order_by("sort_order", "pk")
    )
    voices = quotable_voices(index.locale_id)
    return KitParts(index, index.locale.language_code, fact_sheet, pictures, voices)


# --- The fact sheet as text ----------------------------------------------------------------------

_BLOCK_END = re.compile(r"(?i)<br\s*/?>|</(p|h[1-6]|li|blockquote)>")


def _rich_text_as_text(source: str) -> str:
    text = html.unescape(strip_tags(_BLOCK_END.sub("\n", source)))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def _label(model: type, field: str) -> str:
    return capfirst(str(model._meta.get_field(field).verbose_name))


def _body_text(body: Any) -> Iterator[str]:
    for block in body:
        if block.block_type == "heading":
            yield str(block.value).upper()
        elif block.block_type == "paragraph":
            yield _rich_text_as_text(block.value.source)
        elif block.block_type == "quote":
            quote = f"“{block.value['quote']}”"
            attribution = block.value.get("attribution")
            yield f"{quote}\n— {attribution}" if attribution else quote
        # Photos are left out of the text: the kit's photos are the ones that passed for it.


def fact_sheet_text(page: FactSheetPage) -> str:
    """The fact sheet as plain text in the page's language (labels are the fields' own names,
    already translated)."""
    with translation.override(page.locale.language_code):
        parts = [page.title, "=" * len(page.title)]
        if page.intro:
            parts.append(page.intro)
        parts.append(
            "\n".join(
                [
                    f"{_label(FactSheetPage, 'members')}: {page.members}",
                    f"{_label(FactSheetPage, 'blocks_of_kutch')}: {page.blocks_of_kutch}",
                    f"{_label(FactSheetPage, 'drop_in_centres')}: {page.drop_in_centres}",
                    f"{_label(FactSheetPage, 'working_since')}: {page.working_since}",
                ]
            )
        )
        events = [block.value for block in page.key_events if block.block_type == "event"]
        if events:
            lines = [f"- {event['year']}: {event['text']}" for event in events]
            parts.append("\n".join([_label(FactSheetPage, "key_events"), *lines]))
        body = [text for text in _body_text(page.body) if text]
        if body:
            parts.append("\n\n".join([_label(FactSheetPage, "body"), *body]))
    return "\n\n".join(parts) + "\n"


# --- Pictures without metadata -----------------------------------------------------------------


def _has_transparency(picture: Image.Image) -> bool:
    return picture.mode in ("RGBA", "LA", "PA") or (
        picture.mode == "P" and "transparency" in picture.info
    )


def clean_picture(data: Any, *, logo: bool) -> tuple[bytes, str]:
    """The picture re-encoded with no metadata: (bytes, extension). Logos are PNG (they keep
    their transparency), photos JPEG. Only the first frame of an animation is kept."""
    with Image.open(data) as opened:
        opened.seek(0)
        picture = ImageOps.exif_transpose(opened)  # stored files carry no EXIF: a no-op guard
        keeps_alpha = logo and _has_transparency(picture)
        picture = picture.convert("RGBA" if keeps_alpha else "RGB")
    picture.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    # A new image's info still carries what Pillow read (dpi, gamma...): none of it is written.
    picture.info = {}
    out = io.BytesIO()
    if logo:
        picture.save(out, "PNG", optimize=True)
        return out.getvalue(), "png"
    picture.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=False)
    return out.getvalue(), "jpg"


# --- The ZIP -----------------------------------------------------------------------------------


def _entry(name: str, *, compress: bool) -> zipfile.ZipInfo:
    entry = zipfile.ZipInfo(name, date_time=FIXED_DATE)
    entry.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    entry.create_system = 3  # Unix, so the attributes below mean "a plain file"
    entry.external_attr = FILE_ATTRIBUTES
    entry.extra = b""
    entry.comment = b""
    return entry


def _readme(parts: KitParts) -> str:
    lines = [
        _("Samvedna media kit"),
        "",
        _(
            "Samvedna is a collective of female sex workers in Kutch, supported by KMVS. This kit "
            "holds the collective's fact sheet, its logos, photos the collective allows the press "
            "to print, and words of members that journalists may quote (quotes.txt)."
        ),
        "",
        _(
            "How to credit: give each picture the credit written next to its file name in "
            "credits.txt. Never name, describe or locate a person in a photo, and do not crop, "
            "enhance or reverse the hidden faces."
        ),
        "",
        _(
            "To request an interview, write to the collective's press e-mail address given in "
            "the press room."
        ),
    ]
    if parts.fact_sheet is None:
        lines += ["", _("The fact sheet is not available in this language yet.")]
    return "\n".join(lines) + "\n"


def quotes_text(voices: list[QuotableVoice]) -> str:
    """The members' words journalists may quote, each with how to credit it."""
    lines = [_("Words of members that journalists may quote"), ""]
    for voice in voices:
        lines += [voice.title, ""]
        lines += [f"“{excerpt}”" for excerpt in voice.excerpts]
        lines += [f"{_('How to credit:')} {voice.credit}", "", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def build_kit(parts: KitParts, destination: Any) -> None:
    """Write the kit's ZIP into the open binary file ``destination``: one picture at a time (the
    picture being written is the only one in memory)."""
    credits = []
    with translation.override(parts.language), zipfile.ZipFile(destination, "w") as kit:
        if parts.fact_sheet is not None:
            text = fact_sheet_text(parts.fact_sheet)
            kit.writestr(_entry("fact-sheet.txt", compress=True), text.encode("utf-8"))
        counts = {"logo": 0, "photo": 0}
        for row in parts.pictures:
            kind = "logo" if row.is_logo else "photo"
            with row.image.open_file() as stored:
                data, extension = clean_picture(stored, logo=row.is_logo)
            counts[kind] += 1
            name = f"{kind}-{counts[kind]}.{extension}"
            kit.writestr(_entry(name, compress=False), data)
            del data
            default = _("Logo: Samvedna") if row.is_logo else _("Photo: Samvedna")
            credits.append(f"{name}: {row.credit.strip() or default}")
        if credits:
            kit.writestr(_entry("credits.txt", compress=True), ("\n".join(credits) + "\n").encode())
        if parts.voices:
            kit.writestr(_entry("quotes.txt", compress=True), quotes_text(parts.voices).encode())
        kit.writestr(_entry("README.txt", compress=True), _readme(parts).encode("utf-8"))
        kit.comment = b""


def _room_kit_names(index: PressIndexPage) -> list[str]:
    from consent.press_kits import stored_kit_names

    prefix = f"{MEDIA_KIT_FOLDER}/{index.pk}-"
    return [name for name in stored_kit_names() if name.startswith(prefix)]


def _store(parts: KitParts, name: str) -> None:
    with tempfile.TemporaryFile() as spool:
        build_kit(parts, spool)
        spool.seek(0)
        saved = default_storage.save(name, File(spool, name=name))
    if saved != name:
        # Another request stored the same kit meanwhile: keep one copy.
        default_storage.delete(saved)


def stored_kit(index: PressIndexPage) -> tuple[str, KitParts]:
    """The storage name of the room's kit and what is in it: the stored kit while its
    fingerprint matches, else built now and the room's older kits deleted.

    A consent that changed while the kit was being built deletes every stored kit when it
    commits, possibly before this one is stored: what goes in is read again after storing, and
    a kit that no longer matches is deleted and built again (twice at most, then served as
    built, like a page rendered a moment before the change; the next download replaces it).
    """
    for attempt in range(3):
        parts = kit_parts(index)
        name = parts.storage_name()
        if default_storage.exists(name):
            return name, parts
        _store(parts, name)
        if attempt == 2 or kit_parts(index).fingerprint() == parts.fingerprint():
            break
        default_storage.delete(name)
    for older in _room_kit_names(index):
        if older != name:
            default_storage.delete(older)
    return name, parts


def media_kit_response(index: PressIndexPage, request: HttpRequest) -> FileResponse:
    """The press index's ``media-kit/`` route: the room's kit as a download."""
    name, parts = stored_kit(index)
    try:
        handle = default_storage.open(name, "rb")
    except FileNotFoundError:
        # A consent changed between finding the kit and opening it (every kit was deleted):
        # build again from what the consents allow now.
        name, parts = stored_kit(index)
        handle = default_storage.open(name, "rb")
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"samvedna-media-kit-{parts.language}.zip",
        content_type="application/zip",
    )
    response["Cache-Control"] = "private, no-store"
    return response
