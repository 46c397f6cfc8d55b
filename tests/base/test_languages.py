"""Three languages: prefixed URLs, <html lang>, hreflang, a switcher that keeps the page."""

import pytest
from django.utils import translation
from wagtail.models import Locale, Page

from tests.support.helpers import parse

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "gu", "hi"]
QUICK_EXIT_LABELS = {"en": "Quick exit", "gu": "તરત બહાર નીકળો", "hi": "तुरंत बाहर निकलें"}


def test_locales_exist_from_the_migrations():
    assert sorted(Locale.objects.values_list("language_code", flat=True)) == sorted(LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("slug", ["", "about/", "for-the-media/", "online-safety/"])
def test_each_page_is_served_in_each_language_with_its_lang_attribute(client, language, slug):
    response = client.get(f"/{language}/{slug}")
    assert response.status_code == 200
    html = parse(response.content)
    assert html.find("html")[0]["lang"] == language
    assert response.headers["Content-Language"] == language


def test_the_page_is_really_translated(client, site_pages):
    english = client.get("/en/about/").content.decode()
    gujarati = client.get("/gu/about/").content.decode()
    hindi = client.get("/hi/about/").content.decode()
    assert site_pages[("en", "about")].title in english
    assert site_pages[("gu", "about")].title in gujarati
    assert site_pages[("hi", "about")].title in hindi
    assert site_pages[("gu", "about")].title not in english


@pytest.mark.parametrize("language", LANGUAGES)
def test_interface_strings_are_in_the_page_language(client, language):
    content = client.get(f"/{language}/online-safety/").content.decode()
    assert QUICK_EXIT_LABELS[language] in content
    with translation.override(language):
        for message in ["Skip to main content", "Language", "Main menu"]:
            assert translation.gettext(message) in content
    if language != "en":
        assert "Skip to main content" not in content


@pytest.mark.parametrize("language", LANGUAGES)
def test_hreflang_alternates_list_every_translation_with_absolute_urls(client, language):
    html = parse(client.get(f"/{language}/for-the-media/").content)
    alternates = {
        link["hreflang"]: link["href"]
        for link in html.find("link", rel="alternate")
        if link.get("hreflang")
    }
    assert alternates == {
        "en": "http://testserver/en/for-the-media/",
        "gu": "http://testserver/gu/for-the-media/",
        "hi": "http://testserver/hi/for-the-media/",
        "x-default": "http://testserver/en/for-the-media/",
    }


def test_language_switcher_links_to_the_same_page_in_each_language(client):
    html = parse(client.get("/gu/online-safety/").content)
    links = {a["hreflang"]: a["href"] for a in html.find("a") if a.get("hreflang")}
    assert links == {"en": "/en/online-safety/", "hi": "/hi/online-safety/"}
    current = [s for s in html.find("span") if s.get("aria-current") == "true"]
    assert current and current[0]["lang"] == "gu"


def test_switcher_falls_back_to_the_language_home_when_no_translation_exists(client, site_pages):
    site_pages[("hi", "about")].unpublish()
    html = parse(client.get("/en/about/").content)
    links = {a["hreflang"]: a["href"] for a in html.find("a") if a.get("hreflang")}
    assert links["hi"] == "/hi/"
    assert links["gu"] == "/gu/about/"
    alternates = {link["hreflang"] for link in html.find("link", rel="alternate")}
    assert "hi" not in alternates


def test_switcher_never_links_to_a_restricted_translation(client, site_pages):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=site_pages[("gu", "about")], restriction_type="login")
    html = parse(client.get("/en/about/").content)
    links = {a["hreflang"]: a["href"] for a in html.find("a") if a.get("hreflang")}
    assert links["gu"] == "/gu/"
    # The restricted page itself sends anonymous readers to log in.
    assert client.get("/gu/about/").status_code == 302


def test_main_menu_shows_the_pages_of_the_current_language(client):
    html = parse(client.get("/hi/").content)
    hrefs = [a["href"] for a in html.find("a")]
    for slug in ["about", "for-the-media", "online-safety"]:
        assert f"/hi/{slug}/" in hrefs
    assert "/gu/about/" not in hrefs


def test_menu_marks_the_current_page(client):
    html = parse(client.get("/en/about/").content)
    current = [a for a in html.find("a") if a.get("aria-current") == "page"]
    assert [a["href"] for a in current] == ["/en/about/"]


def test_site_root_redirects_by_browser_language(client):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="hi").headers["Location"] == "/hi/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="fr").headers["Location"] == "/en/"


def test_unpublished_and_missing_pages_are_not_found(client, site_pages):
    site_pages[("gu", "for-the-media")].unpublish()
    assert client.get("/gu/for-the-media/").status_code == 404
    assert client.get("/gu/about/nothing-here/").status_code == 404
    assert client.get("/en/about/../../").status_code in (200, 404)


def test_deep_pages_route_through_the_tree(client, site_pages):
    from home.models import StandardPage

    about = site_pages[("en", "about")]
    child = about.add_child(instance=StandardPage(title="Our history", slug="history"))
    grandchild = child.add_child(instance=StandardPage(title="2016", slug="2016"))
    child.save_revision().publish()
    grandchild.save_revision().publish()
    response = client.get("/en/about/history/2016/")
    assert response.status_code == 200
    assert b"<h1>2016</h1>" in response.content
    # A draft page in the middle of the path does not hide its live children (as in Wagtail).
    child.unpublish()
    assert client.get("/en/about/history/").status_code == 404
    assert client.get("/en/about/history/2016/").status_code == 200
    assert Page.objects.get(pk=grandchild.pk).live


def test_very_long_urls_are_not_found_quickly(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = client.get("/en/" + "about/" * 2000)
    assert response.status_code == 404
