"""The queries behind every list of stories: the story index, its feed, the home page, search.

A reader may see a story when it is live, not view-restricted (``exclude_restricted``: one SQL
subquery instead of ``PageQuerySet.public()``'s extra query) and its consent is still in force
(a consent that lapsed or was withdrawn a moment ago hides the story here too, not only on its
own page, which answers 410).

Each function runs a fixed number of queries whatever the number of stories:

- ``story_listing``: one query for a page of the index (the page's ids from a narrow subquery
  in the listing's order, the total from a count of ids, the topics from ``EXISTS`` subqueries
  over the fixed topic list, read for the page's stories only), plus one query for the
  thumbnails when a story on that page may show a photo;
- ``latest_stories`` and ``feed_stories``: one query each.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db.models import Exists, F, IntegerField, OuterRef, Q, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.images.models import SourceImageIOError
from wagtail.models import Page
from wagtail.query import PageQuerySet

from base.pagination import PageLinks, parse_page_number, querystring_with
from base.queries import exclude_restricted, images_with_renditions
from consent.faces import passing_images_q
from consent.models import ConsentRecord

from .blocks import StoryBodyBlock
from .models import StoryPage, Topic

PAGE_SIZE = 10
FEED_SIZE = 20
LATEST_SIZE = 3
THUMBNAIL_FILTER = "fill-240x180"
# ?has=...: what is in the story. Every story has text, so "text" lists them all.
HAS_FILTERS: Mapping[str, Q] = {
    "text": Q(),
    "photo": Q(has_photo=True),
    "voice": Q(has_voice=True),
}
# Newest first; the id breaks ties, so that every story is on exactly one page.
LISTING_ORDER = (F("first_published_at").desc(nulls_last=True), "-pk")
# The topic list is fixed (a data migration creates it), in this order.
TOPIC_SLUGS: tuple[str, ...] = tuple(Topic.LABELS)


# --- Which stories a reader may see ---------------------------------------------------------


def consent_in_force(prefix: str = "consent__") -> Q:
    """The SQL form of ``ConsentRecord.is_in_force()`` for stories (or other consented rows)."""
    return Q(
        **{
            f"{prefix}status": ConsentRecord.Status.ACTIVE,
            f"{prefix}review_by__gte": timezone.localdate(),
        }
    )


def public_stories() -> PageQuerySet:
    """Live, public stories whose consent is in force, newest first. Runs no query by itself."""
    stories = StoryPage.objects.live().filter(consent_in_force())
    return exclude_restricted(stories).order_by(*LISTING_ORDER)


def hidden_story_ids() -> PageQuerySet:
    """A subquery of stories that must not appear even though the page may be live."""
    return StoryPage.objects.exclude(consent_in_force()).values("pk")


def latest_stories(home: Page, count: int = LATEST_SIZE) -> list[StoryPage]:
    """The newest stories under a language's home page (one query)."""
    stories = (
        public_stories().descendant_of(home).filter(locale_id=home.locale_id).defer_streamfields()
    )
    return list(stories[:count])


def feed_stories(index: Page, count: int = FEED_SIZE) -> list[StoryPage]:
    """The newest stories of one story index, for its RSS feed (one query)."""
    return list(public_stories().child_of(index).defer_streamfields()[:count])


# --- Query string of the index ----------------------------------------------------------------


@dataclass(frozen=True)
class StoryFilters:
    """What the reader chose: ``?topic=<slug>`` and ``?has=photo|voice|text``."""

    topic: str = ""
    has: str = ""

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> StoryFilters:
        """Unknown values are a 404, so a mistyped link never looks like an empty list."""
        topic = query.get("topic", "")
        has = query.get("has", "")
        if topic and topic not in TOPIC_SLUGS:
            raise Http404("Unknown topic")
        if has and has not in HAS_FILTERS:
            raise Http404("Unknown filter")
        return cls(topic=topic, has=has)

    @property
    def active(self) -> bool:
        return bool(self.topic or self.has)

    def apply(self, stories: PageQuerySet) -> PageQuerySet:
        if self.topic:
            stories = stories.filter(topics__slug=self.topic)
        if self.has:
            stories = stories.filter(HAS_FILTERS[self.has])
        return stories

    def querystring(self, **changes: str | int | None) -> str:
        """``?topic=...&has=...&page=...`` with some values changed; empty values dropped."""
        return querystring_with({"topic": self.topic, "has": self.has}, **changes)


# --- One page of the index ---------------------------------------------------------------


@dataclass(frozen=True)
class FilterOption:
    label: str
    querystring: str
    current: bool


@dataclass
class StoryListing(PageLinks):
    """One page of an index, with everything its template needs (no further queries)."""

    stories: list[StoryPage]
    number: int
    total: int
    filters: StoryFilters
    page_size: int = PAGE_SIZE
    topic_links: list[Topic] = field(default_factory=list)

    def querystring(self, **changes: str | int | None) -> str:
        return self.filters.querystring(**changes)

    @property
    def topic_options(self) -> list[FilterOption]:
        """Links to every topic (keeping ``has``), first "all topics"; back to page one."""
        current = self.filters.topic
        options = [FilterOption(_("All topics"), self.filters.querystring(topic=""), not current)]
        options += [
            FilterOption(
                topic.label, self.filters.querystring(topic=topic.slug), topic.slug == current
            )
            for topic in self.topic_links
        ]
        return options

    @property
    def content_options(self) -> list[FilterOption]:
        """Links by what is in the story (keeping ``topic``); every story has text."""
        current = self.filters.has or "text"
        labels = [
            ("", _("All stories")),
            ("photo", _("With photos")),
            ("voice", _("With voice recordings")),
        ]
        return [
            FilterOption(label, self.filters.querystring(has=value), (value or "text") == current)
            for value, label in labels
        ]


def _topic_flags() -> dict[str, Exists]:
    through = StoryPage.topics.through
    return {
        f"_topic_{position}": Exists(
            through.objects.filter(storypage_id=OuterRef("pk"), topic__slug=slug)
        )
        for position, slug in enumerate(TOPIC_SLUGS)
    }


def topics_from_flags(story: StoryPage) -> list[Topic]:
    """The story's topics, read from the annotations ``story_listing`` added (no query)."""
    return [
        Topic(slug=slug, sort_order=position)
        for position, slug in enumerate(TOPIC_SLUGS)
        if getattr(story, f"_topic_{position}", False)
    ]


class _CountOf(Subquery):
    """``(SELECT COUNT(*) FROM (subquery))``: counted once per query, not per row."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) AS _counted)"
    output_field = IntegerField()


def story_listing(index: Page, query: Mapping[str, str]) -> StoryListing:
    """A page of the index's stories, filtered by the query string; 404 for a bad one."""
    filters = StoryFilters.from_query(query)
    number = parse_page_number(query.get("page"))
    offset = (number - 1) * PAGE_SIZE
    chosen = filters.apply(public_stories().child_of(index))
    # Still one query, but the stories of the page are chosen first by a narrow subquery (ids
    # in the listing's order): the bodies, topics and total are read for these ten only, and
    # the total is a count of ids. Reading them for every story (a window function over all
    # rows) made the index slower with each story added.
    stories = (
        StoryPage.objects.filter(pk__in=chosen.values("pk")[offset : offset + PAGE_SIZE])
        .select_related("consent", "locale")
        .annotate(_listing_total=_CountOf(chosen.order_by().values("pk")), **_topic_flags())
        .order_by(*LISTING_ORDER)
    )
    found = list(stories)
    if not found and number > 1:
        raise Http404("No such page")
    total = found[0]._listing_total if found else 0
    for story in found:
        story.listing_topics = topics_from_flags(story)
    attach_thumbnails(found)
    return StoryListing(
        stories=found,
        number=number,
        total=total,
        filters=filters,
        topic_links=[Topic(slug=slug) for slug in TOPIC_SLUGS],
    )


# --- Thumbnails -------------------------------------------------------------------------------


def _first_image_id(story: StoryPage) -> int | None:
    """The first image block's image id, read from the raw JSON (no query), else og_image."""
    for block in story.body.raw_data:
        if block.get("type") in StoryBodyBlock.PHOTO_BLOCKS:
            value = block.get("value") or {}
            image_id = value.get("image") if isinstance(value, dict) else None
            if isinstance(image_id, int):
                return image_id
    return story.og_image_id


def may_show_photo(story: StoryPage) -> bool:
    consent = story.consent if story.consent_id else None
    return consent is not None and consent.covers_photo and consent.is_in_force()


def attach_thumbnails(stories: Iterable[StoryPage], spec: str = THUMBNAIL_FILTER) -> None:
    """Set ``story.thumbnail`` to a rendition, only when the story's consent covers photos and
    the image's faces allow it in the story's language (``consent.faces``, read in the same
    query as the images).

    One query for all the images and their renditions of this spec, whatever the number of
    stories (renditions made for the first time are created as usual, once; a listing mixing
    languages, which no public list does, costs one query per language).
    """
    stories = list(stories)
    wanted: dict[int, int | None] = {}
    for story in stories:
        story.thumbnail = None
        if may_show_photo(story):
            wanted[story.pk] = _first_image_id(story)
    by_locale: dict[int, set[int]] = {}
    for story in stories:
        image_id = wanted.get(story.pk)
        if image_id is not None:
            by_locale.setdefault(story.locale_id, set()).add(image_id)
    for locale_id, image_ids in by_locale.items():
        images = images_with_renditions(
            image_ids, spec, lambda prefix, locale_id=locale_id: passing_images_q(locale_id, prefix)
        )
        for story in stories:
            if story.locale_id != locale_id:
                continue
            image = images.get(wanted.get(story.pk) or 0)
            if image is not None:
                try:
                    story.thumbnail = image.get_rendition(spec)
                except SourceImageIOError:  # the storage is not answering: no thumbnail
                    story.thumbnail = None
