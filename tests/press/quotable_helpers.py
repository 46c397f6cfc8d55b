"""The press room as the quotable voices and press feed tests need it: a press index with its
quotable voices page in each language, and stories whose consent covers the press.

Kept local to these tests (tests/support/press_pages.py is written with the press pages)."""

from __future__ import annotations

import datetime

from wagtail.models import Locale

from home.models import HomePage
from press.models import PressIndexPage, PressReleasePage, QuotableVoicesPage
from tests.support.story_factories import make_consent, make_story, publish_translation

VOICES_TITLES = {"en": "Quotable voices", "gu": "ઉદ્ધરણ લાયક અવાજો", "hi": "उद्धरण योग्य आवाज़ें"}
PRESS_TITLES = {"en": "Press", "gu": "પ્રેસ", "hi": "प्रेस"}


def press_index(language: str = "en") -> PressIndexPage:
    existing = PressIndexPage.objects.filter(locale__language_code=language).first()
    if existing:
        return existing
    if language != "en":
        index = press_index("en").copy_for_translation(Locale.objects.get(language_code=language))
        index.title = PRESS_TITLES[language]
        index.save_revision().publish()
        return index
    home = HomePage.objects.get(locale__language_code="en")
    index = home.add_child(instance=PressIndexPage(title=PRESS_TITLES["en"], slug="press"))
    index.save_revision().publish()
    return index


def voices_page(language: str = "en") -> QuotableVoicesPage:
    existing = QuotableVoicesPage.objects.filter(locale__language_code=language).first()
    if existing:
        return existing
    if language != "en":
        press_index(language)
        page = voices_page("en").copy_for_translation(Locale.objects.get(language_code=language))
        page.title = VOICES_TITLES[language]
        page.save_revision().publish()
        return page
    page = press_index("en").add_child(
        instance=QuotableVoicesPage(
            title=VOICES_TITLES["en"], slug="quotable-voices", intro="Words journalists may use."
        )
    )
    page.save_revision().publish()
    return page


def excerpts(*texts: str) -> list[dict]:
    return [{"type": "excerpt", "value": text} for text in texts]


def quotable_story(
    excerpt: str,
    *,
    title: str,
    pseudonym: str = "Meena",
    press: bool = True,
    press_use: bool = True,
    languages: tuple[str, ...] = ("en", "gu", "hi"),
    language: str = "en",
    **consent_fields,
):
    """A published story with one quotable excerpt. ``press=False`` publishes it with a consent
    that does not cover the press (so without press use, which the guard would refuse)."""
    consent = make_consent(press=press, languages=languages, **consent_fields)
    story = make_story(
        consent,
        title=title,
        pseudonym=pseudonym,
        language=language,
        press_use=press_use and press,
        quotable_excerpts=excerpts(excerpt),
        publish=True,
    )
    assert story.live
    return story


def translated(story, language: str, title: str, excerpt: str):
    """A published translation with its own excerpt in that language's script."""
    translation = publish_translation(story, language, title)
    translation.quotable_excerpts = excerpts(excerpt)
    translation.save_revision().publish()
    translation.refresh_from_db()
    return translation


def press_release(title: str, summary: str, day: datetime.date, language: str = "en"):
    release = press_index(language).add_child(
        instance=PressReleasePage(title=title, date=day, summary=summary)
    )
    release.save_revision().publish()
    return release
