"""Every public URL, given query strings nobody should send: a normal page or a 404, never a 500.

Covers every page type the demo site has (home, standard pages, story, event and resource indexes
and pages, their feeds and calendars, search, sitemap): the list is read from the database, so a
new page type is covered as soon as the demo content has one.
"""

import pytest
from wagtail.models import Page

from tests.helpers import public_page_urls

pytestmark = pytest.mark.django_db

HOSTILE_QUERIES = [
    "page=abc",
    "page=-1",
    "page=0",
    "page=1.5",
    "page=99999999999999999999",
    "page=%ff%fe",
    "page=1&page=2",
    "page=%00",
    "page=١",  # an Arabic-Indic digit: isdigit() says yes, int() would accept it
    "page=૨",  # a Gujarati digit
    "topic=%ff",
    "topic=../../etc/passwd",
    "has=%00",
    "category=nope",
    "category=%ff",
    "need=<script>",
    "year=20x3",
    "year=-2023",
    "year=99999999999999",
    "date=2023-13-45",
    "start=not-a-date",
    "q=" + "a" * 5000,
    "q=%ff%fe%00",
    "%ff=%ff",
    "a" * 3000 + "=1",
]


def feed_and_calendar_urls() -> list[str]:
    """Sub-URLs that index pages answer besides themselves (feeds, calendars)."""
    urls = []
    for page in Page.objects.live().filter(depth__gte=3).specific():
        url = page.url
        name = type(page).__name__
        if name == "EventPage":
            urls.append(f"{url}calendar/")
        if name in {"StoryIndexPage", "EventIndexPage"}:
            urls.append(f"{url}feed/")
        if name == "EventIndexPage":
            urls.append(f"{url}calendar/")
    return urls


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_hostile_query_strings_never_cause_a_server_error(client, query):
    urls = [*public_page_urls(), *feed_and_calendar_urls(), "/en/search/", "/sitemap.xml"]
    failures = []
    for url in urls:
        response = client.get(f"{url}?{query}")
        if response.status_code not in (200, 404):
            failures.append(f"{url}?{query[:60]} -> {response.status_code}")
    assert not failures, "\n".join(failures)
