"""The site search finds live, public events in the reader's language only."""

import pytest

from tests.support.event_factories import add_event, new_index

pytestmark = pytest.mark.django_db

WORD = "saffronmeet"  # in no demo page


def result_links(client, language: str, query: str) -> list[str]:
    from tests.support.helpers import parse

    html = parse(client.get(f"/{language}/search/?q={query}").content)
    return [a["href"] for a in html.find("a") if "/test-events/" in a["href"]]


def test_an_event_is_found_in_its_language_and_not_in_another(client):
    add_event(new_index(), "English meeting", announcement=f"A {WORD} for members.")
    add_event(new_index("gu", slug="gu-test-events"), "ગુજરાતી બેઠક", slug="gu-meeting")
    assert result_links(client, "en", WORD) == ["/en/test-events/english-meeting/"]
    assert result_links(client, "gu", WORD) == []
    assert result_links(client, "hi", WORD) == []


def test_recap_and_guests_are_searched_and_drafts_are_not(client):
    index = new_index()
    add_event(
        index,
        "Recap searched",
        recap=[{"type": "paragraph", "value": f"<p>We talked about {WORD}.</p>"}],
    )
    add_event(index, "Guests searched", guests=f"A {WORD} speaker")
    add_event(index, "Draft", announcement=f"A {WORD} draft.", live=False)
    links = result_links(client, "en", WORD)
    assert sorted(links) == ["/en/test-events/guests-searched/", "/en/test-events/recap-searched/"]


def test_a_gujarati_event_is_found_by_gujarati_words(client):
    from wagtail.models import Locale

    from tests.support.event_factories import add_event, site_index
    from tests.support.helpers import parse

    english = add_event(site_index("en"), "Sex Workers Day", slug="sex-workers-day")
    gujarati = english.copy_for_translation(Locale.objects.get(language_code="gu"))
    gujarati.title = "ભુજમાં આંતરરાષ્ટ્રીય સેક્સ વર્કર દિવસ"
    gujarati.save_revision().publish()

    html = parse(client.get("/gu/search/?q=આંતરરાષ્ટ્રીય").content)
    assert "/gu/events/sex-workers-day/" in [a["href"] for a in html.find("a")]
    in_english = parse(client.get("/en/search/?q=આંતરરાષ્ટ્રીય").content)
    assert not [a for a in in_english.find("a") if "sex-workers-day" in a["href"]]
