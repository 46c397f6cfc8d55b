"""How the review screen shows a page: each detail the identifying-detail scanner flagged
wrapped in ``<mark>``, and the page's language by its own name.

What a story or an event shows is its page app's (stories/review_screen.py,
events/review_screen.py), registered in moderation/registry.py; the page is rendered in its own
language (``translation.override``) there.
"""

import re

from django.conf import settings
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
