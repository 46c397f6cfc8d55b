"""The event index: order and grouping, today's events, pages, filters, bad query strings, the
home page's upcoming events, and a fixed number of queries with 5 or 50 events."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from events.listing import event_listing, upcoming_events
from events.models import EventPage
from home.models import HomePage
from tests.support.event_factories import add_event, new_index
from tests.support.helpers import parse

pytestmark = pytest.mark.django_db

NOW = timezone.now()
DAY = datetime.timedelta(days=1)


def listed(response) -> list[str]:
    """The slugs of the events listed, in order."""
    links = parse(response.content).find("a", **{"class": "event-card__link"})
    return [link["href"].rstrip("/").rsplit("/", 1)[-1] for link in links]


def headings(response) -> list[tuple[str, str]]:
    """(tag, text) of the h2/h3 headings of the listing, in order."""
    import re

    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    # Section and year headings, not the events' own titles.
    found = re.findall(r"<(h[234])(?![^>]*event-card__title)[^>]*>\s*(.*?)\s*</\1>", main, re.S)
    return [(tag, re.sub(r"<[^>]+>", "", text).strip()) for tag, text in found]


@pytest.fixture
def index():
    return new_index()


def test_upcoming_first_soonest_first_then_past_by_year_newest_first(client, index):
    add_event(
        index, "Past 2023 early", start=datetime.datetime(2023, 3, 11, 5, 30, tzinfo=datetime.UTC)
    )
    add_event(
        index, "Past 2023 late", start=datetime.datetime(2023, 6, 1, 4, 30, tzinfo=datetime.UTC)
    )
    add_event(index, "Past 2024", start=datetime.datetime(2024, 1, 20, 4, 30, tzinfo=datetime.UTC))
    add_event(index, "Next month", start=NOW + 30 * DAY)
    add_event(index, "Next week", start=NOW + 7 * DAY)
    add_event(index, "Draft", start=NOW + 2 * DAY, live=False)
    restricted = add_event(index, "Restricted", start=NOW + 3 * DAY)
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    add_event(new_index("gu", slug="gu-events"), "Gujarati", start=NOW + DAY)

    response = client.get("/en/test-events/")
    assert response.status_code == 200
    assert listed(response) == [
        "next-week",
        "next-month",
        "past-2024",
        "past-2023-late",
        "past-2023-early",
    ]
    assert headings(response) == [
        ("h2", "Upcoming events"),
        ("h2", "Past events"),
        ("h3", "2024"),
        ("h3", "2023"),
    ]


def test_an_event_on_today_stays_upcoming_until_it_ends(client, index):
    add_event(index, "Started an hour ago", start=NOW - datetime.timedelta(hours=1), hours=3)
    add_event(
        index, "Ended a minute ago", start=NOW - datetime.timedelta(hours=2, minutes=1), hours=2
    )
    add_event(index, "Later today", start=NOW + datetime.timedelta(hours=2))

    listing = event_listing(index, {})
    assert [e.slug for e in listing.upcoming] == ["started-an-hour-ago", "later-today"]
    assert [e.slug for g in listing.past_years for e in g.events] == ["ended-a-minute-ago"]

    # Once its end has passed, the same event is listed with the past ones.
    later = NOW + datetime.timedelta(hours=2, seconds=1)
    listing = event_listing(index, {}, now=later)
    assert [e.slug for e in listing.upcoming] == ["later-today"]
    assert [e.slug for g in listing.past_years for e in g.events] == [
        "started-an-hour-ago",
        "ended-a-minute-ago",
    ]

    page = client.get("/en/test-events/started-an-hour-ago/").content.decode()
    assert "Upcoming event" in page and "Past event" not in page
    page = client.get("/en/test-events/ended-a-minute-ago/").content.decode()
    assert "Past event" in page


def test_index_is_paginated_ten_events_a_page(client, index):
    for number in range(23):
        add_event(index, f"Event {number:02d}", start=NOW + (number + 1) * DAY)
    first = client.get("/en/test-events/")
    assert listed(first) == [f"event-{n:02d}" for n in range(10)]
    assert "Page 1 of 3" in first.content.decode()
    third = client.get("/en/test-events/?page=3")
    assert listed(third) == ["event-20", "event-21", "event-22"]
    html = parse(third.content)
    assert [a["href"] for a in html.find("a", rel="prev")] == ["?page=2"]
    assert not html.find("a", rel="next")
    assert client.get("/en/test-events/?page=4").status_code == 404


def test_town_filter_lists_only_that_town_and_keeps_it_across_pages(client, index):
    add_event(index, "In Bhuj", town="bhuj")
    add_event(index, "In Anjar", town="anjar")
    response = client.get("/en/test-events/?town=anjar")
    assert listed(response) == ["in-anjar"]
    chips = [a["href"] for a in parse(response.content).find("a", **{"class": "chip"})]
    assert chips == ["?", "?town=bhuj", "?town=anjar"]  # only towns that have events
    assert parse(response.content).find("meta", name="robots")[0]["content"] == "noindex, follow"
    # A known town without events: an ordinary, empty page that says so.
    empty = client.get("/en/test-events/?town=rapar")
    assert empty.status_code == 200
    assert "No event in this place yet." in empty.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "page=abc",
        "page=-1",
        "page=0",
        "page=1.5",
        "page=99999999999999999999",
        "page=%ff",
        "page=%00",
        "page=%D9%A3",  # an Arabic-Indic digit three: not a page number we wrote
        "page=%E0%AB%A8",  # a Gujarati digit two
        "town=nowhere",
        "town=%ff",
        "town=Bhuj",
        "town=bhuj%00",
    ],
)
def test_malformed_query_strings_give_a_404_never_a_500(client, index, query):
    add_event(index, "Only one")
    response = client.get(f"/en/test-events/?{query}")
    assert response.status_code == 404, query
    assert "Only one" not in response.content.decode()


@pytest.mark.parametrize("query", ["", "page=1", "page=", "foo=bar", "utm_source=x%ff", "town="])
def test_harmless_query_strings_give_the_normal_page(client, index, query):
    add_event(index, "Only one")
    response = client.get(f"/en/test-events/?{query}")
    assert response.status_code == 200, query
    assert listed(response) == ["only-one"]


def test_empty_index_says_events_will_be_announced(client, index):
    response = client.get("/en/test-events/")
    assert response.status_code == 200
    assert "Our events will be announced here." in response.content.decode()


def test_upcoming_events_for_the_home_page(django_assert_num_queries):
    home = HomePage.objects.get(locale__language_code="en")
    index = new_index()
    add_event(index, "Over", start=NOW - 3 * DAY)
    add_event(index, "Ongoing", start=NOW - datetime.timedelta(hours=1), hours=5)
    add_event(index, "Soon", start=NOW + DAY)
    add_event(index, "Later", start=NOW + 40 * DAY)
    add_event(index, "Much later", start=NOW + 400 * DAY)
    add_event(index, "Draft", start=NOW + DAY, live=False)
    restricted = add_event(index, "Restricted", start=NOW + DAY)
    PageViewRestriction.objects.create(page=restricted, restriction_type="password", password="x")
    add_event(new_index("gu", slug="gu-upcoming"), "Gujarati soon", start=NOW + DAY)

    with django_assert_num_queries(1):
        events = upcoming_events(home)
        titles = [event.title for event in events]
        urls = [event.url for event in events]  # links need no further query
    assert titles == ["Ongoing", "Soon", "Later"]
    assert all(url.startswith("/en/") for url in urls)
    assert [e.title for e in upcoming_events(home, count=5)][3:] == ["Much later"]
    gujarati = upcoming_events(HomePage.objects.get(locale__language_code="gu"), count=10)
    assert "Gujarati soon" in [e.title for e in gujarati]
    assert all(e.locale.language_code == "gu" for e in gujarati)


# --- Queries: the same number with 5 or 50 events ------------------------------------------------


def add_many(index, start: int, stop: int) -> None:
    for number in range(start, stop):
        # Half upcoming, half past over several years: every section of the page is used.
        offset = (number + 1) * DAY * (1 if number % 2 else -20)
        add_event(
            index, f"Many {number}", start=NOW + offset, town="bhuj" if number % 3 else "mandvi"
        )


URLS = [
    "/en/many-events/",
    "/en/many-events/?town=mandvi",
    "/en/many-events/feed/",
    "/en/many-events/calendar/",
    "/en/many-events/many-1/",
    "/en/many-events/many-1/calendar/",
]


def measure(client, django_assert_num_queries, expected: dict[str, int] | None) -> dict[str, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for url in URLS:
        assert client.get(url).status_code == 200, url  # warm: site root paths
        if expected is None:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts[url] = len(queries)
        else:
            with django_assert_num_queries(expected[url]):
                assert client.get(url).status_code == 200
            counts[url] = expected[url]
    return counts


def test_5_or_50_events_give_the_same_number_of_queries(client, django_assert_num_queries):
    index = new_index(slug="many-events")
    add_many(index, 0, 5)
    with_5 = measure(client, django_assert_num_queries, None)
    add_many(index, 5, 50)
    assert EventPage.objects.live().child_of(index).count() == 50
    with_50 = measure(client, django_assert_num_queries, with_5)
    client.get("/en/many-events/?page=4")
    with django_assert_num_queries(with_5["/en/many-events/"]):
        assert client.get("/en/many-events/?page=4").status_code == 200
    print("\nqueries with 5 and with 50 events:", with_5)
    assert with_50 == with_5
    assert max(with_5.values()) <= 8  # the site's budget for a public page
