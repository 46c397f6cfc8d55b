"""Site search: live, public pages of the reader's language only; odd input never breaks it."""

import datetime
import string

import pytest
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from consent.models import ConsentRecord
from home.models import HomePage
from search.views import MAX_QUERY_LENGTH, clean_query, search_pages, search_terms
from stories.models import StoryIndexPage, StoryPage
from tests.support.helpers import parse
from tests.support.story_factories import make_consent

pytestmark = pytest.mark.django_db

WORD = "marigold"  # in no demo page


def add_story(index, consent, title, *, live=True, minutes_ago=0, **fields):
    fields.setdefault("pseudonym", "Meena")
    fields.setdefault("summary", "A summary.")
    fields.setdefault("body", [{"type": "paragraph", "value": "<p>Plain words.</p>"}])
    fields.setdefault("slug", title.lower().replace(" ", "-"))
    story = StoryPage(
        title=title,
        consent=consent,
        live=live,
        told_on=datetime.date(2024, 3, 1),
        as_told_to=StoryPage.Teller.FIELD_WORKER,
        first_published_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
        **fields,
    )
    return index.add_child(instance=story)


def result_links(response) -> list[str]:
    """The result links, in order (the list of results only, not menus or pagination)."""
    content = response.content.decode()
    if 'class="search-results"' not in content:
        return []
    block = content.split('class="search-results"', 1)[1].split("</ol>", 1)[0]
    return [link["href"] for link in parse(block).find("a")]


def found(client, query: str, language: str = "en") -> list[str]:
    response = client.get(f"/{language}/search/", {"q": query})
    assert response.status_code == 200
    return result_links(response)


@pytest.fixture
def index():
    return StoryIndexPage.objects.get(locale__language_code="en")


@pytest.fixture
def consent():
    return make_consent()


def test_finds_stories_by_pseudonym_summary_and_body(client, index, consent):
    add_story(index, consent, "First", pseudonym="Zubeida")
    add_story(index, consent, "Second", summary="We planted marigold seeds.")
    add_story(
        index, consent, "Third", body=[{"type": "paragraph", "value": "<p>A tamarind tree.</p>"}]
    )
    assert found(client, "Zubeida") == ["/en/stories/first/"]
    assert found(client, WORD) == ["/en/stories/second/"]
    assert found(client, "tamarind") == ["/en/stories/third/"]


def test_finds_the_other_pages_too(client, site_pages):
    for slug, intro in [
        ("about", "Our Drop-In Centre in Gandhidham."),
        ("for-the-media", "What journalists may quote."),
        ("stories", "Each story is told under a pseudonym."),
    ]:
        page = site_pages[("en", slug)]
        page.intro = intro
        page.save_revision().publish()
    assert "/en/about/" in found(client, "Gandhidham")
    assert "/en/for-the-media/" in found(client, "journalists")
    assert "/en/stories/" in found(client, "pseudonym")  # the index's introduction


def test_shows_title_pseudonym_and_description(client, index, consent):
    add_story(index, consent, "Marigolds", pseudonym="Zubeida", summary="We planted seeds.")
    content = client.get("/en/search/", {"q": "marigolds"}).content.decode()
    assert '<a href="/en/stories/marigolds/">Marigolds</a>' in content
    assert "Story told by Zubeida" in content
    assert "We planted seeds." in content
    assert "Results for “marigolds”: 1" in content
    assert consent.storyteller not in content


def test_finds_gujarati_and_hindi_pages_in_their_own_language(client, consent):
    for language, title in [("gu", "રેશન કાર્ડ મળ્યું"), ("hi", "राशन कार्ड मिला")]:
        index = StoryIndexPage.objects.get(locale__language_code=language)
        add_story(index, consent, title, slug="papers-that-match")
    assert "/gu/stories/papers-that-match/" in found(client, "રેશન", "gu")
    assert "/hi/stories/papers-that-match/" in found(client, "राशन", "hi")
    assert found(client, "રેશન", "en") == []


def test_excludes_unpublished_restricted_lapsed_and_other_languages(client, index, consent):
    add_story(index, consent, "Visible", summary=f"A {WORD} story.")
    add_story(index, consent, "Draft", summary=f"A {WORD} draft.", live=False)
    restricted = add_story(index, consent, "Restricted", summary=f"A {WORD} secret.")
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    lapsed = make_consent()
    add_story(index, lapsed, "Lapsed", summary=f"A {WORD} withdrawn story.")
    ConsentRecord.objects.filter(pk=lapsed.pk).update(status=ConsentRecord.Status.WITHDRAWN)
    gu_index = StoryIndexPage.objects.get(locale__language_code="gu")
    add_story(gu_index, consent, "Gujarati", summary=f"A {WORD} translation.")

    assert found(client, WORD) == ["/en/stories/visible/"]
    assert found(client, WORD, "gu") == ["/gu/stories/gujarati/"]


def test_excludes_pages_below_a_restricted_page(client, consent):
    home = HomePage.objects.get(locale__language_code="en")
    hidden_index = home.add_child(instance=StoryIndexPage(title="Members only", slug="members"))
    PageViewRestriction.objects.create(page=hidden_index, restriction_type="login")
    add_story(hidden_index, consent, "Inside", summary=f"A {WORD} story for members.")
    assert found(client, WORD) == []
    assert "/en/members/" not in found(client, "Members only")


def test_results_are_paginated(client, index, consent):
    for number in range(13):
        add_story(index, consent, f"Marigold {number:02d}", summary=f"{WORD} number {number}")
    first = client.get("/en/search/", {"q": WORD})
    assert len(result_links(first)) == 10
    assert f"Results for “{WORD}”: 13" in first.content.decode()
    next_link = parse(first.content).find("a", rel="next")[0]["href"]
    assert next_link == f"?q={WORD}&page=2"
    second = client.get(f"/en/search/{next_link}")
    assert len(result_links(second)) == 3
    assert not set(result_links(first)) & set(result_links(second))
    assert client.get("/en/search/", {"q": WORD, "page": "3"}).status_code == 404


@pytest.mark.parametrize("page", ["0", "-1", "x", "9" * 100, "\x00"])
def test_bad_page_numbers_are_a_404(client, page):
    assert client.get("/en/search/", {"q": "rights", "page": page}).status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        '"',
        '"unbalanced',
        "'; DROP TABLE wagtailcore_page; --",
        "rights AND OR NOT",
        "*",
        "NEAR(a b)",
        "^title:",
        "(((",
        "a" * 10_000,
        "rights " * 2_000,
        "\x00",
        "school\x00pension",
        "%",
        "\\",
        "🙂",
        "ગુજરાતી हिन्दी English",
        "-",
        "+",
        ":",
        "{}[]",
        "\u200d\u200c",
    ],
)
def test_odd_queries_never_break_the_page(client, query):
    response = client.get("/en/search/", {"q": query})
    assert response.status_code == 200
    assert not response.cookies


def test_no_punctuation_is_read_as_search_syntax():
    # SQLite's FTS5 and PostgreSQL's tsquery both have a syntax; readers' text must not reach it.
    pairs = [a + b for a in string.punctuation for b in string.punctuation]
    words = [f"{mark}rights school{mark}" for mark in string.punctuation]
    for raw in [*pairs, *words, 'title:rights "ration', "rights -school", "AND OR NOT NEAR"]:
        results = search_pages(clean_query(raw), "en")
        results.count()
        list(results[:10])


def test_queries_are_cleaned_and_cut_to_a_sane_length():
    assert clean_query("  school \x00\t pension \n") == "school pension"
    assert len(clean_query("a" * 10_000)) == MAX_QUERY_LENGTH
    assert search_terms("क्\u200dष") == "क्\u200dष"  # joiners in Indic text are kept
    assert search_terms('"ration card" (Aadhaar)!') == "ration card Aadhaar"
    assert search_terms("રેશન કાર્ડ, राशन") == "રેશન કાર્ડ राशन"


def test_empty_search_shows_the_form_only(client):
    response = client.get("/en/search/")
    html = parse(response.content)
    assert response.status_code == 200
    form = html.find("form", role="search")[0]
    assert form["method"] == "get" and form["action"] == "/en/search/"
    assert not html.find("input", name="csrfmiddlewaretoken")
    assert 'class="search-results"' not in response.content.decode()


def test_search_form_is_on_the_story_index(client):
    html = parse(client.get("/gu/stories/").content)
    assert html.find("form", role="search", action="/gu/search/")


@pytest.mark.parametrize("logged_in", [False, True])
def test_search_sets_no_cookie_and_does_not_vary_on_cookie(client, staff_member, logged_in):
    if logged_in:
        client.force_login(staff_member)  # an editor who also reads the site
    for url in ["/en/search/", "/gu/search/?q=રેશન", "/hi/search/?q=x&page=2"]:
        response = client.get(url)
        assert not response.cookies, url
        assert "cookie" not in response.headers.get("Vary", "").lower(), url


def test_search_page_is_in_the_readers_language_and_not_indexed(client):
    response = client.get("/gu/search/?q=રેશન")
    html = parse(response.content)
    assert html.find("html")[0]["lang"] == "gu"
    assert html.find("meta", name="robots")[0]["content"].startswith("noindex")


def test_search_page_has_its_languages_menu_and_a_share_title(client):
    html = client.get("/gu/search/").content.decode()
    menu = html[html.index('class="main-menu') :]
    gujarati_menu = Page.objects.live().filter(
        depth=3, show_in_menus=True, locale__language_code="gu"
    )
    assert gujarati_menu.exists()
    for item in gujarati_menu:
        assert item.url in menu
    assert '<meta property="og:title" content="">' not in html
