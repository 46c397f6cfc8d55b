"""Thousands of published stories, quickly: for tests and benchmarks of costs that must not grow
with the number of stories (search, the story index, the sitemap).

Publishing one story through Wagtail (``make_story(..., publish=True)``) takes tens of
milliseconds; 5,000 would take minutes. ``add_published_stories`` writes the same rows in bulk,
leaving the site as publishing would: live pages under the tests' English story index with their
live revision, a consent record in force for each (covering text in English, Gujarati and Hindi),
a topic each and search index entries, and on PostgreSQL fresh table statistics. No log entries
or workflow states are written (no public page reads them). Pseudonyms and texts are fictional.
"""

from __future__ import annotations

import datetime
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from wagtail.models import Locale, Page, Revision
from wagtail.search.backends import get_search_backends

from consent.models import ConsentRecord, one_year_after
from stories.models import StoryPage, Topic

from .story_factories import story_index

DEFAULT_WORD = "meeting"
PSEUDONYMS = ("Meena", "Kavita", "Rekha", "Sunita", "Lata", "Pushpa", "Geeta", "Hansa", "Savita")
PLACES = ("the Drop-In Centre", "the taluka office", "the clinic", "the bus stand", "the market")
BATCH = 500


def add_published_stories(count: int, *, word: str = DEFAULT_WORD) -> int:
    """Add ``count`` published English stories to the tests' story index, every one containing
    ``word`` (so one search finds them all); returns the number added. Their first publication
    dates go back one minute per story from now, so the newest are the last added."""
    if count <= 0:
        return 0
    index = story_index("en")
    locale = Locale.objects.get(language_code="en")
    consents = _consents(count)
    pages = _pages(index, locale, consents, word)
    _topics(pages)
    _revisions(pages)
    Page.objects.filter(pk=index.pk).update(numchild=_children(index).count())
    stories = list(StoryPage.objects.filter(pk__in=[page.pk for page in pages]))
    for backend in get_search_backends(with_auto_update=True):
        for start in range(0, len(stories), BATCH):
            backend.add_bulk(StoryPage, stories[start : start + BATCH])
        backend.add_bulk(ConsentRecord, consents)
    _analyze()
    return len(stories)


def _analyze() -> None:
    """Table statistics, as a site that grew to this size has them (PostgreSQL's autovacuum
    analyzes tables after large changes). Without them, right after a bulk load inside the
    test's transaction, PostgreSQL takes the new tables for nearly empty and picks nested
    loops that made the story index take seconds."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _children(index: Page):
    # Not index.get_children(): treebeard answers "none" from numchild, which is ours to set.
    return Page.objects.filter(path__startswith=index.path, depth=index.depth + 1)


def _consents(count: int) -> list[ConsentRecord]:
    today = timezone.localdate()
    consents = ConsentRecord.objects.bulk_create(
        [
            ConsentRecord(
                storyteller=f"Member M-{n}",
                method=ConsentRecord.Method.WRITTEN,
                given_on=today,
                review_by=one_year_after(today),
                covers_text=True,
            )
            for n in range(count)
        ],
        batch_size=BATCH,
    )
    through = ConsentRecord.languages.through
    locale_ids = Locale.objects.filter(language_code__in=("en", "gu", "hi")).values_list(
        "pk", flat=True
    )
    through.objects.bulk_create(
        [
            through(consentrecord_id=consent.pk, locale_id=locale_id)
            for consent in consents
            for locale_id in locale_ids
        ],
        batch_size=BATCH,
    )
    return consents


def _pages(index: Page, locale: Locale, consents: list[ConsentRecord], word: str) -> list[Page]:
    """The pages' rows (wagtailcore_page, then stories_storypage: Django cannot bulk-create a
    model with a parent table), placed after the index's existing children in the tree."""
    last = _children(index).order_by("-path").values_list("path", flat=True).first()
    first_step = Page._str2int(last[-Page.steplen :]) + 1 if last else 1
    now = timezone.now()
    content_type = ContentType.objects.get_for_model(StoryPage)
    stories: list[StoryPage] = []
    for n, consent in enumerate(consents):
        step = first_step + n
        pseudonym = PSEUDONYMS[step % len(PSEUDONYMS)]
        place = PLACES[step % len(PLACES)]
        title = f"{pseudonym} on the {word} at {place} ({step})"
        slug = f"many-stories-{step}"
        published = now - datetime.timedelta(minutes=len(consents) - n)
        stories.append(
            StoryPage(
                title=title,
                draft_title=title,
                slug=slug,
                path=index.path + Page._int2str(step).rjust(Page.steplen, "0"),
                depth=index.depth + 1,
                numchild=0,
                url_path=f"{index.url_path}{slug}/",
                content_type=content_type,
                locale=locale,
                translation_key=uuid.uuid4(),
                live=True,
                has_unpublished_changes=False,
                first_published_at=published,
                last_published_at=published,
                latest_revision_created_at=published,
                pseudonym=pseudonym,
                consent=consent,
                summary=f"{pseudonym} tells how the {word} at {place} changed things.",
                body=[
                    {
                        "type": "paragraph",
                        "value": f"<p>We went to the {word} at {place} together.</p>",
                    }
                ],
                told_on=datetime.date(2024, 3, 1),
                as_told_to=StoryPage.Teller.FIELD_WORKER,
            )
        )
    page_fields = [f.name for f in Page._meta.concrete_fields if not f.primary_key]
    rows = Page.objects.bulk_create(
        [Page(**{name: getattr(story, name) for name in page_fields}) for story in stories],
        batch_size=BATCH,
    )
    for story, row in zip(stories, rows, strict=True):
        story.pk = story.page_ptr_id = story.id = row.pk
    # What bulk_create would do for the child table alone, had Django allowed it.
    StoryPage.objects.all()._batched_insert(
        stories, StoryPage._meta.local_concrete_fields, batch_size=BATCH
    )
    return stories


def _revisions(stories: list[StoryPage]) -> None:
    """Each story's live revision (its content as published), then the pages pointing to it."""
    story_type = ContentType.objects.get_for_model(StoryPage)
    page_type = ContentType.objects.get_for_model(Page)
    for story in stories:
        story.wagtail_admin_comments = []  # new pages have none (saves a query per story)
    Revision.objects.bulk_create(
        [
            Revision(
                content_type=story_type,
                base_content_type=page_type,
                object_id=str(story.pk),
                object_str=story.title,
                content=story.serializable_data(),
                created_at=story.first_published_at,
            )
            for story in stories
        ],
        batch_size=BATCH,
    )
    revision = Revision.objects.filter(
        base_content_type=page_type, object_id=Cast(OuterRef("pk"), CharField())
    ).order_by("-pk")
    ids = [story.pk for story in stories]
    for start in range(0, len(ids), BATCH):
        Page.objects.filter(pk__in=ids[start : start + BATCH]).update(
            live_revision_id=Subquery(revision.values("pk")[:1]),
            latest_revision_id=Subquery(revision.values("pk")[:1]),
        )


def _topics(stories: list[StoryPage]) -> None:
    """One topic per story, in turn through the fixed list (the index's topic filter)."""
    topics = list(Topic.objects.order_by("sort_order"))
    through = StoryPage.topics.through
    through.objects.bulk_create(
        [
            through(storypage_id=story.pk, topic_id=topics[n % len(topics)].pk)
            for n, story in enumerate(stories)
        ],
        batch_size=BATCH,
    )
    for n, story in enumerate(stories):
        story.topics = [topics[n % len(topics)]]  # in memory too: the revisions' content
