"""`load_demo` builds the demo site in code, labelled, in three languages, idempotently."""

import pytest
from django.core.management import call_command
from wagtail.models import Page, Revision, Site

from demo.home import DEMO_NOTE
from home.models import HomePage, SiteSafetySettings, StandardPage

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "pages": sorted(Page.objects.values_list("id", "title", "live", "latest_revision_id")),
        "revisions": Revision.objects.count(),
        "settings": list(SiteSafetySettings.objects.values()),
        "sites": list(Site.objects.values()),
    }


def test_running_it_again_changes_nothing():
    before = snapshot()
    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)
    assert snapshot() == before


def test_it_does_not_overwrite_an_editors_changes(demo_pages):
    about = demo_pages[("gu", "about")]
    about.title = "Edited by staff"
    about.save_revision().publish()
    call_command("load_demo", verbosity=0)
    about.refresh_from_db()
    assert about.title == "Edited by staff"


def test_home_and_standard_pages_exist_in_three_languages(demo_pages):
    for language in ["en", "gu", "hi"]:
        assert isinstance(demo_pages[(language, "home")], HomePage)
        for slug in ["about", "online-safety"]:
            page = demo_pages[(language, slug)]
            assert isinstance(page, StandardPage) and page.live and page.show_in_menus
    keys = {demo_pages[(lang, "about")].translation_key for lang in ["en", "gu", "hi"]}
    assert len(keys) == 1  # the three are translations of one page


def test_every_demo_page_is_labelled_as_example_content(client):
    for page in Page.objects.live().filter(depth__gte=2).specific():
        content = client.get(page.url).content.decode()
        assert DEMO_NOTE[page.locale.language_code] in content, page.url


def test_the_default_site_serves_the_demo_home_page():
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert not Page.objects.filter(title="Welcome to your new Wagtail site!").exists()


def test_about_page_names_no_addresses(client):
    content = client.get("/en/about/").content.decode()
    assert "Bhuj" in content and "Gandhidham" in content
    assert "We do not publish the centres' addresses" in content
