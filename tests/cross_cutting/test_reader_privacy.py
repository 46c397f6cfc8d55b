"""Readers leave no trace: no cookies, no Vary: Cookie, nothing loaded from another host."""

from urllib.parse import urlsplit

import pytest

from tests.support.helpers import parse, public_page_urls

pytestmark = pytest.mark.django_db


def test_every_public_page_sets_no_cookie_and_does_not_vary_on_cookie(client, pages_of_each_kind):
    urls = public_page_urls()
    assert len(urls) >= 13  # 4 pages x 3 languages + the 404 page
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert not response.cookies, f"{url} set cookies {list(response.cookies)}"
        assert "Set-Cookie" not in response.headers, url
        vary = response.headers.get("Vary", "")
        assert "cookie" not in vary.lower(), f"{url} varies on cookie: {vary}"


def test_a_logged_in_editor_does_not_make_public_pages_vary_for_everyone(client, staff_member):
    # A visitor who is also an editor still gets a page that touches no session.
    client.force_login(staff_member)
    response = client.get("/en/")
    assert "cookie" not in response.headers.get("Vary", "").lower()


def test_no_resource_is_loaded_from_another_host(client, pages_of_each_kind):
    for url in public_page_urls():
        html = parse(client.get(url).content)
        for tag, attrs in html.tags:
            candidates = []
            if tag in {"script", "img", "iframe", "audio", "video", "source", "embed"}:
                candidates += [attrs.get("src"), attrs.get("srcset")]
            if tag == "link" and attrs.get("rel") not in {"alternate", "canonical"}:
                candidates.append(attrs.get("href"))
            if tag == "object":
                candidates.append(attrs.get("data"))
            for value in filter(None, candidates):
                for part in value.split(","):
                    target = urlsplit(part.strip().split(" ")[0])
                    assert not target.netloc, f"{url} loads {value} from another host"
        assert b"@import" not in client.get(url).content


def test_stylesheet_uses_system_fonts_only():
    from django.contrib.staticfiles import finders

    with open(finders.find("css/site.css"), encoding="utf-8") as stylesheet:
        css = stylesheet.read()
    assert "@font-face" not in css
    assert "url(" not in css  # no fonts or images fetched by the stylesheet
    assert "system-ui" in css


def test_request_to_site_root_redirects_to_a_language_without_setting_a_cookie(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="gu")
    assert response.status_code == 302
    assert response.headers["Location"] == "/gu/"
    assert not response.cookies
