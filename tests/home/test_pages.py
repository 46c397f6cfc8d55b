"""Page types, their metadata, blocks and the site-wide safety settings."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from wagtail.models import Page, get_page_models

from base.blocks import PageBodyBlock
from home.models import HomePage, SiteSafetySettings, StandardPage
from tests.support.helpers import parse

pytestmark = pytest.mark.django_db

PROJECT_APPS = {"home", "stories", "events", "resources", "consent", "moderation", "privacy"}


def project_page_models():
    return [m for m in get_page_models() if m._meta.app_label in PROJECT_APPS]


def test_every_project_page_type_declares_its_place_and_search_fields():
    models = project_page_models()
    assert {HomePage, StandardPage} <= set(models)
    for model in models:
        for attribute in (
            "parent_page_types",
            "subpage_types",
            "search_fields",
            "translatable_fields",
        ):
            # Declared by the page type or one of the project's mixins (base/section_index.py),
            # never left to Wagtail's defaults (any parent, any child, no locale filter).
            owner = next(cls for cls in model.__mro__ if attribute in cls.__dict__)
            assert not owner.__module__.startswith(("wagtail.", "wagtail_localize.")), (
                f"{model.__name__} must declare {attribute}"
            )
        filter_fields = {getattr(f, "field_name", None) for f in model.search_fields}
        assert "locale_id" in filter_fields, f"{model.__name__} must filter search by locale"
        assert hasattr(model, "get_meta_description"), model


def test_home_page_sits_at_the_root_and_standard_pages_under_it():
    assert HomePage.can_create_at(Page.get_first_root_node())
    home = HomePage.objects.first()
    assert StandardPage.can_create_at(home)
    assert not HomePage.can_create_at(home)


def test_every_block_has_a_preview_value_that_renders():
    stream = PageBodyBlock()
    assert getattr(stream.meta, "preview_value", None)
    for name, block in stream.child_blocks.items():
        preview = getattr(block.meta, "preview_value", None)
        assert preview, f"block {name} has no preview_value"
        html = block.render(block.get_preview_value())
        assert html.strip(), name
    assert "Our work" in stream.render(stream.get_preview_value())


def test_description_and_open_graph_metadata(client, site_pages):
    about = site_pages[("en", "about")]
    html = parse(client.get("/en/about/").content)
    description = html.find("meta", name="description")[0]["content"]
    assert description == about.intro
    assert html.find("meta", property="og:title")[0]["content"] == about.title
    assert html.find("meta", property="og:url")[0]["content"] == "http://testserver/en/about/"
    assert html.find("meta", property="og:locale")[0]["content"] == "en"
    assert not html.find("meta", property="og:image")

    about.search_description = "A written search description."
    about.save_revision().publish()
    html = parse(client.get("/en/about/").content)
    assert html.find("meta", name="description")[0]["content"] == "A written search description."


def test_long_descriptions_are_shortened_for_previews(site_pages):
    home = site_pages[("en", "home")]
    home.intro = "word " * 100
    assert len(home.get_meta_description()) <= 160


def test_home_page_sections_are_filled_from_the_sites_pages(client, pages_of_each_kind):
    from tests.support.event_factories import add_event, site_index

    add_event(site_index("en"), "Next meeting", slug="next-meeting")
    html = client.get("/en/").content.decode()
    for heading in ["Latest stories", "Upcoming events", "Know your rights"]:
        assert heading in html
    # Each section's empty state is tested with its app (stories, events, resources).
    assert 'class="empty-state"' not in html
    assert 'href="/en/stories/' in html
    assert 'href="/en/events/next-meeting/' in html
    assert 'href="/en/resources/' in html


def test_home_page_empty_states_when_nothing_is_published(client):
    from wagtail.models import Page

    for page in Page.objects.live().filter(depth__gt=3, locale__language_code="gu").specific():
        page.unpublish()
    html = client.get("/gu/").content.decode()
    assert html.count('class="empty-state"') == 3


def test_quick_exit_link_goes_to_the_configured_neutral_site(client, site_pages):
    html = parse(client.get("/hi/about/").content)
    links = [a for a in html.find("a") if "data-quick-exit" in a]
    assert len(links) == 1
    assert links[0]["href"] == "https://www.google.com/search?q=weather"

    settings_row = SiteSafetySettings.objects.get()
    settings_row.quick_exit_url = "https://weather.example.org/"
    settings_row.save()
    html = parse(client.get("/hi/about/").content)
    assert [a["href"] for a in html.find("a") if "data-quick-exit" in a] == [
        "https://weather.example.org/"
    ]


def test_the_404_page_also_has_quick_exit_and_the_right_language(client):
    response = client.get("/gu/no-such-page/")
    assert response.status_code == 404
    html = parse(response.content)
    assert html.find("html")[0]["lang"] == "gu"
    assert [a for a in html.find("a") if "data-quick-exit" in a]
    assert "/gu/" in [a["href"] for a in html.find("a")]  # home in the reader's language


def test_quick_exit_destination_must_be_a_full_https_address():
    row = SiteSafetySettings.objects.get()
    for bad in ["http://weather.example.org/", "javascript:alert(1)", "/en/", "weather"]:
        row.quick_exit_url = bad
        with pytest.raises(ValidationError):
            row.full_clean()


def test_footer_shows_the_contacts_from_the_settings(client):
    from tests.support.site import SETTINGS

    content = client.get("/en/").content.decode()
    assert SETTINGS["press_email"] in content


def test_apps_from_the_design_are_installed():
    for label in PROJECT_APPS:
        assert apps.is_installed(label)


def test_every_page_has_a_description_and_a_section_index_uses_its_introduction(
    client, pages_of_each_kind
):
    # Search engines show it under the link (Lighthouse's SEO audit asks for it). Section
    # indexes had none: the share-image mixin listed before SectionIndexMixin hid its fallback.
    from base.section_index import SectionIndexMixin
    from tests.support.helpers import public_page_urls

    for url in public_page_urls()[:-1]:  # the last is the 404 page: no page to describe
        described = parse(client.get(url).content).find("meta", name="description")
        assert described and described[0]["content"].strip(), url
    indexes = [p for p in Page.objects.live().specific() if isinstance(p, SectionIndexMixin)]
    assert len(indexes) >= 9  # stories, events, guides in three languages
    for index in indexes:
        assert index.intro, index.url
        html = parse(client.get(index.url).content)
        content = html.find("meta", name="description")[0]["content"]
        assert content == index.get_meta_description(), index.url
        assert content.split()[:4] == index.intro.split()[:4], index.url
