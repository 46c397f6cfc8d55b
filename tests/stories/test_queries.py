"""The story index, its filters and feed, search, the home page and a story page run the same
number of SQL queries with 5 stories as with 500, and stay within the page budget.

The 500 stories are added to the same index as the first 5 (older ones, so that the first
page shows the same kind of stories: each with a photo its consent covers, so thumbnails are
part of the count).
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from home.models import HomePage
from stories.models import StoryIndexPage, StoryPage, Topic
from tests.cross_cutting.test_budgets import MAX_QUERIES
from tests.support.story_factories import make_consent, make_image

pytestmark = pytest.mark.django_db

WORD = "marigold"  # in no demo page


def add_stories(index, consent, image, topics, start: int, stop: int) -> None:
    now = timezone.now()
    for number in range(start, stop):
        story = StoryPage(
            title=f"Story {number}",
            slug=f"story-{number}",
            pseudonym=f"Member {number}",
            consent=consent,
            summary=f"A {WORD} story, number {number}.",
            body=[
                {"type": "paragraph", "value": f"<p>Told for the {number}th time.</p>"},
                {"type": "image", "value": {"image": image.pk, "caption": "At the centre"}},
            ],
            told_on=datetime.date(2024, 1, 1),
            as_told_to=StoryPage.Teller.LEADER,
            first_published_at=now - datetime.timedelta(minutes=number),
            og_image=image,  # the share preview must not cost its own query either
        )
        story.topics = topics
        index.add_child(instance=story)


def count_queries(client, url: str) -> int:
    response = client.get(url)  # warm: site root paths, renditions made on first view
    assert response.status_code == 200, url
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def measure(client, urls: list[str]) -> dict[str, int]:
    return {url: count_queries(client, url) for url in urls}


def test_5_or_500_stories_give_the_same_number_of_queries(client):
    home = HomePage.objects.get(locale__language_code="en")
    index = home.add_child(instance=StoryIndexPage(title="Many stories", slug="many"))
    consent = make_consent(photo=True)
    image = make_image()
    topics = list(Topic.objects.filter(slug__in=["health", "work-and-dignity"]))
    add_stories(index, consent, image, topics, 0, 5)
    text_only = StoryPage(
        title="Text only",
        slug="text-only",
        pseudonym="Meena",
        consent=consent,
        summary="No photo here.",
        body=[{"type": "paragraph", "value": "<p>Words only.</p>"}],
        told_on=datetime.date(2024, 1, 1),
        as_told_to=StoryPage.Teller.LEADER,
        first_published_at=timezone.now() - datetime.timedelta(days=30),
    )
    text_only.topics = topics
    index.add_child(instance=text_only)
    photo_story = "/en/many/story-0/"
    urls = [
        "/en/many/",
        "/en/many/?topic=health&has=photo",
        "/en/many/feed/",
        f"/en/search/?q={WORD}",
        "/en/",
        "/en/many/text-only/",
        photo_story,
    ]
    with_5 = measure(client, urls)

    add_stories(index, consent, image, topics, 5, 500)
    assert StoryPage.objects.live().child_of(index).count() == 501
    assert count_queries(client, "/en/many/?page=50") == with_5["/en/many/"]
    with_500 = measure(client, urls)

    print("\nqueries with 5 and with 500 stories:")
    for url in urls:
        print(f"  {url}: {with_5[url]} / {with_500[url]}")
    assert with_500 == with_5
    over = {url: count for url, count in with_500.items() if count > MAX_QUERIES}
    assert not over, f"over the budget: {over}"


def test_the_listing_queries_themselves_are_fixed(django_assert_num_queries):
    """One query for a page of the index (stories, total, topics), one for its thumbnails."""
    from stories.listing import feed_stories, latest_stories, story_listing

    home = HomePage.objects.get(locale__language_code="en")
    index = home.add_child(instance=StoryIndexPage(title="Some stories", slug="some"))
    image = make_image()
    topics = list(Topic.objects.all())
    add_stories(index, make_consent(photo=True), image, topics, 0, 12)
    story_listing(index, {})  # the renditions are made on the first view

    with django_assert_num_queries(2):
        listing = story_listing(index, {"topic": "health"})
    assert listing.total == 12 and len(listing.stories) == 10
    assert all(story.thumbnail for story in listing.stories)
    assert [topic.slug for topic in listing.stories[0].listing_topics] == list(Topic.LABELS)
    with django_assert_num_queries(1):
        assert len(feed_stories(index)) == 12
    with django_assert_num_queries(1):
        assert len(latest_stories(home)) == 3
