"""Build the press room for tests: the index, releases and the pages linked from it."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from wagtail.models import Locale, Page

from home.models import HomePage
from press.models import (
    FactSheetPage,
    PressIndexPage,
    PressReleasePage,
    QuotableVoicesPage,
    ReportingGuidancePage,
)

# Gujarati and Hindi pages carry their own script, as real ones do.
ROOM_TITLES = {"en": "Press room", "gu": "પ્રેસ વિભાગ", "hi": "प्रेस कक्ष"}
RELEASE_TITLES = {
    "en": "Samvedna marks International Sex Workers Day",
    "gu": "સંવેદનાએ આંતરરાષ્ટ્રીય સેક્સ વર્કર દિવસ ઉજવ્યો",
    "hi": "संवेदना ने अंतर्राष्ट्रीय सेक्स वर्कर दिवस मनाया",
}
QUOTABLE_TITLES = {"en": "Quotable voices", "gu": "ટાંકી શકાય તેવા અવાજો", "hi": "उद्धृत करने योग्य आवाज़ें"}
FACT_SHEET_TITLES = {"en": "Fact sheet", "gu": "તથ્ય પત્રક", "hi": "तथ्य पत्रक"}
GUIDANCE_TITLES = {
    "en": "How to write about sex workers",
    "gu": "સેક્સ વર્કર વિશે કેવી રીતે લખવું",
    "hi": "सेक्स वर्करों के बारे में कैसे लिखें",
}
EXAMPLE_NOTE = "Example text for Samvedna to rewrite in its own words."


def new_room(language: str = "en", slug: str = "press", **fields: Any) -> PressIndexPage:
    """The press room under a language's home page (its translation when English has one)."""
    if language != "en":
        english = PressIndexPage.objects.filter(locale__language_code="en", slug=slug).first()
        if english is not None:
            room = english.copy_for_translation(Locale.objects.get(language_code=language))
            room.title = ROOM_TITLES[language]
            room.save_revision().publish()
            return PressIndexPage.objects.get(pk=room.pk)
    fields.setdefault("intro", "News and statements from the collective.")
    home = HomePage.objects.get(locale__language_code=language)
    room = home.add_child(instance=PressIndexPage(title=ROOM_TITLES[language], slug=slug, **fields))
    room.save_revision().publish()
    return room


def site_room(language: str = "en") -> PressIndexPage:
    return PressIndexPage.objects.get(locale__language_code=language, slug="press")


def add_release(
    room: PressIndexPage,
    title: str,
    *,
    date: datetime.date | None = None,
    live: bool = True,
    publish: bool = False,
    **fields: Any,
) -> PressReleasePage:
    """A release under ``room``; ``live=True`` creates it live directly (no revision), like
    Wagtail's ``add_child``; ``publish=True`` goes through a revision instead."""
    fields.setdefault("summary", f"Summary of {title}.")
    fields.setdefault("slug", title.lower().replace(" ", "-")[:50])
    release = PressReleasePage(
        title=title,
        date=date or datetime.date(2024, 6, 1),
        live=live and not publish,
        **fields,
    )
    if live and not publish:
        release.first_published_at = timezone.now()
    room.add_child(instance=release)
    if publish:
        release.save_revision().publish()
        release.refresh_from_db()
    return release


def _published_child(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def fact_sheet(room: PressIndexPage) -> FactSheetPage:
    return _published_child(
        room,
        FactSheetPage(
            title=FACT_SHEET_TITLES["en"],
            slug="fact-sheet",
            intro="The collective in figures.",
            members=500,
            blocks_of_kutch="Bhuj, Gandhidham, Anjar, Mundra, Mandvi",
            drop_in_centres=2,
            working_since=2016,
            key_events=[
                {"type": "event", "value": {"year": 2023, "text": "First Sex Workers Day"}},
            ],
            body=[{"type": "paragraph", "value": "<p>Written by the tests.</p>"}],
        ),
    )


def reporting_guidance(room: PressIndexPage) -> ReportingGuidancePage:
    return _published_child(
        room,
        ReportingGuidancePage(
            title=GUIDANCE_TITLES["en"],
            slug="reporting-guidance",
            example_note=EXAMPLE_NOTE,
            intro="Use the words the community uses.",
            body=[{"type": "paragraph", "value": "<p>Never a real name.</p>"}],
        ),
    )


def quotable_voices(room: PressIndexPage) -> QuotableVoicesPage:
    return _published_child(
        room,
        QuotableVoicesPage(
            title=QUOTABLE_TITLES["en"], slug="quotable-voices", intro="Words you may quote."
        ),
    )


def translate(page: Page, language: str, title: str) -> Page:
    translation = page.copy_for_translation(Locale.objects.get(language_code=language))
    translation.title = title
    translation.save_revision().publish()
    return type(page).objects.get(pk=translation.pk)


def add_press_room() -> list[Page]:
    """The press room with a release, quotable voices, a fact sheet and the reporting guidance,
    in English, Gujarati and Hindi. Returns the new pages."""
    room = new_room()
    release = add_release(room, RELEASE_TITLES["en"], publish=True, kind="statement")
    english = [
        (release, RELEASE_TITLES),
        (quotable_voices(room), QUOTABLE_TITLES),
        (fact_sheet(room), FACT_SHEET_TITLES),
        (reporting_guidance(room), GUIDANCE_TITLES),
    ]
    pages: list[Page] = [room] + [page for page, _titles in english]
    for language in ("gu", "hi"):
        pages.append(new_room(language))
        pages += [translate(page, language, titles[language]) for page, titles in english]
    return pages
