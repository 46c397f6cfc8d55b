"""RSS feed of one event index (one language): the latest live, public events.

Items carry the title, an absolute link, when and where (India time, town only), the
announcement and the publication date; never a photo or a name (a feed reader keeps copies we
cannot withdraw).
"""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import gettext

from .listing import feed_events
from .timezones import when


class EventFeed(Feed):
    feed_type = Rss201rev2Feed

    def __init__(self, index) -> None:
        super().__init__()
        self.index = index

    def get_object(self, request: HttpRequest, *args, **kwargs):
        self.request = request
        return self.index

    def title(self, index) -> str:
        return gettext("Events of Samvedna: %(title)s") % {"title": index.title}

    def link(self, index) -> str:
        return index.get_url(self.request)

    def description(self, index) -> str:
        return gettext(
            "Public events of Samvedna, a collective of sex workers in Kutch, and what happened "
            "at them."
        )

    def items(self, index):
        return feed_events(index)

    def item_title(self, event) -> str:
        return event.title

    def item_description(self, event) -> str:
        times = when(event.start, event.end)
        place = event.get_town_display()
        if event.status != "scheduled":
            place = f"{place} ({event.get_status_display()})"
        return f"{times.start_date}, {times.start_time} · {place}\n\n{event.announcement}"

    def item_link(self, event) -> str:
        return event.get_url(self.request)

    def item_pubdate(self, event):
        return event.first_published_at

    def item_updateddate(self, event):
        return event.last_published_at

    def item_guid(self, event) -> str:
        return f"event-{event.translation_key}-{event.locale.language_code}"

    item_guid_is_permalink = False
