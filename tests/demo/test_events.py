"""The demo events: three events in English, Gujarati and Hindi under an index per language,
labelled as demo content, facts as KMVS's programme description gives them, and loading the
demo again creates nothing."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page

from demo.events import EVENTS
from demo.home import DEMO_NOTE
from events.models import EventIndexPage, EventPage
from events.timezones import in_india
from tests.support.helpers import parse

pytestmark = pytest.mark.django_db

LANGUAGES = ("en", "gu", "hi")
SLUGS = [spec["slug"] for spec in EVENTS]


def demo_event(language: str, slug: str) -> EventPage:
    return EventPage.objects.get(locale__language_code=language, slug=slug)


def test_each_language_has_an_events_index_in_the_menu_with_the_three_events():
    for language in LANGUAGES:
        index = EventIndexPage.objects.get(locale__language_code=language, slug="events")
        assert index.live and index.show_in_menus
        events = EventPage.objects.child_of(index).live()
        assert sorted(events.values_list("slug", flat=True)) == sorted(SLUGS)


def test_the_events_are_translations_of_each_other_with_their_own_text():
    for slug in SLUGS:
        english = demo_event("en", slug)
        titles = set()
        for language in LANGUAGES:
            event = demo_event(language, slug)
            assert event.translation_key == english.translation_key
            assert (event.start, event.end, event.town) == (
                english.start,
                english.end,
                english.town,
            )
            titles.add(event.title)
        assert len(titles) == 3, titles  # really written in each language


def test_programme_facts_dates_and_towns():
    sanvad = demo_event("en", "samvedna-saathe-sanvad")
    assert in_india(sanvad.start).date() == datetime.date(2023, 3, 11)
    assert sanvad.town == "bhuj"
    assert "Anchored by a sex worker" in sanvad.announcement
    day = demo_event("en", "international-sex-workers-day-2023")
    assert in_india(day.start).date() == datetime.date(2023, 6, 1)
    assert day.town == "bhuj" and day.attendance == 150
    assert "Right to Work without Violence. Right to Live with Dignity." in day.announcement
    assert "several government departments" in day.guests


def test_the_example_event_is_upcoming_and_says_it_is_an_example(client):
    example = demo_event("en", "example-identity-papers-that-match")
    assert example.start > timezone.now()
    for language, label in [("en", "Example event"), ("gu", "ઉદાહરણ"), ("hi", "उदाहरण")]:
        event = demo_event(language, example.slug)
        assert event.title.startswith(label)
        html = client.get(event.url).content.decode()
        assert label in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_demo_event_page_carries_the_demo_note_and_renders(client, language):
    note = DEMO_NOTE[language].replace("<p><em>", "").replace("</em></p>", "")
    index = EventIndexPage.objects.get(locale__language_code=language, slug="events")
    html = client.get(index.url).content.decode()
    assert note in html
    for slug in SLUGS:
        response = client.get(demo_event(language, slug).url)
        assert response.status_code == 200
        page = response.content.decode()
        assert note in page
        assert parse(response.content).find("html")[0]["lang"] == language


def test_the_demo_shows_no_photos(client):
    for event in EventPage.objects.filter(slug__in=SLUGS):
        assert event.photo_uses() == []
        assert event.og_image_id is None


def test_loading_the_demo_again_creates_nothing():
    pages = Page.objects.count()
    example = demo_event("en", "example-identity-papers-that-match")
    call_command("load_demo", verbosity=0)
    assert Page.objects.count() == pages
    assert demo_event("en", example.slug).start == example.start  # left exactly as it was
