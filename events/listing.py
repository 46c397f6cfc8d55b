"""The queries behind every list of events: the event index, its feeds, the home page.

A reader may see an event when it is live and not view-restricted (``exclude_restricted``: one
SQL subquery instead of ``PageQuerySet.public()``'s extra query). Listings carry no photos, so
no consent needs checking here (photos are checked on the event page itself).

Each function runs a fixed number of queries whatever the number of events:

- ``event_listing``: one query for a page of the index (the total comes from a window
  function, the towns that have events from ``EXISTS`` subqueries over the fixed town list);
- ``upcoming_events``, ``feed_events`` and ``calendar_events``: one query each.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Case, Count, Exists, F, IntegerField, Value, When, Window
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page
from wagtail.query import PageQuerySet

from base.pagination import PageLinks, parse_page_number, querystring_with
from base.queries import exclude_restricted

from .models import EventPage, Town
from .timezones import in_india

PAGE_SIZE = 10
FEED_SIZE = 20
CALENDAR_SIZE = 100
UPCOMING_SIZE = 3


def public_events() -> PageQuerySet:
    """Live, public events, without their recap (listings never show it). Runs no query."""
    events = EventPage.objects.live().select_related("locale").defer_streamfields()
    return exclude_restricted(events)


def not_ended(now: datetime.datetime | None = None) -> PageQuerySet:
    """Upcoming and ongoing events (an event on today stays here until its end), soonest first."""
    now = now or timezone.now()
    return public_events().filter(end__gte=now).order_by("start", "pk")


def upcoming_events(home: Page, count: int = UPCOMING_SIZE) -> list[EventPage]:
    """The next events under a language's home page, soonest first (one query)."""
    events = not_ended().descendant_of(home).filter(locale_id=home.locale_id)
    return list(events[:count])


def feed_events(index: Page, count: int = FEED_SIZE) -> list[EventPage]:
    """The latest events of one index for its RSS feed, newest announcement first (one query)."""
    events = public_events().child_of(index)
    return list(events.order_by(F("first_published_at").desc(nulls_last=True), "-pk")[:count])


def calendar_events(index: Page, count: int = CALENDAR_SIZE) -> list[EventPage]:
    """Upcoming and ongoing events of one index, for its iCalendar feed (one query)."""
    return list(not_ended().child_of(index)[:count])


# --- Query string of the index ----------------------------------------------------------------


def parse_town(raw: str | None) -> str:
    """``?town=<value>``: one of the towns, or a 404 (a mistyped link is not an empty list)."""
    if not raw:
        return ""
    if raw not in Town.values:
        raise Http404("Unknown town")
    return raw


# --- One page of the index ---------------------------------------------------------------------


@dataclass(frozen=True)
class TownOption:
    label: str
    querystring: str
    current: bool


@dataclass
class YearGroup:
    year: int
    events: list[EventPage]


@dataclass
class EventListing(PageLinks):
    """One page of an index, with everything its template needs (no further queries)."""

    upcoming: list[EventPage]
    past_years: list[YearGroup]
    number: int
    total: int
    town: str = ""
    towns_with_events: list[str] = field(default_factory=list)
    page_size: int = PAGE_SIZE

    @property
    def is_empty(self) -> bool:
        return not self.upcoming and not self.past_years

    def querystring(self, **changes: str | int | None) -> str:
        return querystring_with({"town": self.town}, **changes)

    @property
    def town_options(self) -> list[TownOption]:
        """ "All places" and each town that has events here (in the order of the choices)."""
        labels = dict(Town.choices)
        options = [TownOption(_("All places"), self.querystring(town=""), not self.town)]
        present = set(self.towns_with_events) | ({self.town} if self.town else set())
        options += [
            TownOption(labels[value], self.querystring(town=value), value == self.town)
            for value in Town.values
            if value in present
        ]
        return options


def event_listing(
    index: Page, query: Mapping[str, str], now: datetime.datetime | None = None
) -> EventListing:
    """A page of the index: upcoming and ongoing events first (soonest first), then past ones
    (newest first, grouped by year). 404 for a bad page number or an unknown town."""
    now = now or timezone.now()
    town = parse_town(query.get("town"))
    number = parse_page_number(query.get("page"))
    events = public_events().child_of(index)
    # Which towns have events (for the filter links): subqueries that do not depend on the row,
    # so the database runs each once, inside the same query.
    town_flags = {
        f"_town_{position}": Exists(
            exclude_restricted(EventPage.objects.live().child_of(index)).filter(town=value)
        )
        for position, value in enumerate(Town.values)
    }
    if town:
        events = events.filter(town=town)
    ended = Case(When(end__lt=now, then=Value(1)), default=Value(0), output_field=IntegerField())
    upcoming_start = Case(When(end__gte=now, then=F("start")), default=None)
    events = events.annotate(
        _ended=ended, _upcoming_start=upcoming_start, _total=Window(Count("pk")), **town_flags
    ).order_by("_ended", F("_upcoming_start").asc(nulls_last=True), "-start", "-pk")
    offset = (number - 1) * PAGE_SIZE
    found = list(events[offset : offset + PAGE_SIZE])
    if not found and number > 1:
        raise Http404("No such page")
    towns = [
        value
        for position, value in enumerate(Town.values)
        if found and getattr(found[0], f"_town_{position}")
    ]
    upcoming = [event for event in found if not event._ended]
    past = [event for event in found if event._ended]
    past_years = [
        YearGroup(year=year, events=list(group))
        for year, group in groupby(past, key=lambda event: in_india(event.start).year)
    ]
    return EventListing(
        upcoming=upcoming,
        past_years=past_years,
        number=number,
        total=found[0]._total if found else 0,
        town=town,
        towns_with_events=towns,
    )
