"""What every demo section (stories, events, guides) builds the same way: its index page in
the three languages with the demo note (the index's ``demo_note``, shown after its introduction),
publishing."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.html import strip_tags
from wagtail.models import Locale, Page

from .home import DEMO_NOTE

SOURCE_LANGUAGE = "en"


def publish_demo_page(page: Page, first_published_at: datetime.datetime | None = None) -> None:
    if first_published_at is not None:
        page.first_published_at = first_published_at
    page.save_revision().publish()


def _apply_index_content(page: Page, content: dict[str, Any], language: str) -> None:
    page.title = content["title"]
    page.intro = content["intro"]
    page.demo_note = strip_tags(DEMO_NOTE[language])


def ensure_demo_index(
    home: Page, locales: dict[str, Locale], model: type[Page], content: dict[str, Any]
) -> tuple[Page, int]:
    """The section's index under ``home`` and its translations, made and published where missing.

    ``content`` holds the ``slug`` and, per language code, the ``title`` and ``intro``. Returns
    the source-language index and how many pages were made.
    """
    created = 0
    index = home.get_children().filter(slug=content["slug"]).specific().first()
    if index is None:
        index = model(slug=content["slug"], show_in_menus=True)
        _apply_index_content(index, content[SOURCE_LANGUAGE], SOURCE_LANGUAGE)
        home.add_child(instance=index)
        publish_demo_page(index)
        created += 1
    for code, locale in locales.items():
        if code == SOURCE_LANGUAGE or index.get_translation_or_none(locale) is not None:
            continue
        translation = index.copy_for_translation(locale)
        _apply_index_content(translation, content[code], code)
        publish_demo_page(translation)
        created += 1
    return index, created
