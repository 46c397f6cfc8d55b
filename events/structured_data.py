"""schema.org ``Event`` JSON-LD for an event page, safe to put inside ``<script>``.

Built as a Python dict and serialised with ``json.dumps``; then ``<``, ``>`` and ``&`` become
``\\u003c``, ``\\u003e`` and ``\\u0026`` (still the same JSON), so a title containing
``</script>`` or ``<!--`` can never end the script element or start a comment in it.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

from .timezones import india_iso

EVENT_STATUS = {
    "scheduled": "https://schema.org/EventScheduled",
    "cancelled": "https://schema.org/EventCancelled",
    "postponed": "https://schema.org/EventPostponed",
}
OFFLINE = "https://schema.org/OfflineEventAttendanceMode"
ONLINE = "https://schema.org/OnlineEventAttendanceMode"
ORGANIZERS = [
    {"@type": "Organization", "name": "Samvedna"},
    {"@type": "Organization", "name": "KMVS"},
]

_SCRIPT_SAFE = str.maketrans(
    {
        "<": "\\u003c",
        ">": "\\u003e",
        "&": "\\u0026",
        "\u2028": "\\u2028",  # line separators end a line in old JavaScript parsers
        "\u2029": "\\u2029",
    }
)


def script_safe_json(data: Any) -> SafeString:
    """JSON that cannot break out of a ``<script>`` element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return mark_safe(text.translate(_SCRIPT_SAFE))  # noqa: S308 (escaped just above)


def event_data(page, url: str) -> dict[str, Any]:
    """The schema.org description of one event (its town, never an address)."""
    town = page.get_town_display()
    if page.is_online:
        location: dict[str, Any] = {"@type": "VirtualLocation", "url": url}
    else:
        location = {
            "@type": "Place",
            "name": str(town),
            "address": {
                "@type": "PostalAddress",
                "addressLocality": str(town),
                "addressRegion": "Gujarat",
                "addressCountry": "IN",
            },
        }
    return {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": page.title,
        # The announcement is plain text (the page escapes it): nothing to strip.
        "description": " ".join(page.announcement.split()),
        "startDate": india_iso(page.start),
        "endDate": india_iso(page.end),
        "eventStatus": EVENT_STATUS.get(page.status, EVENT_STATUS["scheduled"]),
        "eventAttendanceMode": ONLINE if page.is_online else OFFLINE,
        "location": location,
        "organizer": ORGANIZERS,
        "url": url,
        "inLanguage": page.locale.language_code,
    }


def absolute_url(page, request: HttpRequest | None) -> str:
    """The page's address on the host the reader used (like the page's og:url)."""
    if request is None:
        return page.get_full_url() or ""
    return request.build_absolute_uri(page.get_url(request) or "/")


def event_json_ld(page, request: HttpRequest | None) -> SafeString:
    return script_safe_json(event_data(page, absolute_url(page, request)))
