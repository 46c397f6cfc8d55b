"""Scan every text a page publishes for identifying details, and remember leaders' overrides.

"Every text" means the title and search texts, the page's own text fields, every StreamField
block (rich text without its tags, captions, quotes, transcripts) and the alt text and title of
the images and media the page shows.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.html import strip_tags
from wagtail import blocks
from wagtail.fields import StreamField

from .identifying import Finding, find_identifying_details, normalise_digits

_TEXT_FIELDS = ("title", "seo_title", "search_description", "pseudonym", "summary", "intro")


@dataclass(frozen=True)
class PageFinding:
    where: str
    finding: Finding

    def fingerprint(self, page) -> str:
        """A keyed hash of the detail, so overrides never store the number itself."""
        canonical = re.sub(r"[^0-9a-z@.]", "", normalise_digits(self.finding.text).lower())
        return salted_hmac(
            "samvedna.identifying-detail", f"{page.translation_key}:{canonical}"
        ).hexdigest()


def _media_texts(where: str, obj) -> Iterator[tuple[str, str]]:
    if obj is None:
        return
    for attribute in ("title", "description"):
        value = getattr(obj, attribute, "")
        if value:
            yield f"{where} ({attribute})", str(value)


def _block_texts(where: str, block: blocks.Block, value) -> Iterator[tuple[str, str]]:
    if value is None:
        return
    if isinstance(block, blocks.RichTextBlock):
        yield where, strip_tags(value.source.replace("<", " <"))
    elif isinstance(block, blocks.StructBlock):
        for name, child in block.child_blocks.items():
            yield from _block_texts(f"{where} › {child.label or name}", child, value.get(name))
    elif isinstance(block, blocks.StreamBlock):
        for position, child in enumerate(value, start=1):
            yield from _block_texts(f"{where} › {position}", child.block, child.value)
    elif isinstance(block, blocks.ListBlock):
        for position, item in enumerate(value, start=1):
            yield from _block_texts(f"{where} › {position}", block.child_block, item)
    elif isinstance(block, blocks.ChooserBlock):
        yield from _media_texts(where, value)
    elif isinstance(value, str):
        yield where, value


def page_texts(page) -> Iterator[tuple[str, str]]:
    """(where, text) for everything the page would show the public."""
    # A page type lists its other plain-text fields in ``scanned_text_fields``.
    for name in (*_TEXT_FIELDS, *getattr(page, "scanned_text_fields", ())):
        value = getattr(page, name, None)
        if isinstance(value, str) and value:
            yield str(page._meta.get_field(name).verbose_name), value
    for field in page._meta.get_fields():
        if isinstance(field, StreamField):
            stream = getattr(page, field.name)
            for position, child in enumerate(stream, start=1):
                kind = child.block.label or child.block_type
                label = f"{field.verbose_name} › {position} ({kind})"
                yield from _block_texts(label, child.block, child.value)
        elif isinstance(field, models.ForeignKey) and field.name == "og_image":
            yield from _media_texts(str(field.verbose_name), getattr(page, "og_image", None))


def scan_page(page) -> list[PageFinding]:
    return [
        PageFinding(where=where, finding=finding)
        for where, text in page_texts(page)
        for finding in find_identifying_details(text)
    ]


def unresolved_findings(page) -> list[PageFinding]:
    """Findings that no leader has overridden for this page."""
    from .models import IdentifyingDetailOverride

    findings = scan_page(page)
    if not findings or page.pk is None:
        return findings
    allowed = set(
        IdentifyingDetailOverride.objects.filter(translation_key=page.translation_key).values_list(
            "fingerprint", flat=True
        )
    )
    return [f for f in findings if f.fingerprint(page) not in allowed]


def allow_findings(page, findings: list[PageFinding], reason: str, user) -> None:
    """A leader's decision that these details may be published on this page (all languages).

    Only keyed hashes of the details are stored; the reason and the kinds go to the page history.
    """
    from wagtail.log_actions import log

    from .models import IdentifyingDetailOverride

    for found in findings:
        IdentifyingDetailOverride.objects.get_or_create(
            translation_key=page.translation_key,
            fingerprint=found.fingerprint(page),
            defaults={"kind": found.finding.kind, "reason": reason, "decided_by": user},
        )
    log(
        instance=page,
        action="samvedna.identifying.override",
        user=user,
        data={"reason": reason, "kinds": sorted({found.finding.kind for found in findings})},
    )
