"""schema.org ``Event`` JSON-LD for an event page, safe to put inside ``<script>``
(base/json_ld.py escapes it)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.safestring import SafeString

from base.json_ld import absolute_url, script_safe_json

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


def event_json_ld(page, request: HttpRequest | None) -> SafeString:
    return script_safe_json(event_data(page, absolute_url(page, request)))
