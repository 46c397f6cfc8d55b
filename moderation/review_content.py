"""What the review screen shows of a story or an event: the page as the public will see it.

Everything is rendered in the page's own language (``translation.override``), with each
detail the identifying-detail scanner flagged wrapped in ``<mark>``.
"""

import re

from django.conf import settings
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape, linebreaks
from django.utils.safestring import SafeString, mark_safe

_TAG = re.compile(r"(<[^>]*>)")


def highlight(html: str, texts: set[str]) -> str:
    """Wrap each flagged detail in <mark>, only in text between tags (never inside attributes)."""
    if not texts:
        return html
    escaped = sorted({escape(text) for text in texts if text}, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(text) for text in escaped))
    parts = _TAG.split(str(html))
    for index, part in enumerate(parts):
        if part and not part.startswith("<"):
            parts[index] = pattern.sub(
                lambda match: f'<mark class="review-mark">{match.group(0)}</mark>', part
            )
    return "".join(parts)


def marked_html(html: str, texts: set[str]) -> SafeString:
    # Wagtail's own block HTML, with only <mark> elements added around escaped text.
    return mark_safe(highlight(str(html), texts))  # noqa: S308


def marked_text(value: str, texts: set[str]) -> SafeString:
    return mark_safe(highlight(escape(value or ""), texts))  # noqa: S308 (escaped first)


def marked_paragraphs(value: str, texts: set[str]) -> SafeString:
    """Plain text with its line breaks kept (as on the public page), flagged details marked."""
    return marked_html(linebreaks(value or "", autoescape=True), texts)


def language_name(code: str) -> str:
    """The language's own name, as in settings.LANGUAGES (ગુજરાતી, हिन्दी, English)."""
    return dict(settings.LANGUAGES).get(code, code)


# --- Stories ------------------------------------------------------------------------------------


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


# --- Events -------------------------------------------------------------------------------------


def event_content(request: HttpRequest, page, texts: set[str]) -> dict:
    """The event as its public page shows it: dates and times in India's time, the town, the
    announcement, the recap (photos whose consent does not allow them are left out, as on the
    public page), guests and departments."""
    from events.photos import recap_items
    from events.timezones import when

    with translation.override(page.locale.language_code):
        items, _valid = recap_items(page)
        context = {"request": request, "page": page}
        recap = [marked_html(_render_recap_item(item, context), texts) for item in items]
        return {
            "title": marked_text(page.title, texts),
            "when": when(page.start, page.end),
            "has_ended": page.has_ended(),
            "town": page.get_town_display(),
            "is_online": page.is_online,
            "status": page.get_status_display() if page.status != "scheduled" else "",
            "announcement": marked_paragraphs(page.announcement, texts),
            "recap": recap,
            "attendance": page.attendance,
            "guests": marked_paragraphs(page.guests, texts),
            "departments": [
                marked_text(line.strip(), texts)
                for line in page.departments.splitlines()
                if line.strip()
            ],
        }


def _render_recap_item(item, context: dict) -> str:
    # The public page's own block templates (templates/events/blocks/).
    if item.kind == "block":
        return item.block.render_as_block(context)
    if item.kind == "photo":
        return render_to_string("events/blocks/photo.html", {"value": item.photos[0]})
    return render_to_string("events/blocks/gallery.html", {"value": item})
