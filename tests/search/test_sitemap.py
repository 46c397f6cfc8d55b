"""sitemap.xml lists every page a reader may open, with its translations; robots.txt links it."""

import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Locale, Page, PageViewRestriction

from tests.support.story_factories import make_consent, make_story, story_index

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


def read_sitemap(client) -> dict[str, dict[str, str]]:
    """{page URL: {hreflang: alternate URL}} as a search engine reads it."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    assert "Set-Cookie" not in response
    root = ET.fromstring(response.content)
    sitemap = {}
    for url in root.findall("sm:url", NS):
        location = url.findtext("sm:loc", namespaces=NS)
        sitemap[location] = {
            link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", NS)
        }
    return sitemap


def full(path: str) -> str:
    return f"http://testserver{path}"


def test_every_live_demo_page_is_listed_once_with_its_translations(client):
    sitemap = read_sitemap(client)
    live = Page.objects.live().filter(depth__gte=2).specific()
    assert {full(page.url) for page in live} == set(sitemap)
    home_en = Page.objects.get(depth=2, locale__language_code="en")
    alternates = sitemap[full(home_en.url)]
    assert alternates == {
        "en": full("/en/"),
        "gu": full("/gu/"),
        "hi": full("/hi/"),
        "x-default": full("/en/"),
    }
    # Each translation points to the same set (hreflang links must be reciprocal).
    assert sitemap[full("/gu/")] == alternates


def test_drafts_restricted_pages_and_withdrawn_stories_are_not_listed(client):
    story_index("en")
    make_story(make_consent(), title="A draft story", slug="a-draft-story")
    story = make_story(
        make_consent(), title="Published story", slug="published-story", publish=True
    )
    restricted = make_story(make_consent(), title="Members only", slug="members-only", publish=True)
    PageViewRestriction.objects.create(
        page=restricted, restriction_type=PageViewRestriction.GROUPS
    ).groups.add(Group.objects.first())
    sitemap = read_sitemap(client)
    assert full(story.url) in sitemap
    assert not any("a-draft-story" in url for url in sitemap)
    assert not any("members-only" in url for url in sitemap)

    story.consent.withdraw()
    assert full(story.url) not in read_sitemap(client)


def test_a_lapsed_consent_leaves_the_sitemap_before_the_daily_job(client):
    import datetime

    from consent.models import ConsentRecord

    story = make_story(make_consent(), slug="lapsing-story", publish=True)
    ConsentRecord.objects.filter(pk=story.consent_id).update(
        review_by=datetime.date.today() - datetime.timedelta(days=1)
    )
    assert not any("lapsing-story" in url for url in read_sitemap(client))


def test_a_page_without_translations_has_no_alternates(client):
    story = make_story(make_consent(), slug="english-only-story", publish=True)
    assert read_sitemap(client)[full(story.url)] == {}


def test_translations_of_a_story_are_alternates_of_each_other(client):
    story = make_story(make_consent(), slug="told-in-three", publish=True)
    story_index("gu")
    gujarati = story.copy_for_translation(Locale.objects.get(language_code="gu"))
    gujarati.save_revision().publish()
    sitemap = read_sitemap(client)
    gujarati.refresh_from_db()
    expected = {"en": full(story.url), "gu": full(gujarati.url), "x-default": full(story.url)}
    assert sitemap[full(story.url)] == expected
    assert sitemap[full(gujarati.url)] == expected


def test_sitemap_queries_do_not_grow_with_the_pages(client, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/sitemap.xml")  # warm Wagtail's site root cache
    with CaptureQueriesContext(connection) as few:
        client.get("/sitemap.xml")
    for number in range(20):
        make_story(make_consent(), slug=f"many-{number}", publish=True)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get("/sitemap.xml")


def test_robots_txt_points_to_the_sitemap_and_keeps_out_of_admin(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_sitemap_and_robots_refuse_writes(client):
    assert client.post("/sitemap.xml").status_code == 405
    assert client.post("/robots.txt").status_code == 405
