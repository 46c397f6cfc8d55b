"""Search, the story index and sitemap.xml with many stories: what a reader (or a search engine)
sees stays right, and the number of queries does not grow with the stories (timings are in
tests/bench/test_flat_with_content.py)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from consent.models import ConsentRecord
from search import sitemap
from search.views import PAGE_SIZE, SEARCH_LIMIT
from stories.models import StoryPage
from tests.support.helpers import parse
from tests.support.many_stories import add_published_stories
from tests.support.story_factories import make_consent, make_story, story_index

pytestmark = pytest.mark.django_db

WORD = "marigold"  # in no page of the test site
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


def queries(client, url: str) -> int:
    assert client.get(url).status_code == 200, url  # warm: site root paths
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def result_links(client, url: str) -> list[str]:
    """The result links, in order (the list of results only, not menus or pagination)."""
    response = client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    if 'class="search-results"' not in content:
        return []
    block = content.split('class="search-results"', 1)[1].split("</ol>", 1)[0]
    return [link["href"] for link in parse(block).find("a")]


def status_line(client, url: str) -> str:
    """The line that says how many results were found, as read aloud."""
    content = client.get(url).content.decode()
    line = re.search(r'class="search__count"[^>]*>(.*?)</p>', content, re.S).group(1)
    return " ".join(line.split())


def newest_first(count: int) -> list[StoryPage]:
    return list(StoryPage.objects.live().order_by("-first_published_at", "-pk")[:count])


# --- Search ---------------------------------------------------------------------------------


def test_a_search_matching_more_than_the_limit_shows_the_best_and_says_so(client):
    add_published_stories(SEARCH_LIMIT + 5, word=WORD)
    url = f"/en/search/?q={WORD}"
    assert len(result_links(client, url)) == PAGE_SIZE
    assert status_line(client, url) == (
        f"More than {SEARCH_LIMIT} results for “{WORD}”: showing the best {SEARCH_LIMIT}. "
        "Add words to narrow the search."
    )
    last = SEARCH_LIMIT // PAGE_SIZE
    assert len(result_links(client, f"{url}&page={last}")) == PAGE_SIZE
    assert client.get(f"{url}&page={last + 1}").status_code == 404
    # Every result is shown once across the pages.
    shown = [link for n in range(1, last + 1) for link in result_links(client, f"{url}&page={n}")]
    assert len(set(shown)) == SEARCH_LIMIT

    # Another word narrows the search: all its matches, counted, no cut.
    narrowed = f"/en/search/?q={WORD}+clinic"
    expected = StoryPage.objects.filter(title__contains="the clinic").count()
    assert 0 < expected < SEARCH_LIMIT
    assert status_line(client, narrowed) == f"Results for “{WORD} clinic”: {expected}"


def test_the_best_matches_come_first(client):
    add_published_stories(30, word=WORD)
    story = make_story(make_consent(), title=f"{WORD.title()} {WORD} {WORD}", publish=True)
    assert result_links(client, f"/en/search/?q={WORD}")[0] == story.url


def test_stories_of_other_languages_do_not_crowd_out_the_readers_own(client):
    add_published_stories(SEARCH_LIMIT + 5, word=WORD)
    gujarati = make_story(
        make_consent(), language="gu", title="ગલગોટા", summary=f"{WORD}", publish=True
    )
    assert result_links(client, f"/gu/search/?q={WORD}") == [gujarati.url]


@pytest.mark.parametrize("how", ["withdrawn", "withdrawn a moment ago", "erased", "lapsed"])
def test_a_story_whose_consent_ended_is_never_found_among_many(client, how):
    add_published_stories(SEARCH_LIMIT + 5, word=WORD)
    story = newest_first(1)[0]
    number = re.search(r"\((\d+)\)", story.title).group(1)
    url = f"/en/search/?q={WORD}+{number}"
    assert story.url in result_links(client, url)
    consent = story.consent
    if how == "withdrawn":
        consent.withdraw()
    elif how == "erased":
        consent.erase()
    elif how == "lapsed":
        ConsentRecord.objects.filter(pk=consent.pk).update(review_by="2000-01-01")
    else:  # the page is still live: the search itself must leave it out
        ConsentRecord.objects.filter(pk=consent.pk).update(status=ConsentRecord.Status.WITHDRAWN)
    assert story.url not in result_links(client, url)


def test_search_runs_as_many_queries_with_5_as_with_200_stories(client):
    add_published_stories(5, word=WORD)
    urls = [f"/en/search/?q={WORD}", f"/en/search/?q={WORD}+clinic", "/gu/search/?q=x"]
    with_5 = {url: queries(client, url) for url in urls}
    add_published_stories(195, word=WORD)
    assert {url: queries(client, url) for url in urls} == with_5
    assert with_5[f"/en/search/?q={WORD}"] <= 4  # ids, pages, their types (story, and none)


# --- The story index ------------------------------------------------------------------------


def listed(client, url: str) -> list[str]:
    """The stories on one page of an index, in order."""
    response = client.get(url)
    assert response.status_code == 200, url
    return [
        link["href"] for link in parse(response.content).find("a", **{"class": "story-card__link"})
    ]


def test_the_index_pages_through_every_story_once_newest_first(client):
    add_published_stories(25)
    index = story_index("en")
    pages = [listed(client, f"{index.url}?page={n}") for n in (1, 2, 3)]
    assert [len(page) for page in pages] == [10, 10, 5]
    everything = [url for page in pages for url in page]
    assert everything == [story.url for story in newest_first(25)]
    assert client.get(f"{index.url}?page=4").status_code == 404
    assert "Number of stories: 25" in client.get(index.url).content.decode()


def test_the_topic_filter_with_many_stories(client):
    add_published_stories(25)
    index = story_index("en")
    health = (
        StoryPage.objects.live()
        .filter(topics__slug="health")
        .order_by("-first_published_at", "-pk")
    )
    response = client.get(f"{index.url}?topic=health&has=text")
    assert f"Number of stories: {health.count()}" in response.content.decode()
    assert listed(client, f"{index.url}?topic=health") == [story.url for story in health][:10]
    assert listed(client, f"{index.url}?has=voice") == []


def test_a_withdrawn_story_leaves_the_index_and_the_count(client):
    add_published_stories(12)
    index = story_index("en")
    story = newest_first(1)[0]
    assert story.url in listed(client, index.url)
    ConsentRecord.objects.filter(pk=story.consent_id).update(status=ConsentRecord.Status.WITHDRAWN)
    assert story.url not in listed(client, index.url)
    assert "Number of stories: 11" in client.get(index.url).content.decode()
    assert len(listed(client, f"{index.url}?page=2")) == 1


def test_the_index_runs_as_many_queries_with_5_as_with_200_stories(client):
    add_published_stories(5)
    index = story_index("en")
    first = [index.url, f"{index.url}?topic=health&has=text"]
    with_5 = {url: queries(client, url) for url in first}
    add_published_stories(195)
    assert {url: queries(client, url) for url in first} == with_5
    assert queries(client, f"{index.url}?page=20") == with_5[index.url]


# --- sitemap.xml ----------------------------------------------------------------------------


def read(client, url: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)


def read_all_parts(client) -> dict[str, dict[str, str]]:
    """{page URL: {hreflang: URL}} over every part the index points to."""
    index = read(client, "/sitemap.xml")
    assert index.tag == f"{{{NS['sm']}}}sitemapindex"
    found: dict[str, dict[str, str]] = {}
    for location in index.findall("sm:sitemap/sm:loc", NS):
        part = read(client, location.text.removeprefix("http://testserver"))
        assert len(part.findall("sm:url", NS)) <= sitemap.PART_SIZE
        for url in part.findall("sm:url", NS):
            location = url.findtext("sm:loc", namespaces=NS)
            assert location not in found, "listed twice"
            found[location] = {
                link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", NS)
            }
    return found


@pytest.fixture
def small_parts(monkeypatch):
    """Parts of 20 pages, so a few dozen stories need several."""
    monkeypatch.setattr(sitemap, "PART_SIZE", 20)


def full(page: Page) -> str:
    """The page's address on the host the request came to, as the sitemap writes it."""
    return f"http://testserver{page.url}"


def every_public_url() -> set[str]:
    return {full(page) for page in sitemap.public_pages().specific()}


def test_a_large_site_gets_an_index_of_parts_listing_every_page_once(client, small_parts):
    add_published_stories(50)
    index = read(client, "/sitemap.xml")
    parts = [loc.text for loc in index.findall("sm:sitemap/sm:loc", NS)]
    total = sitemap.public_pages().count()
    assert parts == [f"http://testserver/sitemap.xml?p={n}" for n in range(1, total // 20 + 2)]
    assert set(read_all_parts(client)) == every_public_url()
    assert client.get(f"/sitemap.xml?p={len(parts) + 1}").status_code == 404
    for junk in ["0", "-1", "x", "1.5"]:
        assert client.get(f"/sitemap.xml?p={junk}").status_code == 404


def test_a_small_site_gets_its_only_part_at_sitemap_xml(client):
    add_published_stories(5)
    root = read(client, "/sitemap.xml")
    assert root.tag == f"{{{NS['sm']}}}urlset"
    assert read(client, "/sitemap.xml?p=1").findall("sm:url", NS)


def test_translations_are_alternates_across_parts(client, small_parts):
    from tests.support.story_factories import publish_translation

    story = make_story(make_consent(), title="Told in three", slug="told-in-three", publish=True)
    add_published_stories(50)  # the Gujarati and Hindi versions land in other parts
    gujarati = publish_translation(story, "gu", "ત્રણ ભાષામાં")
    hindi = publish_translation(story, "hi", "तीन भाषाओं में")
    found = read_all_parts(client)
    expected = {
        "en": full(story),
        "gu": full(gujarati),
        "hi": full(hindi),
        "x-default": full(story),
    }
    assert found[full(story)] == found[full(gujarati)] == found[full(hindi)] == expected


def test_addresses_with_indian_scripts_are_written_as_wagtail_writes_them(client):
    story = make_story(make_consent(), language="hi", title="नमक", slug="नमक", publish=True)
    add_published_stories(3)
    assert "%E0%A4" in story.url  # percent-encoded, as reverse() writes it
    assert full(story) in read_all_parts_or_one(client)


def read_all_parts_or_one(client) -> dict[str, dict[str, str]]:
    root = read(client, "/sitemap.xml")
    if root.tag.endswith("sitemapindex"):
        return read_all_parts(client)
    return {url.findtext("sm:loc", namespaces=NS): {} for url in root.findall("sm:url", NS)}


@pytest.mark.parametrize("how", ["withdrawn", "withdrawn a moment ago"])
def test_a_withdrawn_story_is_in_no_part(client, small_parts, how):
    add_published_stories(50)
    story = newest_first(1)[0]
    assert full(story) in read_all_parts(client)
    if how == "withdrawn":
        story.consent.withdraw()
    else:
        ConsentRecord.objects.filter(pk=story.consent_id).update(
            status=ConsentRecord.Status.WITHDRAWN
        )
    found = read_all_parts(client)
    assert full(story) not in found
    assert not any(full(story) in alternates.values() for alternates in found.values())


def test_the_sitemap_runs_as_many_queries_with_5_as_with_200_stories(client, small_parts):
    add_published_stories(5)
    part_with_5 = queries(client, "/sitemap.xml?p=1")
    index_with_5 = queries(client, "/sitemap.xml")  # already an index: the site has 20+ pages
    add_published_stories(195)
    assert queries(client, "/sitemap.xml?p=1") == part_with_5 <= 3
    assert queries(client, "/sitemap.xml?p=9") == part_with_5
    assert queries(client, "/sitemap.xml") == index_with_5 == 1


def test_the_index_and_its_parts_come_from_the_page_cache_and_leave_it_on_withdrawal(
    client, settings, small_parts, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE = True
    caches["default"].clear()
    add_published_stories(50)
    story = newest_first(1)[0]
    where = next(
        n for n in range(1, 10) if full(story).encode() in client.get(f"/sitemap.xml?p={n}").content
    )
    for url in ["/sitemap.xml", f"/sitemap.xml?p={where}"]:
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        assert len(captured) == 0, f"{url} not served from the page cache"
    with django_capture_on_commit_callbacks(execute=True):  # the cache empties after commit
        story.consent.withdraw()
    assert full(story).encode() not in client.get(f"/sitemap.xml?p={where}").content
    caches["default"].clear()


def test_pages_outside_the_public_site_are_not_counted_in_the_index(client, small_parts):
    add_published_stories(30)
    draft = make_story(make_consent(), title="A draft", slug="a-draft")
    total = sitemap.public_pages().count()
    assert not sitemap.public_pages().filter(pk=draft.pk).exists()
    assert total == Page.objects.live().filter(depth__gte=2).count()
