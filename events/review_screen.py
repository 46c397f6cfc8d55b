"""What the leaders' review screen shows of an event: the page as the public will see it.

Registered with moderation in apps.py (``moderation.registry.review_with_leaders``). Everything
is rendered in the event's own language, with each detail the identifying-detail scanner
flagged wrapped in ``<mark>`` (moderation/review_content.py).
"""

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import translation

from moderation.review_content import marked_html, marked_paragraphs, marked_text

from .photos import recap_items
from .timezones import when


def event_content(request: HttpRequest, page, texts: set[str]) -> dict:
    """The event as its public page shows it: dates and times in India's time, the town, the
    announcement, the recap (photos whose consent does not allow them are left out, as on the
    public page), guests and departments."""
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
