"""RSS feed of one event index (one language): the latest live, public events.

Items carry the title, an absolute link, when and where (India time, town only), the
announcement and the publication date; never a photo or a name (a feed reader keeps copies we
cannot withdraw).
"""

from __future__ import annotations

from django.utils.translation import gettext

from base.feeds import IndexPageFeed

from .listing import feed_events
from .timezones import when


class EventFeed(IndexPageFeed):
    def title(self, index) -> str:
        return gettext("Events of Samvedna: %(title)s") % {"title": index.title}

    def description(self, index) -> str:
        return gettext(
            "Public events of Samvedna, a collective of sex workers in Kutch, and what happened "
            "at them."
        )

    def items(self, index):
        return feed_events(index)

    def item_description(self, event) -> str:
        times = when(event.start, event.end)
        place = event.get_town_display()
        if event.status != "scheduled":
            place = f"{place} ({event.get_status_display()})"
        return f"{times.start_date}, {times.start_time} · {place}\n\n{event.announcement}"

    def item_guid(self, event) -> str:
        return f"event-{event.translation_key}-{event.locale.language_code}"

    item_guid_is_permalink = False
