"""What every RSS feed of an index page shares: the index, links and dates of its pages.

Subclasses give the feed's title, description, items and item description. Items never carry
an image (a feed reader keeps copies we cannot withdraw).
"""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.utils.feedgenerator import Rss201rev2Feed


class IndexPageFeed(Feed):
    feed_type = Rss201rev2Feed

    def __init__(self, index) -> None:
        super().__init__()
        self.index = index

    def get_object(self, request: HttpRequest, *args, **kwargs):
        self.request = request
        return self.index

    def link(self, index) -> str:
        return index.get_url(self.request)

    def item_title(self, page) -> str:
        return page.title

    def item_link(self, page) -> str:
        return page.get_url(self.request)

    def item_pubdate(self, page):
        return page.first_published_at

    def item_updateddate(self, page):
        return page.last_published_at
