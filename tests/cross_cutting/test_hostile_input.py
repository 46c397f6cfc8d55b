"""Hostile requests against public URLs and the admin: a clear 4xx or form error, never a 500,
and nothing half-saved.

Upload forms have their own hostile-file suites (corrupt, truncated, disguised, oversized and
decompression-bomb files for every upload path): tests/privacy/images/test_sanitise.py,
tests/privacy/audio/test_sanitise.py and tests/privacy/documents/test_sanitise.py. This module
adds polyglots and the request-level attacks: path traversal, malformed paths, CSRF-less POSTs
and header injection. Query strings are covered on every public URL by
tests/cross_cutting/test_hostile_query_strings.py.
"""

import io
import zipfile

import pytest
from django.test import Client
from wagtail.images import get_image_model

from privacy.images.sanitise import sanitise_image
from tests.support import image_samples as samples
from tests.support import people
from tests.support.helpers import public_page_urls

pytestmark = pytest.mark.django_db

# --- Polyglots: an image that is also something else -------------------------------------------

SCRIPT = b"<script>alert('polyglot')</script>"


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.html", SCRIPT.decode())
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        pytest.param("photo.png", samples.png_bytes() + zip_bytes(), id="png+zip"),
        pytest.param("photo.png", samples.png_bytes() + SCRIPT, id="png+html"),
        pytest.param("photo.png", SCRIPT + samples.png_bytes(), id="html+png"),
    ],
)
def test_polyglot_images_lose_their_second_life_or_are_refused(name, data):
    """Re-encoding keeps the pixels only: nothing appended or prepended survives."""
    from django.core.exceptions import ValidationError

    try:
        clean = sanitise_image(io.BytesIO(data), name)
    except ValidationError as error:
        assert error.messages and "%(" not in error.messages[0]
        return
    assert SCRIPT not in clean.data
    assert b"PK\x03\x04" not in clean.data  # no ZIP member left to unpack


# --- Paths ---------------------------------------------------------------------------------------

HOSTILE_PATHS = [
    "/en/../../etc/passwd",
    "/en/%2e%2e/%2e%2e/etc/passwd",
    "/en/..%2f..%2fetc%2fpasswd/",
    "/en/stories/%252e%252e/",
    "/static/../samvedna/settings/base.py",
    "/static/%2e%2e/manage.py",
    "/media/../manage.py",
    "/media/original_images/../../manage.py",
    "/documents/1/..%2f..%2fmanage.py",
    "/en/%ff%fe/",
    "/en/%00/",
    "/en/stories/%c0%ae%c0%ae/",
    "/en/" + "a/" * 2000,
    "/en/" + "x" * 10_000 + "/",
    "/en/stories/feed/../../../",
    "/en/stories/\\..\\..\\manage.py",
    "//evil.example/",
    "/en//stories//",
]


@pytest.mark.parametrize("path", HOSTILE_PATHS)
def test_hostile_paths_get_a_4xx_or_a_normal_page(client, path):
    response = client.get(path)
    assert response.status_code in (200, 301, 302, 400, 404), (path, response.status_code)
    body = response.content
    assert b"SECRET_KEY" not in body and b"import dj_database_url" not in body
    if response.status_code in (301, 302):
        assert response["Location"].startswith("/"), response["Location"]
        assert not response["Location"].startswith("//")


# --- CSRF-less POSTs -----------------------------------------------------------------------------


def csrf_checking_client() -> Client:
    return Client(enforce_csrf_checks=True)


def test_posts_without_a_csrf_token_to_public_urls_are_refused_and_set_no_cookie(
    pages_of_each_kind,
):
    client = csrf_checking_client()
    for url in [*public_page_urls(), "/en/search/", "/en/stories/feed/", "/sitemap.xml"]:
        response = client.post(url, {"q": "x"})
        assert response.status_code in (403, 405), (url, response.status_code)
        assert "Set-Cookie" not in response, url


def test_admin_login_without_a_csrf_token_is_refused(staff_member):
    response = csrf_checking_client().post(
        "/admin/login/", {"username": staff_member.username, "password": people.PASSWORD}
    )
    assert response.status_code == 403
    assert "sessionid" not in response.cookies


def test_admin_upload_without_a_csrf_token_stores_nothing(staff_member, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = csrf_checking_client()
    client.force_login(staff_member)  # staff upload photos
    upload = io.BytesIO(samples.png_bytes())
    upload.name = "photo.png"
    response = client.post(
        "/admin/images/add/", {"title": "x", "description": "alt text", "file": upload}
    )
    assert response.status_code == 403
    assert not get_image_model().objects.filter(title="x").exists()
    assert not any(path.is_file() for path in tmp_path.rglob("*"))


def test_admin_page_edit_without_a_csrf_token_changes_nothing(administrator_member):
    from wagtail.models import Page

    page = Page.objects.get(depth=3, slug="about", locale__language_code="en")
    client = csrf_checking_client()
    client.force_login(administrator_member)  # who may publish the About page
    response = client.post(
        f"/admin/pages/{page.pk}/edit/",
        {"title": "Hijacked", "slug": "about", "action-publish": "1"},
    )
    assert response.status_code == 403
    page.refresh_from_db()
    assert page.title != "Hijacked"


# --- Header injection --------------------------------------------------------------------------


def test_a_forged_host_header_is_refused(client):
    for host in ["evil.example", "localhost\r\nX-Injected: 1", "localhost:80@evil.example"]:
        response = client.get("/en/", HTTP_HOST=host)
        assert response.status_code == 400, host


def test_forwarded_host_headers_are_ignored(client):
    response = client.get("/en", HTTP_X_FORWARDED_HOST="evil.example")
    assert response.status_code in (301, 302)
    assert "evil.example" not in response["Location"]
    html = client.get("/en/", HTTP_X_FORWARDED_HOST="evil.example").content.decode()
    assert "evil.example" not in html


def test_crlf_in_the_url_never_becomes_a_header(client):
    response = client.get("/en", {"next": "x\r\nSet-Cookie: injected=1"})
    assert "injected" not in response.cookies
    for value in response.headers.values():
        assert "\r" not in value and "\n" not in value
    response = client.get("/en/stories%0d%0aSet-Cookie:%20injected=1/")
    assert response.status_code in (301, 302, 404)
    assert "injected" not in response.cookies


def test_garbage_language_and_accept_headers_still_get_a_page(client):
    for headers in [
        {"HTTP_ACCEPT_LANGUAGE": "x" * 5000},
        {"HTTP_ACCEPT_LANGUAGE": "gu;q=abc, hi;q=-1, *;q=1e999"},
        {"HTTP_ACCEPT": "\x00\x01"},
        {"HTTP_USER_AGENT": "é" * 3000},
        {"HTTP_COOKIE": "samvedna_language=../../etc; sessionid=" + "A" * 5000},
    ]:
        response = client.get("/", **headers)
        assert response.status_code in (200, 301, 302), headers
        if response.status_code in (301, 302):
            assert response["Location"] in ("/en/", "/gu/", "/hi/")
