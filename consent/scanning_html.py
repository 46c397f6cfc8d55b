"""Everything a reader's browser can reveal from a stored rich text, as plain strings to scan.

Wagtail stores rich text as HTML with its own tags for internal links and embeds
(``<a linktype="page" id="3">``, ``<a linktype="document" id="7">``, ``<embed embedtype="image"
id="5" alt="…">``). ``strip_tags()`` would keep only the visible words and throw away link
targets, titles and alt texts, which the browser shows on hover, reads aloud or opens. This
module keeps the visible text, and every attribute value except an allowlist of attributes that
Wagtail replaces or that carry only generated values; link targets are URL-decoded
(``tel:%2B91…``). Documents linked and images embedded are returned by id, so their titles and
alt texts can be scanned too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote

# Attributes that never reach the reader as written: Wagtail's own reference to a linked page,
# document or embedded image (replaced by the object's URL or rendition), the image format
# (one of a fixed list, turned into a class) and the editor's generated block keys.
_NOT_REVEALING_ON_WAGTAIL_TAGS = {"linktype", "embedtype", "id", "format"}
_NOT_REVEALING_ANYWHERE = {"data-block-key"}
_URL_ATTRIBUTES = {"href", "src", "url", "cite", "action", "data", "poster", "srcset"}


@dataclass
class RichTextParts:
    text: str = ""
    attributes: list[str] = field(default_factory=list)
    document_ids: list[int] = field(default_factory=list)
    image_ids: list[int] = field(default_factory=list)


def _decoded(value: str) -> str:
    # Twice, for addresses encoded twice ("tel:%252B91…"); a plain value comes back unchanged.
    return unquote(unquote(value))


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts = RichTextParts()
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._text.append(" ")  # "<p>98250</p><p>12345</p>" are two paragraphs, not one word
        values = dict(attrs)
        wagtail_kind = values.get("linktype") or values.get("embedtype")
        for name, value in attrs:
            if not value or name in _NOT_REVEALING_ANYWHERE:
                continue
            if wagtail_kind and name in _NOT_REVEALING_ON_WAGTAIL_TAGS:
                continue
            self.parts.attributes.append(_decoded(value) if name in _URL_ATTRIBUTES else value)
        reference = values.get("id") or ""
        if wagtail_kind and reference.isdigit():
            if wagtail_kind == "document":
                self.parts.document_ids.append(int(reference))
            elif wagtail_kind == "image":
                self.parts.image_ids.append(int(reference))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self._text.append(" ")

    def handle_data(self, data: str) -> None:
        self._text.append(data)

    def handle_comment(self, data: str) -> None:
        # Comments are sent to every reader in the page source.
        self.parts.attributes.append(data)


def read_rich_text(html: str) -> RichTextParts:
    """The visible text, the revealing attribute values and the linked objects of a rich text."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    reader.parts.text = "".join(reader._text)
    return reader.parts
