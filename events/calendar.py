"""iCalendar (RFC 5545) for events: one event, or the upcoming events of an index (a feed a
phone's calendar can subscribe to), built with the ``icalendar`` package.

Times are written in UTC (``...Z``), which every calendar converts to its own zone, so no
VTIMEZONE is needed. The description is the (plain-text) announcement and the page's address.
Nothing about people is included: no recap, no guests, no photos.
"""

from __future__ import annotations

import datetime

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from icalendar import Calendar, Event

from base.json_ld import absolute_url

PRODID = "-//Samvedna//Events//EN"
ICS_STATUS = {"scheduled": "CONFIRMED", "cancelled": "CANCELLED", "postponed": "TENTATIVE"}
CONTENT_TYPE = "text/calendar; charset=utf-8"


def event_uid(page) -> str:
    """Stable for the life of the event in one language, whatever its title or address."""
    return f"event-{page.translation_key}-{page.locale.language_code}@samvedna"


def _utc(value: datetime.datetime) -> datetime.datetime:
    return value.astimezone(datetime.UTC)


def _location(page) -> str:
    if page.is_online:
        return gettext("Online")
    return gettext("%(town)s, Kutch, Gujarat, India") % {"town": page.get_town_display()}


def _description(page, url: str) -> str:
    # The announcement is plain text already (the page escapes it when showing it).
    text = "\n".join(line.strip() for line in page.announcement.splitlines())
    return f"{text.strip()}\n\n{url}"


def vevent(page, request: HttpRequest | None) -> Event:
    url = absolute_url(page, request)
    event = Event()
    event.add("uid", event_uid(page))
    event.add("dtstamp", _utc(page.last_published_at or timezone.now()))
    event.add("dtstart", _utc(page.start))
    event.add("dtend", _utc(page.end))
    event.add("summary", page.title)
    event.add("description", _description(page, url))
    event.add("location", _location(page))
    event.add("url", url)
    event.add("status", ICS_STATUS.get(page.status, "CONFIRMED"))
    return event


def calendar(name: str, pages, request: HttpRequest | None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Asia/Kolkata")
    for page in pages:
        cal.add_component(vevent(page, request))
    return cal


def _response(cal: Calendar, filename: str, *, as_attachment: bool) -> HttpResponse:
    response = HttpResponse(cal.to_ical(), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    return response


def event_calendar_response(page, request: HttpRequest) -> HttpResponse:
    """One event, to add to a calendar (downloaded as ``<slug>.ics``)."""
    cal = calendar(page.title, [page], request)
    return _response(cal, f"{page.slug}.ics", as_attachment=True)


def index_calendar_response(index, request: HttpRequest) -> HttpResponse:
    """The upcoming and ongoing events of an index, for calendar apps to subscribe to."""
    from .listing import calendar_events

    name = gettext("Samvedna events: %(title)s") % {"title": index.title}
    cal = calendar(name, calendar_events(index), request)
    filename = f"samvedna-events-{index.locale.language_code}.ics"
    return _response(cal, filename, as_attachment=False)
