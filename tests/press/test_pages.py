"""The press room's pages as a journalist reads them: releases newest first, NewsArticle JSON-LD,
the interview address as a mailto: link and never a form, the fact sheet's figures, the
reporting guidance's example note, in three languages and within the site's budgets."""

import datetime
import json
import re
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from press.listing import PAGE_SIZE
from tests.cross_cutting.test_budgets import HOME_PAGE_BUDGET_BYTES, MAX_QUERIES
from tests.support import press_pages
from tests.support.site import SETTINGS

pytestmark = pytest.mark.django_db

GUJARATI = re.compile("[\u0a80-\u0aff]")
DEVANAGARI = re.compile("[\u0900-\u097f]")
SCRIPTS = {"gu": GUJARATI, "hi": DEVANAGARI}


@pytest.fixture
def press_room():
    """The press room with its pages in three languages: {(language, slug): page}."""
    pages = press_pages.add_press_room()
    return {(page.locale.language_code, page.slug): page for page in pages}


def release_titles(html: str) -> list[str]:
    return re.findall(r'class="story-card__link" href="[^"]+">([^<]+)</a>', html)


def json_ld(html: str) -> dict:
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(found) == 1
    return json.loads(found[0])


def test_releases_are_listed_newest_first_by_date(client):
    room = press_pages.new_room()
    press_pages.add_release(room, "Older", date=datetime.date(2023, 3, 11))
    press_pages.add_release(room, "Newest", date=datetime.date(2024, 6, 1))
    press_pages.add_release(room, "Middle", date=datetime.date(2023, 6, 1))
    press_pages.add_release(room, "Not yet", date=datetime.date(2025, 1, 1), live=False)
    html = client.get(room.url).content.decode()
    assert release_titles(html) == ["Newest", "Middle", "Older"]
    assert '<time datetime="2024-06-01">1 June 2024</time>' in html


def test_pages_of_releases_and_a_bad_page_number_is_a_404(client):
    room = press_pages.new_room()
    for day in range(1, PAGE_SIZE + 3):
        press_pages.add_release(room, f"Release {day}", date=datetime.date(2024, 1, day))
    first = client.get(room.url).content.decode()
    second = client.get(room.url + "?page=2").content.decode()
    assert release_titles(first)[0] == f"Release {PAGE_SIZE + 2}"
    assert release_titles(second) == ["Release 2", "Release 1"]
    assert 'href="?page=2"' in first
    for bad in ("3", "0", "x", "-1", "9" * 20):
        assert client.get(room.url + f"?page={bad}").status_code == 404


def test_the_release_carries_news_article_json_ld(client, press_room):
    release = press_room[("en", press_pages.RELEASE_TITLES["en"].lower().replace(" ", "-")[:50])]
    response = client.get(release.url)
    assert response.status_code == 200
    data = json_ld(response.content.decode())
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == release.title
    assert data["description"] == release.summary
    assert data["datePublished"] == "2024-06-01"
    assert data["dateModified"].startswith(str(release.last_published_at.date()))
    assert data["inLanguage"] == "en"
    assert data["url"] == "http://testserver" + release.url
    assert data["publisher"] == {"@type": "Organization", "name": "Samvedna"}
    assert "image" not in data
    assert data["author"]["@type"] == "Organization"  # never a person


def test_json_ld_cannot_end_its_script_element(client):
    room = press_pages.new_room()
    release = press_pages.add_release(
        room, "A headline </script><script>alert(1)</script>", slug="hostile"
    )
    html = client.get(release.url).content.decode()
    assert "</script><script>alert(1)" not in html
    assert json_ld(html)["headline"] == release.title


def test_no_press_page_has_a_form_and_each_gives_the_press_address(client, press_room):
    mailto = f'href="mailto:{SETTINGS["press_email"]}"'
    for page in press_room.values():
        if page.slug == "quotable-voices":
            continue  # another helper's template (press/quotable.py)
        html = client.get(page.url).content.decode()
        body = html[html.index("<main") : html.index("</main>")]
        assert "<form" not in body and "<input" not in body, page.url
        assert mailto in body, page.url


def test_the_index_links_the_press_room_pages_kit_and_feed(client, press_room):
    room = press_room[("en", "press")]
    html = client.get(room.url).content.decode()
    for slug in ("quotable-voices", "fact-sheet", "reporting-guidance"):
        assert f'href="{press_room[("en", slug)].url}"' in html
    assert f'href="{room.url}media-kit/"' in html
    assert f'href="{room.url}feed/"' in html
    assert "Interview requests: write to" in html


def test_the_guidance_shows_its_example_note_first(client, press_room):
    html = client.get(press_room[("en", "reporting-guidance")].url).content.decode()
    note = html.index(press_pages.EXAMPLE_NOTE)
    assert 'class="demo-note example-note"' in html
    assert note < html.index("<h1")


def test_an_emptied_example_note_is_not_shown(client, press_room):
    guidance = press_room[("en", "reporting-guidance")]
    guidance.example_note = ""
    guidance.save_revision().publish()
    html = client.get(guidance.url).content.decode()
    assert "example-note" not in html


def test_the_fact_sheet_shows_its_figures(client, press_room):
    html = client.get(press_room[("en", "fact-sheet")].url).content.decode()
    for text in ("Over 500 women", "Bhuj, Gandhidham, Anjar, Mundra, Mandvi", "2016", "2023"):
        assert text in html
    assert "First Sex Workers Day" in html


@pytest.mark.parametrize("language", ["gu", "hi"])
def test_the_press_pages_speak_gujarati_and_hindi_in_their_own_script(client, press_room, language):
    for (code, _slug), page in press_room.items():
        if code != language:
            continue
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        html = response.content.decode()
        assert f'<html lang="{language}"' in html
        h1 = re.search(r"<h1[^>]*>([^<]+)</h1>", html).group(1)
        assert SCRIPTS[language].search(h1), (page.url, h1)


def test_labels_and_dates_are_in_the_pages_language(client, press_room):
    from django.utils import translation

    release = next(
        page
        for (code, _slug), page in press_room.items()
        if code == "gu" and page.depth == 4 and page.specific_class.__name__ == "PressReleasePage"
    )
    html = client.get(release.url).content.decode()
    with translation.override("gu"):
        month = translation.gettext("June")
        kind = translation.gettext("statement")
    assert f"1 {month} 2024" in html
    assert kind in html


def test_press_pages_stay_within_the_query_budget(client, press_room):
    room = press_pages.site_room()
    for day in range(1, 8):
        press_pages.add_release(room, f"More {day}", date=datetime.date(2023, 1, day))
    for page in press_room.values():
        client.get(page.url)  # warm the per-process caches, as test_budgets does
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page.url)
        assert response.status_code == 200
        assert len(queries) <= MAX_QUERIES, f"{page.url} ran {len(queries)} queries"


def test_the_index_runs_as_many_queries_with_twelve_releases_as_with_two(client):
    room = press_pages.new_room()
    counts = []
    for first, last in ((1, 2), (3, 12)):
        for day in range(first, last + 1):
            press_pages.add_release(room, f"Release {day}", date=datetime.date(2024, 2, day))
        client.get(room.url)
        with CaptureQueriesContext(connection) as queries:
            client.get(room.url)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_press_pages_with_their_css_and_js_weigh_less_than_the_page_budget(client, press_room):
    from django.contrib.staticfiles import finders

    for page in press_room.values():
        html = client.get(page.url).content.decode()
        assets = re.findall(r'(?:href|src)="/static/([^"]+\.(?:css|js))"', html)
        assert assets, page.url
        size = len(html.encode()) + sum(Path(finders.find(a)).stat().st_size for a in assets)
        assert size <= HOME_PAGE_BUDGET_BYTES, f"{page.url}: {size} bytes"


def test_site_search_finds_live_releases_by_summary_only(client):
    room = press_pages.new_room()
    press_pages.add_release(room, "Live release", summary="Marigolds for the district office.")
    press_pages.add_release(room, "Draft release", summary="Marigolds not yet.", live=False)
    html = client.get("/en/search/", {"q": "marigolds"}).content.decode()
    assert f'href="{room.url}live-release/"' in html
    assert "draft-release" not in html


def test_the_sitemap_lists_live_press_pages_only(client, press_room):
    room = press_room[("en", "press")]
    press_pages.add_release(room, "Draft release", live=False)
    sitemap = client.get("/sitemap.xml").content.decode()
    for page in press_room.values():
        assert f"http://testserver{page.url}</loc>" in sitemap, page.url
    assert "draft-release" not in sitemap
