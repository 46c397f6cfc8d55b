"""RSS feed of one story index (one language): the latest live, public stories.

Items carry the title, an absolute link, the summary and the publication date; never an image
(a photo needs consent, and a feed reader keeps copies we cannot withdraw).
"""

from __future__ import annotations

from django.utils.translation import gettext

from base.feeds import IndexPageFeed

from .listing import feed_stories


class StoryFeed(IndexPageFeed):
    def title(self, index) -> str:
        return gettext("Stories from Samvedna: %(title)s") % {"title": index.title}

    def description(self, index) -> str:
        return gettext(
            "Experiences of women in Samvedna, a collective of sex workers in Kutch, told in "
            "their own words and published with their consent."
        )

    def items(self, index):
        return feed_stories(index)

    def item_description(self, story) -> str:
        return story.summary
