"""The demo press room: an index per language in the menu with two releases (one a statement),
quotable voices, the fact sheet from KMVS's programme facts and the reporting guidance with its
example note, all labelled as demo content; the former "For the media" page leads there."""

import re

import pytest
from wagtail.models import WorkflowPage

from demo.home import DEMO_NOTE
from demo.press import EXAMPLE_NOTE
from moderation.groups import EVENT_WORKFLOW
from press.models import (
    FactSheetPage,
    PressIndexPage,
    PressReleasePage,
    QuotableVoicesPage,
    ReportingGuidancePage,
)

pytestmark = pytest.mark.django_db

LANGUAGES = ("en", "gu", "hi")
SCRIPTS = {"gu": re.compile("[\u0a80-\u0aff]"), "hi": re.compile("[\u0900-\u097f]")}


def test_each_language_has_a_press_room_with_its_pages():
    for language in LANGUAGES:
        room = PressIndexPage.objects.get(locale__language_code=language, slug="press")
        assert room.live and room.show_in_menus and room.demo_note
        assert WorkflowPage.objects.get(page=room).workflow.name == EVENT_WORKFLOW
        releases = PressReleasePage.objects.live().child_of(room)
        assert sorted(releases.values_list("kind", flat=True)) == ["release", "statement"]
        for model in (QuotableVoicesPage, FactSheetPage, ReportingGuidancePage):
            assert model.objects.live().child_of(room).count() == 1
        if language in SCRIPTS:
            assert SCRIPTS[language].search(room.title)
            assert all(SCRIPTS[language].search(r.title) for r in releases)


def test_the_fact_sheet_carries_the_programme_facts(client):
    for language in LANGUAGES:
        sheet = FactSheetPage.objects.get(locale__language_code=language)
        assert (sheet.members, sheet.drop_in_centres, sheet.working_since) == (500, 2, 2016)
        html = client.get(sheet.url).content.decode()
        assert DEMO_NOTE[language] in html
    english = client.get(FactSheetPage.objects.get(locale__language_code="en").url)
    html = english.content.decode()
    for fact in ("Over 500 women", "11 March", "1 June", "over 150 women", "National Network"):
        assert fact in html


def test_the_reporting_guidance_is_a_labelled_example_covering_the_essentials(client):
    for language in LANGUAGES:
        guidance = ReportingGuidancePage.objects.get(locale__language_code=language)
        assert guidance.example_note == EXAMPLE_NOTE[language]
        html = client.get(guidance.url).content.decode()
        assert html.index(EXAMPLE_NOTE[language]) < html.index("<h1")
    html = client.get(ReportingGuidancePage.objects.get(locale__language_code="en").url)
    text = html.content.decode()
    for essential in (
        "Say “sex worker”",  # the community's own words
        "Never publish anything that could identify a woman",  # no names or locations
        "without her consent",  # no photos without consent
        "Asking for an interview",  # through the collective
    ):
        assert essential in text


def test_the_release_pages_are_labelled_and_dated(client):
    for release in PressReleasePage.objects.filter(live=True):
        html = client.get(release.url).content.decode()
        assert DEMO_NOTE[release.locale.language_code] in html
        assert f'datetime="{release.date:%Y-%m-%d}"' in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_former_media_page_leads_to_the_guidance(client, language):
    response = client.get(f"/{language}/for-the-media/")
    guidance = ReportingGuidancePage.objects.get(locale__language_code=language)
    assert response.status_code == 301
    assert response["Location"].endswith(guidance.url)


def test_each_rooms_media_kit_holds_the_demo_logo_the_fact_sheet_and_quotes(client):
    import io
    import zipfile

    for language in LANGUAGES:
        room = PressIndexPage.objects.get(locale__language_code=language, slug="press")
        response = client.get(room.url + "media-kit/")
        assert response.status_code == 200
        kit = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
        assert {"logo-1.png", "fact-sheet.txt", "quotes.txt", "credits.txt"} <= set(kit.namelist())
        assert "demo" in kit.read("credits.txt").decode()
