"""Template helpers for events: times in India's time and links to the index, feed and calendar.

None runs a query: an event's index is its address without the last segment (an event always
sits directly under its index).
"""

from django import template
from django.http import HttpRequest

from events.timezones import When, when

register = template.Library()


@register.simple_tag
def event_when(event) -> When:
    """``{% event_when event as when %}``: dates and times of an event in India's time."""
    return when(event.start, event.end)


def _parent_url(url: str) -> str:
    trimmed = url.rstrip("/")
    return trimmed[: trimmed.rfind("/") + 1] if "/" in trimmed else url


@register.simple_tag(takes_context=True)
def event_index_url(context, page) -> str:
    """The address of the event index, given the index or one of its events."""
    from events.models import EventIndexPage

    request: HttpRequest | None = context.get("request")
    url = page.get_url(request) or ""
    return url if isinstance(page, EventIndexPage) else _parent_url(url)
