"""The demo's quotable voices (demo/stories.py): three stories whose consent covers the press
offer their pull quotes to journalists in each language; the other three have no press consent."""

import pytest
from wagtail.models import Locale

from press.quotable import quotable_voices
from stories.models import StoryPage

pytestmark = pytest.mark.django_db

PRESS_STORIES = {"papers-that-match", "a-place-where-we-can-sit", "i-took-the-mike"}
SCRIPT = {"en": ("A", "z"), "gu": ("\u0a80", "\u0aff"), "hi": ("\u0900", "\u097f")}


@pytest.mark.parametrize("language", ["en", "gu", "hi"])
def test_three_demo_stories_are_quotable_in_each_language_in_its_own_script(language):
    locale = Locale.objects.get(language_code=language)
    voices = quotable_voices(locale.pk)
    assert {voice.url.rstrip("/").rsplit("/", 1)[-1] for voice in voices} == PRESS_STORIES
    low, high = SCRIPT[language]
    for voice in voices:
        assert voice.excerpts
        for excerpt in voice.excerpts:
            assert any(low <= character <= high for character in excerpt), excerpt


def test_the_other_demo_stories_have_no_press_consent():
    for story in StoryPage.objects.select_related("consent"):
        quotable = story.slug in PRESS_STORIES
        assert story.consent.covers_press is quotable, story.slug
        assert story.press_use is quotable, story.slug
        assert bool(story.quotable_excerpts) is quotable, story.slug
