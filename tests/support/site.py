"""The site every test database starts with, built here from the tests' own words.

A home page, the three standard pages and the three section indexes (stories, events, rights
guides), each in English, Gujarati and Hindi, and the site's safety settings: the structure any
real installation has. No story, event or guide: a test adds what it needs with the factories
(``story_factories``, ``event_factories``, ``resource_factories``) or with
``add_one_page_of_each_kind`` for the suites that visit every page. Only ``tests/demo/`` loads
the demo, so editing demo text cannot break a test about something else.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from wagtail.models import Locale, Page, Site

from events.models import EventIndexPage, EventPage
from home.models import HomePage, SiteSafetySettings, StandardPage
from resources.models import ResourceIndexPage, ResourcePage
from stories.models import StoryIndexPage, StoryPage

SOURCE_LANGUAGE = "en"

# Titles in each language: pages in Gujarati and Hindi carry their own script, as real ones do.
HOME_TITLES = {"en": "Test site home", "gu": "પરીક્ષણ સાઇટ", "hi": "परीक्षण साइट"}
STANDARD_PAGES = {
    "about": {"en": "About us", "gu": "અમારા વિશે", "hi": "हमारे बारे में"},
    "for-the-media": {"en": "For the media", "gu": "મીડિયા માટે", "hi": "मीडिया के लिए"},
    "online-safety": {
        "en": "Staying safe online",
        "gu": "ઓનલાઇન સલામત રહેવું",
        "hi": "ऑनलाइन सुरक्षित रहना",
    },
}
SECTION_INDEXES = {
    "stories": (StoryIndexPage, {"en": "Stories", "gu": "વાર્તાઓ", "hi": "कहानियाँ"}),
    "events": (EventIndexPage, {"en": "Events", "gu": "કાર્યક્રમો", "hi": "कार्यक्रम"}),
    "resources": (ResourceIndexPage, {"en": "Rights guides", "gu": "અધિકાર", "hi": "अधिकार"}),
}
SETTINGS = {
    "contact_email": "contact@test-site.example.org",
    "press_email": "press@test-site.example.org",
}


def build_site() -> HomePage:
    """The test site's pages in the three languages; returns the English home page."""
    locales = {
        code: Locale.objects.get_or_create(language_code=code)[0]
        for code, _name in settings.LANGUAGES
    }
    home = _home(locales[SOURCE_LANGUAGE])
    _translate(home, HOME_TITLES, locales)
    for slug, titles in STANDARD_PAGES.items():
        page = StandardPage(
            title=titles[SOURCE_LANGUAGE],
            slug=slug,
            show_in_menus=True,
            intro=f"The test site's {slug} page.",
            body=[{"type": "paragraph", "value": "<p>Written by the tests.</p>"}],
        )
        home.add_child(instance=page)
        page.save_revision().publish()
        _translate(page, titles, locales)
    for slug, (model, titles) in SECTION_INDEXES.items():
        index = model(
            title=titles[SOURCE_LANGUAGE],
            slug=slug,
            show_in_menus=True,
            intro=f"The test site's {slug}.",
        )
        home.add_child(instance=index)
        index.save_revision().publish()
        _translate(index, titles, locales)
    SiteSafetySettings.objects.create(site=Site.objects.get(root_page=home), **SETTINGS)
    return home


def _home(locale: Locale) -> HomePage:
    root = Page.get_first_root_node()
    # Wagtail's migrations leave a plain "Welcome to Wagtail" page at the site root.
    root.get_children().filter(slug="home").delete()
    home = HomePage(
        title=HOME_TITLES[SOURCE_LANGUAGE],
        slug="home",
        locale=locale,
        intro="The home page of the tests' site.",
    )
    root.add_child(instance=home)
    home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    site.hostname, site.root_page, site.site_name = "localhost", home, "Samvedna"
    site.save()
    return home


def _translate(page: Page, titles: dict[str, str], locales: dict[str, Locale]) -> None:
    for code, locale in locales.items():
        if code == SOURCE_LANGUAGE:
            continue
        translation = page.copy_for_translation(locale)
        translation.title = titles[code]
        translation.save_revision().publish()


def add_one_page_of_each_kind() -> list[Page]:
    """A published story (with its consent, a photo and a quote), an event with a recap photo,
    a guide with steps, a checklist, a helpline and a form to download, and the press room (a
    release, quotable voices, the fact sheet and the reporting guidance), in each language: for
    the suites that visit every page type. Returns the new pages."""
    from tests.support import event_factories, press_pages, resource_factories, story_factories

    # Its consent covers the press: the quotable voices page has a voice on it.
    consent = story_factories.make_consent(photo=True, press=True)
    photo = story_factories.make_image("Two women walking to the centre")
    story = story_factories.make_story(
        consent,
        title="We learnt our rights together",
        body=[
            *story_factories.image_body(photo),
            {"type": "pull_quote", "value": {"quote": "Together we are not afraid."}},
        ],
        press_use=True,
        quotable_excerpts=[{"type": "excerpt", "value": "Together we are not afraid."}],
        publish=True,
    )
    event = event_factories.add_event(
        event_factories.site_index(),
        "Rights meeting in Bhuj",
        start=datetime.datetime(2024, 3, 3, 10, tzinfo=datetime.UTC),
        recap=[
            event_factories.paragraph("<p>Forty members came.</p>"),
            event_factories.photo_block(photo, shows_people=False, caption="The hall"),
        ],
        publish=True,
    )
    helpline = resource_factories.make_helpline()
    guide = resource_factories.make_resource(
        ResourceIndexPage.objects.get(locale__language_code=SOURCE_LANGUAGE, slug="resources"),
        "Getting a ration card",
        live=False,
        steps=[
            {"type": "step", "value": {"title": "Collect your papers", "text": "<p>One file.</p>"}},
            {"type": "step", "value": {"title": "Go to the office", "text": "<p>Ask why.</p>"}},
        ],
        documents_needed=[
            {"type": "item", "value": "A photo"},
            {"type": "item", "value": "Proof of identity"},
        ],
        guide=[
            {"type": "heading", "value": "Where to apply"},
            {"type": "paragraph", "value": "<p>At the taluka office.</p>"},
            {"type": "callout", "value": {"kind": "warning", "text": "<p>Never pay an agent.</p>"}},
        ],
        helplines=resource_factories.helpline_blocks(helpline),
        downloads=resource_factories.download_blocks(
            resource_factories.make_document("Application form"), title="The form"
        ),
        sources=[
            {
                "type": "source",
                "value": {
                    "title": "National Food Security Act, 2013",
                    "date": datetime.date(2013, 9, 10),
                    "link": "https://nfsa.gov.in/",
                },
            },
        ],
    )
    guide.save_revision().publish()
    pages: list[Page] = [story, event, guide]
    for page, model in ((story, StoryPage), (event, EventPage), (guide, ResourcePage)):
        for code in ("gu", "hi"):
            translation = page.copy_for_translation(Locale.objects.get(language_code=code))
            translation.save_revision().publish()
            pages.append(model.objects.get(pk=translation.pk))
    pages += press_pages.add_press_room()
    return pages
