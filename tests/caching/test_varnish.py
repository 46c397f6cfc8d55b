"""Varnish in front of gunicorn (deploy/varnish/default.vcl), real processes: public pages and
static files are served by Varnish, anything that may be personal goes through to the
application, only the application may empty it, and a leader's withdrawal empties it before her
request returns, so the very next reader sees the story gone from every surface."""

from __future__ import annotations

import http.client
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.urls import reverse

from tests.support import people
from tests.support.redis_server import redis_server
from tests.support.servers import database_url, free_port
from tests.support.story_factories import make_consent, make_story, story_index
from tests.support.varnish import gunicorn, varnish

pytestmark = pytest.mark.django_db

TITLE = "Story told behind the proxy"
STATIC = "/static/css/events.css"


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: str


@dataclass
class Stack:
    base: str
    access_log: Path
    story: object

    def request(
        self,
        path: str,
        method: str = "GET",
        headers: dict[str, str] | None = None,
        body: bytes | None = None,
        source: str = "127.0.0.1",
    ) -> Answer:
        url = urllib.parse.urlsplit(self.base)
        connection = http.client.HTTPConnection(
            url.hostname, url.port, timeout=60, source_address=(source, 0)
        )
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return Answer(
                response.status,
                {name.lower(): value for name, value in response.getheaders()},
                response.read().decode(),
            )
        finally:
            connection.close()

    def backend_requests(self, path: str) -> int:
        """How many times gunicorn was asked for ``path``, once every earlier request is logged:
        a marker request (always passed to the application) is sent and awaited in the log."""
        marker = f"/admin/login/?marker={time.monotonic_ns()}"
        self.request(marker)
        deadline = time.monotonic() + 10
        while True:
            log = self.access_log.read_text() if self.access_log.exists() else ""
            if f"GET {marker} " in log or time.monotonic() > deadline:
                break
            time.sleep(0.02)
        return sum(
            1 for line in log.splitlines() if f'"GET {path} ' in line or f'"POST {path} ' in line
        )


@pytest.fixture
def stack(database_copy, tmp_path, settings) -> Iterator[Stack]:
    """Redis, gunicorn on a copy of the test database with a story published under a consent,
    and Varnish in front; this process shares the database and the Redis."""
    with redis_server(tmp_path) as redis_url:
        caches = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": redis_url,
            }
        }
        settings.CACHES = caches
        settings.PAGE_CACHE = None  # on: Redis is shared
        story = make_story(make_consent(storyteller="Member V-3"), title=TITLE, publish=True)
        varnish_port, backend_port = free_port(), free_port()
        purge = {
            "varnish": {
                "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
                "LOCATION": f"http://127.0.0.1:{varnish_port}",
            }
        }
        (tmp_path / "varnish_backend_settings.py").write_text(
            "from samvedna.settings.dev import *  # noqa\n"
            "DEBUG = False\n"
            f"SECRET_KEY = {settings.SECRET_KEY!r}  # the leader's session is signed here\n"
            "WHITENOISE_USE_FINDERS = True\n"
            f"CACHES = {caches!r}\n"
            f"WAGTAILFRONTENDCACHE = {purge!r}\n"
        )
        with (
            varnish(backend_port, varnish_port) as base,
            gunicorn(
                backend_port,
                "varnish_backend_settings",
                tmp_path,
                {"DATABASE_URL": database_url(database_copy)},
            ) as access_log,
        ):
            settings.WAGTAILFRONTENDCACHE = purge
            yield Stack(base, access_log, story)


def test_public_pages_and_static_files_are_served_by_varnish(stack):
    for path in [stack.story.url, "/en/", STATIC]:
        miss = stack.request(path)
        hit = stack.request(path)
        assert miss.status == hit.status == 200, path
        assert (miss.headers["x-cache"], hit.headers["x-cache"]) == ("MISS", "HIT"), path
        assert hit.body == miss.body, path
        assert stack.backend_requests(path) == 1, path
        # Nothing about readers: no cookie, no request ids, not when another reader asked.
        assert not {"set-cookie", "x-varnish", "via"} & set(hit.headers), path
    page = stack.request(stack.story.url)
    assert TITLE in page.body and "age" not in page.headers
    # Browsers revalidate every time; the proxy keeps it at most 10 minutes.
    cache_control = page.headers["cache-control"]
    assert cache_control.startswith("public, max-age=0, s-maxage=")
    assert 0 < int(cache_control.rsplit("=", 1)[1]) <= 600


def test_what_may_be_personal_goes_to_the_application_every_time(stack):
    index = story_index("en").url
    stack.request(index)
    assert stack.request(index).headers["x-cache"] == "HIT"
    for path, headers in [
        (index, {"Cookie": "sessionid=abc"}),
        (index, {"Authorization": "Basic YTpi"}),
        ("/admin/login/", {}),
        ("/en/search/?q=leaders", {}),
        (f"{index}?utm_source=news", {}),
    ]:
        before = stack.backend_requests(path)
        first, second = stack.request(path, headers=headers), stack.request(path, headers=headers)
        assert second.headers["x-cache"] == "MISS", path
        assert stack.backend_requests(path) == before + 2, path
        assert "s-maxage" not in first.headers.get("cache-control", ""), path


def test_only_the_application_servers_may_empty_varnish(stack):
    url = stack.story.url
    stack.request(url)
    # 127.0.0.2 is this machine too, but not in the VCL's `purgers` list.
    for method in ("BAN", "PURGE"):
        refused = stack.request(url, method=method, source="127.0.0.2")
        assert refused.status == 405, method
        assert stack.request(url).headers["x-cache"] == "HIT", method
    # A reader is not told whether someone else read the page before her (no hit, no age).
    reader = stack.request(url, source="127.0.0.2")
    assert reader.status == 200
    assert "x-cache" not in reader.headers and "age" not in reader.headers
    # From an allowed address one request bans everything.
    stack.request("/en/")
    assert stack.request("/", method="BAN").status == 200
    assert stack.request(url).headers["x-cache"] == "MISS"
    assert stack.request("/en/").headers["x-cache"] == "MISS"


def test_a_leaders_withdrawal_empties_varnish_before_her_request_returns(stack, client):
    story = stack.story
    index = story_index("en").url
    # A leader (never a superuser) signed in with her second factor; first, since creating her
    # account is itself a write that empties the caches.
    client.force_login(people.leader(language="en"))
    csrf = "a" * 32
    cookie = f"sessionid={client.cookies['sessionid'].value}; csrftoken={csrf}"
    surfaces = [story.url, index, "/en/", f"{index}feed/", "/sitemap.xml"]
    for path in surfaces:
        stack.request(path)
        warm = stack.request(path)
        assert warm.status == 200 and warm.headers["x-cache"] == "HIT", path
        assert TITLE in warm.body or story.url in warm.body, path
    assert TITLE in stack.request("/en/search/?q=proxy").body

    # She posts the withdraw button's form through Varnish, as her phone would.
    started = time.monotonic()
    answer = stack.request(
        reverse("consent_withdraw", args=[story.consent_id]),
        method="POST",
        headers={
            "Cookie": cookie,
            "X-CSRFToken": csrf,
            "Content-Type": "application/x-www-form-urlencoded",
        },
        body=b"",
    )
    assert answer.status == 302, answer.status

    # The very next requests, through Varnish, no waiting.
    gone = stack.request(story.url)
    assert gone.status == 410
    for path in [*surfaces[1:], "/en/search/?q=proxy"]:
        page = stack.request(path)
        assert page.status == 200, path
        assert TITLE not in page.body and story.slug not in page.body, path
    print(f"withdrawal to every surface gone through Varnish: {time.monotonic() - started:.3f} s")
