"""RSS feed of one press room (one language): its releases and statements, and the quotable
voices of its language (press/quotable.py), newest first.

Items carry a title, a link, the summary or the excerpts with their credit line, and a date;
never an image (a feed reader keeps copies we cannot withdraw). A voice is in the feed only
while its story may be quoted: the same query as the quotable voices page.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext

from base.feeds import IndexPageFeed
from base.queries import exclude_restricted

from .models import PressIndexPage, PressReleasePage
from .quotable import FEED_SIZE, feed_voices


@dataclass(frozen=True)
class PressFeedItem:
    title: str
    link: str
    description: str
    published: datetime.datetime
    guid: str


def release_date(day: datetime.date) -> datetime.datetime:
    """A release's date as the start of that day in the site's time zone (India)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _release_items(index: PressIndexPage, request, count: int) -> list[PressFeedItem]:
    releases = exclude_restricted(
        PressReleasePage.objects.live().child_of(index).defer_streamfields()
    ).order_by("-date", "-pk")[:count]
    return [
        PressFeedItem(
            title=release.title,
            link=release.get_url(request) or "",
            description=release.summary,
            published=release_date(release.date),
            guid=f"press-{release.translation_key}-{release.locale_id}",
        )
        for release in releases
    ]


def _voice_items(index: PressIndexPage, request, count: int) -> list[PressFeedItem]:
    items = []
    for voice in feed_voices(index.locale_id, count, request=request):
        quotes = "\n\n".join(f"“{excerpt}”" for excerpt in voice.excerpts)
        items.append(
            PressFeedItem(
                title=gettext("Quotable: %(title)s") % {"title": voice.title},
                link=voice.url,
                description=f"{quotes}\n\n{gettext('How to credit:')} {voice.credit}",
                # A live story always has a first publication date; the epoch keeps the
                # type honest for one that somehow has none (it sorts last).
                published=voice.published or datetime.datetime.fromtimestamp(0, datetime.UTC),
                guid=voice.guid,
            )
        )
    return items


class PressFeed(IndexPageFeed):
    def title(self, index: PressIndexPage) -> str:
        return gettext("Samvedna press room: %(title)s") % {"title": index.title}

    def description(self, index: PressIndexPage) -> str:
        return gettext(
            "Press releases and statements of Samvedna, a collective of sex workers in Kutch, "
            "and words of its members that journalists may quote, with how to credit them."
        )

    def items(self, index: PressIndexPage) -> list[PressFeedItem]:
        items = _release_items(index, self.request, FEED_SIZE) + _voice_items(
            index, self.request, FEED_SIZE
        )
        items.sort(key=lambda item: item.published, reverse=True)
        return items[:FEED_SIZE]

    def item_title(self, item: PressFeedItem) -> str:
        return item.title

    def item_link(self, item: PressFeedItem) -> str:
        return item.link

    def item_description(self, item: PressFeedItem) -> str:
        return item.description

    def item_pubdate(self, item: PressFeedItem) -> datetime.datetime:
        return item.published

    def item_updateddate(self, item: PressFeedItem) -> datetime.datetime:
        return item.published

    def item_guid(self, item: PressFeedItem) -> str:
        return item.guid

    item_guid_is_permalink = False
