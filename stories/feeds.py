"""RSS feed of one story index (one language): the latest live, public stories.

Items carry the title, an absolute link, the summary and the publication date; never an image
(a photo needs consent, and a feed reader keeps copies we cannot withdraw).
"""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import gettext

from .listing import feed_stories


class StoryFeed(Feed):
    feed_type = Rss201rev2Feed

    def __init__(self, index) -> None:
        super().__init__()
        self.index = index

    def get_object(self, request: HttpRequest, *args, **kwargs):
        self.request = request
        return self.index

    def title(self, index) -> str:
        return gettext("Stories from Samvedna: %(title)s") % {"title": index.title}

    def link(self, index) -> str:
        return index.get_url(self.request)

    def description(self, index) -> str:
        return gettext(
            "Testimonies of women in Samvedna, a collective of sex workers in Kutch, told in "
            "their own words and published with their consent."
        )

    def items(self, index):
        return feed_stories(index)

    def item_title(self, story) -> str:
        return story.title

    def item_description(self, story) -> str:
        return story.summary

    def item_link(self, story) -> str:
        return story.get_url(self.request)

    def item_pubdate(self, story):
        return story.first_published_at

    def item_updateddate(self, story):
        return story.last_published_at
