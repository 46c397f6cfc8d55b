"""The application's side of a proxy in front: what public pages tell shared caches
(Cache-Control), and the purge of everything at every front-end cache after each page-changing
commit (caching/frontend.py), against a real HTTP server standing where Varnish or Cloudflare
would be. The proxy itself is tested in test_varnish.py."""

from __future__ import annotations

import datetime
import json
import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.frontend_cache.backends import CloudflareBackend

from caching import frontend, generation, middleware
from consent.models import ConsentRecord
from tests.support import people
from tests.support.story_factories import make_consent, make_story, story_index

pytestmark = pytest.mark.django_db

TITLE = "Story a proxy must forget"


class PurgeEndpoint:
    """A local HTTP server recording the requests it gets; the first ``failures`` BAN or POST
    requests get a 500."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str, dict[str, str], bytes]] = []
        self.failures = 0
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                endpoint.requests.append((self.command, self.path, dict(self.headers), body))
                # Only purges of everything fail (Wagtail's per-page PURGEs get through).
                failing = self.command != "PURGE" and endpoint.failures > 0
                endpoint.failures -= failing
                payload = b'{"success": %s}' % (b"false" if failing else b"true")
                self.send_response(500 if failing else 200)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_BAN = do_PURGE = do_POST = _answer

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def bans(self) -> list[str]:
        return [path for method, path, _headers, _body in self.requests if method == "BAN"]


@pytest.fixture
def endpoint() -> Iterator[PurgeEndpoint]:
    server = PurgeEndpoint()
    thread = threading.Thread(target=server.server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()


@pytest.fixture
def varnish_configured(settings, endpoint) -> PurgeEndpoint:
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": endpoint.url,
        }
    }
    return endpoint


@pytest.fixture
def live_story():
    return make_story(make_consent(storyteller="Member P-4"), title=TITLE, publish=True)


# --- What public pages tell shared caches ---------------------------------------------------------


def test_public_pages_let_a_purged_proxy_keep_them_and_browsers_revalidate(
    varnish_configured, live_story
):
    reader = Client()
    for url in [live_story.url, story_index("en").url, "/en/", "/sitemap.xml"]:
        response = reader.get(url)
        assert response.status_code == 200, url
        value = response["Cache-Control"]
        assert value.startswith("public, max-age=0, s-maxage="), (url, value)
        assert 0 < int(value.rsplit("=", 1)[1]) <= 600, (url, value)


def test_nothing_personal_or_junk_may_be_kept_by_a_proxy(varnish_configured, live_story):
    reader = Client()
    for url, extra in [
        ("/en/search/?q=Meena", {}),
        ("/en/no-such-page/", {}),
        (f"{story_index('en').url}?utm_source=news", {}),
        (live_story.url, {"HTTP_COOKIE": "sessionid=abc"}),
        ("/", {}),  # a redirect to the reader's language
    ]:
        value = reader.get(url, **extra)["Cache-Control"]
        assert "s-maxage" not in value and "private" in value, (url, value)
    # A view's own choice stands (photos of people: private, no-store).
    admin = Client()
    admin.force_login(people.staff())
    assert "s-maxage" not in admin.get("/admin/")["Cache-Control"]


def test_without_a_purged_proxy_no_shared_cache_keeps_a_page(live_story):
    # Development, the test suite, a server without a configured proxy: nobody would empty it.
    assert Client().get(live_story.url)["Cache-Control"] == "max-age=0"


def test_a_proxy_never_keeps_a_page_past_local_midnight(monkeypatch):
    tz = timezone.get_current_timezone()
    for now, expected in [
        (datetime.datetime(2026, 3, 1, 23, 58, 30, tzinfo=tz), 90),
        (datetime.datetime(2026, 3, 1, 12, 0, tzinfo=tz), 600),
        (datetime.datetime(2026, 3, 1, 23, 59, 59, 500_000, tzinfo=tz), 0),
    ]:
        monkeypatch.setattr(middleware.timezone, "localtime", lambda now=now: now)
        assert middleware.shared_max_age() == expected, now


def test_a_hit_and_a_miss_carry_the_same_cache_control(settings, varnish_configured, live_story):
    settings.PAGE_CACHE = True
    reader = Client()
    miss = reader.get(live_story.url)
    hit = reader.get(live_story.url)
    assert dict(hit.headers) == dict(miss.headers)
    assert "s-maxage" in hit["Cache-Control"]


# --- Everything purged after each commit ----------------------------------------------------------


def test_a_leaders_withdrawal_bans_everything_once_before_her_request_returns(
    varnish_configured, live_story, client, django_capture_on_commit_callbacks
):
    client.force_login(people.leader(language="en"))
    before = generation.current()
    varnish_configured.requests.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("consent_withdraw", args=[live_story.consent_id]))
    assert response.status_code == 302
    assert ConsentRecord.objects.get(pk=live_story.consent_id).status == "withdrawn"
    # One ban of everything for the whole withdrawal (it wrote many rows), after the new
    # generation; Wagtail's per-page PURGEs of the story may come as well.
    assert varnish_configured.bans == ["/"]
    assert generation.current() != before


def test_a_failed_purge_is_retried_once(varnish_configured):
    varnish_configured.failures = 1
    frontend.purge_everything()
    assert varnish_configured.bans == ["/", "/"]


def test_a_purge_that_fails_twice_is_an_error_the_leader_sees(
    database_copy, varnish_configured, client, caplog
):
    """On a database that commits for real: the purge runs inside her request, after the
    commit; when it cannot be done she gets an error page, not "Consent withdrawn"."""
    story = make_story(make_consent(storyteller="Member P-4"), title=TITLE, publish=True)
    client.force_login(people.leader(language="en"))
    client.raise_request_exception = False
    varnish_configured.requests.clear()
    varnish_configured.failures = 2
    with caplog.at_level(logging.ERROR):
        response = client.post(reverse("consent_withdraw", args=[story.consent_id]))
    assert response.status_code == 500
    assert varnish_configured.bans == ["/", "/"]
    # The withdrawal itself stands (committed first): the story is off the site.
    assert ConsentRecord.objects.get(pk=story.consent_id).status == "withdrawn"
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "not emptied" in logged
    assert TITLE not in logged and story.slug not in logged and "Member P-4" not in logged

    # The after-commit work registered after the purge still runs (files deleted, renditions
    # withheld, an erasure's compaction): a failed purge does not stop it.
    varnish_configured.failures = 2
    ran = []
    with transaction.atomic():
        ConsentRecord.objects.filter(pk=story.consent_id).update(status="expired")
        transaction.on_commit(lambda: ran.append(True))
    assert ran and varnish_configured.bans == ["/"] * 4


def test_an_unreachable_proxy_is_an_error_too(settings, live_story):
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": "http://127.0.0.1:1",
        }
    }
    with pytest.raises(frontend.PurgeFailed):
        frontend.purge_everything()


class LocalCloudflare(CloudflareBackend):
    """Cloudflare's backend with its API at a local address (set by the test)."""

    ENDPOINT = ""

    def __init__(self, params) -> None:
        super().__init__(params)
        self.cloudflare_purge_endpoint_url = self.ENDPOINT


def test_cloudflare_is_asked_to_purge_everything(settings, endpoint):
    LocalCloudflare.ENDPOINT = f"{endpoint.url}/client/v4/zones/zone-1/purge_cache"
    settings.WAGTAILFRONTENDCACHE = {
        "cdn": {
            "BACKEND": f"{__name__}.LocalCloudflare",
            "ZONEID": "zone-1",
            "BEARER_TOKEN": "token-for-tests",
        }
    }
    frontend.purge_everything()
    [(method, path, headers, body)] = endpoint.requests
    assert (method, path) == ("POST", "/client/v4/zones/zone-1/purge_cache")
    assert json.loads(body) == {"purge_everything": True}
    assert headers["Authorization"] == "Bearer token-for-tests"


def test_a_front_end_cache_that_cannot_purge_everything_stops_the_start(settings):
    settings.WAGTAILFRONTENDCACHE = {
        "old": {"BACKEND": "wagtail.contrib.frontend_cache.backends.base.BaseBackend"}
    }
    with pytest.raises(SystemCheckError, match=r"caching\.E002"):
        call_command("check")
