"""What the leaders' review screen shows of a press release: the page as the public will see it.

Registered with moderation in apps.py (``moderation.registry.review_with_leaders``), rendered in
the release's own language, each detail the identifying-detail scanner flagged wrapped in
``<mark>`` (moderation/review_content.py).
"""

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import translation

from consent.shown_photos import stream_items
from moderation.review_content import marked_html, marked_paragraphs, marked_text


def release_content(request: HttpRequest, page, texts: set[str]) -> dict:
    """The release as its public page shows it: kind, date, headline, summary, body (photos
    without a consent that allows them are left out, as on the public page) and contact."""
    with translation.override(page.locale.language_code):
        body = render_to_string(
            "includes/body_items.html",
            {"items": stream_items(page, "body"), "request": request, "page": page},
        )
        return {
            "title": marked_text(page.title, texts),
            "kind": page.get_kind_display(),
            "date": page.date,
            "summary": marked_paragraphs(page.summary, texts),
            "body": marked_html(body, texts),
            "contact": marked_paragraphs(page.contact, texts),
        }
