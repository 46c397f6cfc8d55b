"""Quotable voices: the words of stories that journalists may quote, with how to credit them.

A story's excerpts reach the press only while all of this holds, read in the same query as the
stories (no story is loaded and then dropped):

- the story is live, not view-restricted, in the page's language;
- its consent record is in force (active, before its review date), covers use by the media and
  press and allows that language;
- the story says journalists may quote it (``press_use``) and has at least one excerpt.

Withdrawal, expiry, narrowing a consent and unpublishing are all database writes, which empty
the page cache and the front-end caches (caching/generation.py), so the next reader of the
quotable voices page or the press feed gets this query again.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext

from base.queries import exclude_restricted
from consent.models import ConsentRecord
from stories.listing import LISTING_ORDER, consent_in_force
from stories.models import StoryPage

FEED_SIZE = 20


@dataclass(frozen=True)
class QuotableVoice:
    """One story's quotable excerpts, as the press room shows them."""

    pseudonym: str
    title: str
    excerpts: list[str]
    url: str  # the story's address on this site (relative, for links)
    full_url: str  # the same with the site's host, for the credit line
    published: datetime.datetime | None
    guid: str  # stable for feed readers: the story in this language

    @property
    def credit(self) -> str:
        """How a journalist credits the quote, in the reader's language."""
        return gettext("%(pseudonym)s (a pseudonym), a member of Samvedna, Kutch — %(url)s") % {
            "pseudonym": self.pseudonym,
            "url": self.full_url,
        }


def quotable_stories(locale_id: int) -> QuerySet[StoryPage]:
    """The stories of one language whose excerpts journalists may quote now, newest first.
    Runs no query by itself."""
    allows_language = ConsentRecord.languages.through.objects.filter(
        consentrecord_id=OuterRef("consent_id"), locale_id=locale_id
    )
    stories = (
        StoryPage.objects.live()
        .filter(
            consent_in_force(),
            Exists(allows_language),
            locale_id=locale_id,
            consent__covers_press=True,
            press_use=True,
            # At least one excerpt: the stream's first item exists.
            quotable_excerpts__0__isnull=False,
        )
        .defer("body")
        .select_related("locale")
    )
    return exclude_restricted(stories).order_by(*LISTING_ORDER)


def _voice(story: StoryPage, request: HttpRequest | None) -> QuotableVoice | None:
    excerpts = [
        str(child.value).strip()
        for child in story.quotable_excerpts
        if child.block_type == "excerpt" and str(child.value).strip()
    ]
    parts = story.get_url_parts(request)
    if not excerpts or parts is None:
        return None
    _site_id, root_url, page_path = parts
    url = story.get_url(request) or page_path
    return QuotableVoice(
        pseudonym=story.pseudonym,
        title=story.title,
        excerpts=excerpts,
        url=url,
        # The host the reader used, like the page's og:url; the site's own without a request
        # (the media kit, built for anyone).
        full_url=request.build_absolute_uri(url) if request is not None else root_url + page_path,
        published=story.first_published_at,
        guid=f"voice-{story.translation_key}-{story.locale.language_code}",
    )


def _voices(stories: QuerySet[StoryPage], request: HttpRequest | None) -> list[QuotableVoice]:
    voices = (_voice(story, request) for story in stories)
    return [voice for voice in voices if voice is not None]


def quotable_voices(locale_id: int, request: HttpRequest | None = None) -> list[QuotableVoice]:
    """Every quotable voice of one language, newest first (one query; the site's root paths
    are read once per request by Wagtail)."""
    return _voices(quotable_stories(locale_id), request)


def feed_voices(
    locale_id: int, limit: int = FEED_SIZE, request: HttpRequest | None = None
) -> list[QuotableVoice]:
    """The newest ``limit`` quotable voices of one language, for the press feed (one query)."""
    return _voices(quotable_stories(locale_id)[:limit], request)
