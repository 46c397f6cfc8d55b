"""The three places a story's words reach journalists — the quotable voices page, the press feed
and the media kit — together: a story without press consent is in none of them; a leader
withdrawing the consent takes it out of all three at once, stored kits included."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.press.quotable_helpers import press_index, quotable_story, voices_page
from tests.press.test_media_kit import download, kit_of, stored_kits

pytestmark = pytest.mark.django_db

QUOTED = "We asked for our ration cards together, and we got them."
NOT_FOR_THE_PRESS = "Nobody outside the centre may read these words."


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def what_journalists_get(reader: Client) -> dict[str, str]:
    room = press_index("en")
    page = reader.get(voices_page("en").url)
    feed = reader.get(room.url + "feed/")
    assert page.status_code == 200 and feed.status_code == 200
    kit = kit_of(download(room, reader))
    return {
        "quotable voices page": page.content.decode(),
        "press feed": feed.content.decode(),
        "media kit": kit.read("quotes.txt").decode() if "quotes.txt" in kit.namelist() else "",
    }


def test_press_consent_decides_every_press_surface_and_its_withdrawal_empties_them_at_once(
    leader_client,
):
    voices_page("en")
    quoted = quotable_story(QUOTED, title="Ration cards for all of us", pseudonym="Kamla")
    quotable_story(NOT_FOR_THE_PRESS, title="Only for our members", press=False)
    reader = Client()

    before = what_journalists_get(reader)
    for surface, text in before.items():
        assert QUOTED in text, surface
        assert NOT_FOR_THE_PRESS not in text, surface
    assert "Kamla (a pseudonym), a member of Samvedna, Kutch" in before["media kit"]
    assert any(QUOTED in kit.read("quotes.txt").decode() for kit in stored_kits())

    response = leader_client.post(
        reverse("consent_withdraw", args=[quoted.consent_id]), {"understood": "yes"}
    )
    assert response.status_code == 302

    # Nothing stored still holds her words, before anyone asks for the kit again.
    assert not any(
        QUOTED in kit.read(name).decode(errors="replace")
        for kit in stored_kits()
        for name in kit.namelist()
    )
    after = what_journalists_get(reader)
    for surface, text in after.items():
        assert QUOTED not in text, surface
        assert "Kamla" not in text, surface
