"""What the leaders' review screen shows of a story: the page as the public will see it.

Registered with moderation in apps.py (``moderation.registry.review_with_leaders``). Everything
is rendered in the story's own language, with each detail the identifying-detail scanner
flagged wrapped in ``<mark>`` (moderation/review_content.py).
"""

from django.http import HttpRequest
from django.utils import translation

from moderation.review_content import language_name, marked_html, marked_text


def story_content(request: HttpRequest, page, texts: set[str]) -> dict:
    consent = page.consent
    with translation.override(page.locale.language_code):
        block_context = {"request": request, "page": page}
        body = [marked_html(child.render_as_block(block_context), texts) for child in page.body]
        told_to = page.get_as_told_to_display()
    return {
        "title": marked_text(page.title, texts),
        "pseudonym": marked_text(page.pseudonym, texts),
        "summary": marked_text(page.summary, texts),
        "told_to": told_to,
        "body": body,
        "consent": consent,
        "scopes": _scope_labels(consent),
        "consent_languages": _language_names(consent),
    }


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
