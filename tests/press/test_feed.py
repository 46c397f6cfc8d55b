"""The press room's RSS feed (press/feeds.py): the room's live releases and the quotable voices of
its language, newest first, 20 at most, each with a title, link, text and date, never an image.
(Which voices may appear, and their removal on withdrawal, is tested in test_quotable.py.)"""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.test import Client

from press.models import PressReleasePage
from tests.press.quotable_helpers import press_index, press_release, quotable_story

pytestmark = pytest.mark.django_db


def feed_items(language: str = "en") -> list[dict[str, str]]:
    response = Client().get(press_index(language).url + "feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    assert "Set-Cookie" not in response.headers
    channel = ET.fromstring(response.content).find("channel")
    assert channel is not None
    return [{child.tag: (child.text or "") for child in item} for item in channel.findall("item")]


def test_releases_and_voices_newest_first_with_title_link_text_and_date():
    older = press_release(
        "Statement on the raids in Bhuj",
        "Samvedna asks for the rights of sex workers to be respected.",
        datetime.date(2024, 5, 2),
    )
    newer = press_release(
        "International Sex Workers Day in Bhuj",
        "Over 150 women met in Bhuj.",
        datetime.date(2024, 6, 1),
    )
    story = quotable_story("We want to work without fear.", title="Working without fear")
    items = feed_items()
    assert [item["title"] for item in items] == [
        "Quotable: Working without fear",
        newer.title,
        older.title,
    ]
    voice, first_release, _second = items
    assert voice["link"].endswith(story.url)
    assert "“We want to work without fear.”" in voice["description"]
    assert "Meena (a pseudonym), a member of Samvedna, Kutch" in voice["description"]
    assert first_release["link"].endswith(newer.url)
    assert first_release["description"] == newer.summary
    assert first_release["pubDate"].startswith("Sat, 01 Jun 2024")
    for item in items:
        assert set(item) >= {"title", "link", "description", "pubDate", "guid"}
        assert "enclosure" not in item


def test_drafts_and_other_languages_releases_stay_out():
    press_release("Published", "Out now.", datetime.date(2024, 6, 1))
    draft = press_index("en").add_child(
        instance=PressReleasePage(
            title="Not yet", date=datetime.date(2024, 6, 2), summary="Draft.", live=False
        )
    )
    draft.save_revision()
    press_release("ગુજરાતીમાં નિવેદન", "ફક્ત ગુજરાતી.", datetime.date(2024, 6, 3), language="gu")
    assert [item["title"] for item in feed_items("en")] == ["Published"]
    assert [item["title"] for item in feed_items("gu")] == ["ગુજરાતીમાં નિવેદન"]


def test_twenty_items_at_most():
    for day in range(1, 24):
        press_release(f"Release {day}", "Text.", datetime.date(2024, 1, day))
    quotable_story("Words for the press.", title="A voice")
    items = feed_items()
    assert len(items) == 20
    assert items[0]["title"] == "Quotable: A voice"
    assert items[-1]["title"] == "Release 5"
