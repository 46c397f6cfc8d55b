"""What the leaders' review screen shows of a story: the page as the public will see it.

Registered with moderation in apps.py (``moderation.registry.review_with_leaders``). Everything
is rendered in the story's own language, with each detail the identifying-detail scanner
flagged wrapped in ``<mark>`` (moderation/review_content.py).
"""

from django.http import HttpRequest
from django.utils import translation

from consent.photos import as_int
from moderation.review_content import language_name, marked_html, marked_text

from .blocks import StoryBodyBlock


def story_content(request: HttpRequest, page, texts: set[str]) -> dict:
    consent = page.consent
    with translation.override(page.locale.language_code):
        block_context = {"request": request, "page": page}
        body = [
            marked_html(child.render_as_block(block_context), texts)
            for child in shown_to_the_public(page)
        ]
        told_to = page.get_as_told_to_display()
    return {
        "title": marked_text(page.title, texts),
        "pseudonym": marked_text(page.pseudonym, texts),
        "summary": marked_text(page.summary, texts),
        "told_to": told_to,
        "body": body,
        "quotable_excerpts": [
            marked_text(excerpt, texts) for excerpt in offered_to_journalists(page)
        ],
        "consent": consent,
        "scopes": _scope_labels(consent),
        "consent_languages": _language_names(consent),
    }


def offered_to_journalists(page) -> list[str]:
    """The excerpts the press room will show once the story is published (press/quotable.py):
    only when the story says journalists may quote it. Leaders decide on these words too."""
    if not page.press_use:
        return []
    return [str(child.value) for child in page.quotable_excerpts if child.block_type == "excerpt"]


def shown_to_the_public(page) -> list:
    """The body's blocks without the photos whose faces keep them off the public page
    (``consent.faces``: faces not checked, or shown without a consent for this language). The
    photos that remain are the stored files, with their faces hidden, as the public sees them."""
    faces = page.photo_faces_now()
    shown = []
    for position, raw in enumerate(page.body.raw_data):
        if raw.get("type") in StoryBodyBlock.PHOTO_BLOCKS:
            value = raw.get("value")
            image_id = as_int(value.get("image")) if isinstance(value, dict) else None
            verdict = faces.get(image_id) if image_id is not None else None
            if verdict is None or not verdict.passes:
                continue
        shown.append(page.body[position])
    return shown


def _scope_labels(consent) -> list[str]:
    if consent is None:
        return []
    scopes = consent.scopes()
    return [
        str(consent._meta.get_field(f"covers_{scope}").verbose_name)
        for scope in ("text", "photo", "voice", "press")
        if scope in scopes
    ]


def _language_names(consent) -> list[str]:
    if consent is None:
        return []
    return [language_name(code) for code in sorted(consent.language_codes())]
