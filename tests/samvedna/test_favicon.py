"""The site's icon: linked from every public page, answered at /favicon.ico, neutral.

A browser asks for /favicon.ico when a response has no icon link (feeds, calendars, the plain 500
page) and the 404 it used to get was a console error on every page. The icon is served by the
site itself, under the strict public policy, without a cookie, in development and in production
(hashed, collected static files).
"""

from __future__ import annotations

import io
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from PIL import Image

from samvedna import favicon
from tests.support.helpers import parse, public_page_urls

from .test_security_headers import assert_public_headers

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "static"


@pytest.fixture(autouse=True)
def _fresh_icon():
    favicon.icon_bytes.cache_clear()
    yield
    favicon.icon_bytes.cache_clear()


def icon_links(html: bytes) -> list[dict]:
    return [attrs for attrs in parse(html).find("link") if attrs.get("rel") == "icon"]


@pytest.mark.django_db
def test_favicon_ico_is_an_image_without_cookie_under_the_strict_policy(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "image/x-icon"
    icon = Image.open(io.BytesIO(response.content))
    assert icon.format == "ICO"
    assert {(16, 16), (32, 32)} <= icon.info["sizes"]
    assert len(response.content) < 4096  # a few bytes on a 2G connection
    assert "Set-Cookie" not in response.headers
    assert response.cookies == {}
    assert_public_headers(response)
    cache_control = response.headers["Cache-Control"]
    assert "public" in cache_control and "max-age=2592000" in cache_control


@pytest.mark.django_db
def test_favicon_answers_head_and_refuses_post(client):
    head = client.head("/favicon.ico")
    assert head.status_code == 200
    assert head.headers["Content-Type"] == "image/x-icon"
    assert client.post("/favicon.ico").status_code == 405


@pytest.mark.django_db
def test_every_public_page_links_the_icon_from_this_site(client, pages_of_each_kind):
    urls = public_page_urls()  # every page type in every language, and the 404 page
    for url in [*urls, "/en/search/?q=ration", "/gu/search/?q=x"]:
        links = icon_links(client.get(url).content)
        hrefs = {link["href"] for link in links}
        assert hrefs == {"/static/favicon.ico", "/static/favicon.svg"}, url
        types = {link["href"]: link.get("type") for link in links}
        assert types["/static/favicon.svg"] == "image/svg+xml", url


def test_the_svg_icon_is_a_plain_shape_with_no_text_script_or_outside_reference():
    svg = (STATIC / "favicon.svg").read_text()
    tree = ET.fromstring(svg)
    tags = {element.tag.rpartition("}")[2] for element in tree.iter()}
    # Only shapes: no letters (nothing to read in a tab list), nothing run or fetched.
    assert tags <= {"svg", "rect", "circle"}, tags
    assert "href" not in svg and "url(" not in svg and "<text" not in svg


def test_the_ico_and_the_svg_show_the_same_icon():
    # The browser picks one or the other: both are the maroon square with the light dot.
    icon = Image.open(STATIC / "favicon.ico")
    icon.size = (32, 32)
    pixels = icon.convert("RGB")
    assert pixels.getpixel((16, 16)) == (0xFF, 0xFD, 0xF8)  # the dot, in the middle
    assert pixels.getpixel((4, 16)) == (0x7A, 0x1F, 0x3D)  # the square around it
    svg = (STATIC / "favicon.svg").read_text()
    assert 'fill="#7a1f3d"' in svg and 'fill="#fffdf8"' in svg


@pytest.mark.django_db
def test_in_production_pages_link_the_hashed_icon_and_favicon_ico_still_answers(
    settings, tmp_path, pages_of_each_kind
):
    """As production serves it: collected, hashed static files (WhiteNoise) and no source folder."""
    source = tmp_path / "source"
    shutil.copytree(STATIC, source)
    settings.STATICFILES_DIRS = [source]
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    settings.STATIC_ROOT = tmp_path / "collected"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    shutil.rmtree(source)  # what /favicon.ico serves must come from the collected files

    client = Client()  # a new client: WhiteNoise reads the collected files when it starts
    links = icon_links(client.get("/en/").content)
    hrefs = sorted(link["href"] for link in links)
    assert len(hrefs) == 2
    assert all(href.startswith("/static/favicon.") for href in hrefs), hrefs
    assert all(href.count(".") == 2 for href in hrefs), f"not hashed: {hrefs}"
    for href in hrefs:
        response = client.get(href)
        assert response.status_code == 200, href
        # A hashed name never changes content: cached for good.
        assert "immutable" in response.headers["Cache-Control"], href
        assert "Set-Cookie" not in response.headers, href
        assert_public_headers(response)

    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.content == (STATIC / "favicon.ico").read_bytes()
    assert_public_headers(response)
