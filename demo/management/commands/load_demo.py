"""Load the demo site: home, standard pages, stories, events, rights guides and the press room in
English, Gujarati and Hindi.

Idempotent: pages that already exist (found by language and slug) are left exactly as they are,
so running it twice changes nothing and never overwrites an editor's work.
"""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Locale, Page, Site

from demo.events import build_demo_events
from demo.home import DEMO_NOTE, DEMO_SETTINGS, HOME, STANDARD_PAGES
from demo.press import build_demo_press
from demo.resources import build_demo_resources
from demo.stories import build_demo_stories
from home.models import HomePage, SiteSafetySettings, StandardPage

SOURCE_LANGUAGE = "en"


def _stream(body: list[tuple[str, Any]], language: str) -> list[dict[str, Any]]:
    blocks = [{"type": block_type, "value": value} for block_type, value in body]
    blocks.append({"type": "paragraph", "value": DEMO_NOTE[language]})
    return blocks


def _apply(page: Page, content: dict[str, Any], language: str) -> None:
    page.title = content["title"]
    page.intro = content["intro"]
    page.body = _stream(content["body"], language)


class Command(BaseCommand):
    help = "Create the labelled demo content in all three languages (safe to run again)."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            created = self._load()
        if options["verbosity"] > 0:
            verb = f"created {created} pages" if created else "nothing to do, demo content present"
            self.stdout.write(self.style.SUCCESS(f"Demo content: {verb}."))

    def _load(self) -> int:
        locales = {
            code: Locale.objects.get_or_create(language_code=code)[0]
            for code, _name in settings.LANGUAGES
        }
        created = 0
        home = HomePage.objects.filter(depth=2, locale=locales[SOURCE_LANGUAGE]).first()
        if home is None:
            home = self._create_home(locales[SOURCE_LANGUAGE])
            created += 1
        created += self._ensure_translations(home, HOME, locales)

        for spec in STANDARD_PAGES:
            page = home.get_children().filter(slug=spec["slug"]).specific().first()
            if page is None:
                page = StandardPage(slug=spec["slug"], show_in_menus=True)
                _apply(page, spec[SOURCE_LANGUAGE], SOURCE_LANGUAGE)
                home.add_child(instance=page)
                page.save_revision().publish()
                created += 1
            created += self._ensure_translations(page, spec, locales)

        # The story index in each language and the fictional demo stories with their consent.
        created += build_demo_stories(home, locales)
        # Events (past programme events and one labelled example) and rights guides.
        created += build_demo_events(home, locales)
        created += build_demo_resources(home, locales)
        # The press room: releases, quotable voices, the fact sheet and the reporting guidance.
        created += build_demo_press(home, locales)

        site = Site.objects.get(root_page=home)
        SiteSafetySettings.objects.get_or_create(site=site, defaults=DEMO_SETTINGS)
        return created

    def _create_home(self, locale: Locale) -> HomePage:
        root = Page.get_first_root_node()
        # Wagtail's migrations leave a plain "Welcome to Wagtail" page at the site root.
        for welcome in root.get_children().filter(slug="home"):
            if welcome.specific_class is Page:
                welcome.delete()
        home = HomePage(slug="home", locale=locale)
        _apply(home, HOME[SOURCE_LANGUAGE], SOURCE_LANGUAGE)
        root.add_child(instance=home)
        home.save_revision().publish()
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname="localhost", root_page=home, is_default_site=True, site_name="Samvedna"
            )
        else:
            site.root_page = home
            site.site_name = "Samvedna"
            site.save()
        return home

    def _ensure_translations(
        self, page: Page, content: dict[str, Any], locales: dict[str, Locale]
    ) -> int:
        created = 0
        for code, locale in locales.items():
            if code == SOURCE_LANGUAGE or page.get_translation_or_none(locale) is not None:
                continue
            translation = page.copy_for_translation(locale)
            _apply(translation, content[code], code)
            translation.save_revision().publish()
            created += 1
        return created
