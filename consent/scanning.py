"""Scan every string a page publishes for identifying details, and remember leaders' overrides.

"Every string" is an allowlist the other way round: every text, rich text and StreamField field
of the page is scanned except the few listed in ``NOT_PUBLIC_FIELDS`` (tree bookkeeping the
public never sees), so a field added to a page type later is scanned without anyone having to
remember it. That includes the slug (it is in the page's address), the SEO title and search
description, and in rich text the link targets and every attribute a browser can reveal
(``scanning_html``). Images, documents and media a page shows or links have their title and alt
text (description) scanned too.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.fields import RichTextField, StreamField

from .identifying import Finding, find_identifying_details, normalise_digits
from .scanning_html import read_rich_text

# Text fields of every page that the public never sees, with the reason. Everything else is
# scanned; a page type may add its own private fields in ``private_text_fields``.
NOT_PUBLIC_FIELDS = {
    "path": "the page's place in the page tree: generated digits, never shown",
    "draft_title": "the admin's title of unpublished changes; the published title is scanned",
    "url_path": "made of the slugs of the page and its parents, each scanned on its own page",
}


_LINK_OR_ATTRIBUTE = _("link address or attribute")


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


def _shown_models() -> tuple[type[models.Model], ...]:
    """Models whose objects a page shows or links: their title and alt text are public."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtailmedia.models import get_media_model

    return (get_image_model(), get_document_model(), get_media_model())


def _media_texts(where: str, obj) -> Iterator[tuple[str, str]]:
    if obj is None:
        return
    for attribute in ("title", "description"):
        value = getattr(obj, attribute, "")
        if value:
            yield f"{where} ({attribute})", str(value)


def _rich_texts(where: str, html: str) -> Iterator[tuple[str, str]]:
    parts = read_rich_text(html)
    yield where, parts.text
    for value in parts.attributes:
        yield f"{where} ({_LINK_OR_ATTRIBUTE})", value
    if parts.document_ids or parts.image_ids:
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model

        for model, ids, label in (
            (get_document_model(), parts.document_ids, _("linked document")),
            (get_image_model(), parts.image_ids, _("embedded image")),
        ):
            for obj in model.objects.filter(pk__in=ids):
                yield from _media_texts(f"{where} › {label}", obj)


def _block_texts(where: str, block: blocks.Block, value) -> Iterator[tuple[str, str]]:
    if value is None:
        return
    if isinstance(block, blocks.RichTextBlock):
        yield from _rich_texts(where, value.source)
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


def slug_as_words(slug: str) -> str:
    """A slug as the words and numbers it spells: "meena-parmar-98250-12345" → "Meena Parmar
    98250 12345" (capitals, so that names in it are recognised as names)."""
    return " ".join(part[:1].upper() + part[1:] for part in re.split(r"[-_]", slug))


def page_texts(page) -> Iterator[tuple[str, str]]:
    """(where, text) for everything the page would show the public."""
    private = {*NOT_PUBLIC_FIELDS, *getattr(page, "private_text_fields", ())}
    shown_models = _shown_models()
    for field in page._meta.concrete_fields:
        if field.name in private:
            continue
        label = str(field.verbose_name)
        value = getattr(page, field.attname, None)
        if isinstance(field, StreamField):
            for position, child in enumerate(getattr(page, field.name), start=1):
                kind = child.block.label or child.block_type
                yield from _block_texts(f"{label} › {position} ({kind})", child.block, child.value)
        elif isinstance(field, RichTextField):
            if value:
                yield from _rich_texts(label, str(value))
        elif isinstance(field, models.SlugField):
            if value:
                yield label, slug_as_words(value)
        elif isinstance(field, models.CharField | models.TextField):
            if isinstance(value, str) and value:
                yield label, value
        elif (
            isinstance(field, models.ForeignKey)
            and value is not None
            and issubclass(field.related_model, shown_models)
        ):
            yield from _media_texts(label, getattr(page, field.name))


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
