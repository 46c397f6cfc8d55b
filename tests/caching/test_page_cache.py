"""The page cache (caching/): a hit is the miss's twin, and nothing a reader could notice survives
a change: a leader's withdrawal, a publication, a scheduled publication, a helpline or site
settings edit, midnight. Each test turns the cache on (the suite runs with it off)."""

from __future__ import annotations

import datetime
import time

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Revision, Site

from caching import generation, middleware
from consent.models import ConsentRecord
from home.site_settings import SiteSafetySettings
from stories.models import StoryIndexPage
from tests.support import people
from tests.support.resource_factories import (
    helpline_blocks,
    make_helpline,
    make_resource,
    new_index,
)
from tests.support.story_factories import make_consent, make_story, story_index

pytestmark = pytest.mark.django_db

TITLE = "Story the leaders withdraw"


@pytest.fixture
def page_cache(settings, monkeypatch):
    settings.PAGE_CACHE = True
    # This process forgets the database token when its own commits replace it; trusting its
    # copy longer keeps "a hit makes no query" independent of how slow a miss was to build.
    monkeypatch.setattr(generation, "TOKEN_SECONDS", 3600.0)
    generation.forget_token()
    caches["default"].clear()
    yield
    caches["default"].clear()


@pytest.fixture
def reader() -> Client:
    """An anonymous reader: no cookie ever."""
    return Client()


def queries_for(client: Client, url: str, **extra) -> tuple[object, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    return response, len(queries)


def served_from_cache(client: Client, url: str, **extra) -> bool:
    """A hit skips routing and rendering: not one database query."""
    return queries_for(client, url, **extra)[1] == 0


def surfaces(story) -> list[str]:
    index = story_index("en")
    return [story.url, index.url, "/en/", f"{index.url}feed/", "/sitemap.xml"]


@pytest.fixture
def live_story():
    consent = make_consent(storyteller="Member W-7")
    return make_story(consent, title=TITLE, publish=True)


# --- A hit is the miss's twin ---------------------------------------------------------------------


def test_a_hit_has_the_same_status_bytes_and_headers_as_the_miss(page_cache, reader, live_story):
    for url in [*surfaces(live_story), f"{story_index('en').url}?page=1"]:
        miss, miss_queries = queries_for(reader, url)
        hit, hit_queries = queries_for(reader, url)
        assert miss_queries > 0 and hit_queries == 0, url
        assert hit.status_code == miss.status_code == 200, url
        assert hit.content == miss.content, url
        assert dict(hit.headers) == dict(miss.headers), url
        assert "Content-Security-Policy" in hit.headers, url
        assert "Set-Cookie" not in hit.headers and not hit.cookies, url
        head, head_queries = queries_for(reader, url, REQUEST_METHOD="HEAD")
        assert head_queries == 0 and head.status_code == 200, url


def test_the_cache_is_off_in_the_suite_and_with_a_per_process_cache(settings, reader, live_story):
    reader.get(live_story.url)
    assert not served_from_cache(reader, live_story.url)
    settings.PAGE_CACHE = None  # the default: decided by the cache backend
    assert not generation.enabled()  # LocMemCache: per process
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    assert generation.enabled()


# --- Never cached ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "extra",
    [
        {"HTTP_COOKIE": "sessionid=abc"},
        {"HTTP_COOKIE": "csrftoken=abc"},
        {"HTTP_COOKIE": "django_language=gu"},
        {"QUERY_STRING": "utm_source=news"},
        {"QUERY_STRING": "page=1&page=2"},
        {"QUERY_STRING": "topic=" + "x" * 65},
        {"HTTP_AUTHORIZATION": "Basic YTpi"},
    ],
    ids=[
        "session",
        "csrf",
        "language-cookie",
        "unknown-param",
        "repeated-param",
        "long-value",
        "authorization",
    ],
)
def test_requests_that_could_be_personal_or_junk_pass_through(
    page_cache, reader, live_story, extra
):
    url = story_index("en").url
    reader.get(url, **extra)
    assert not served_from_cache(reader, url, **extra)


def test_search_with_a_query_admin_and_not_found_are_never_stored(page_cache, reader, live_story):
    for url in ["/en/search/?q=Meena", "/admin/login/", "/en/no-such-page/"]:
        reader.get(url)
        assert not served_from_cache(reader, url), url


def test_responses_that_could_be_personal_are_not_stored() -> None:
    request = RequestFactory().get("/en/")
    for header, value in [
        ("Cache-Control", "private"),
        ("Cache-Control", "no-store"),
        ("Vary", "Cookie"),
        ("Content-Type", "application/json"),
    ]:
        from django.http import HttpResponse

        response = HttpResponse("<p>x</p>")
        response[header] = value
        assert not middleware._storable(request, response), (header, value)
    response = HttpResponse("<p>x</p>")
    response.set_cookie("sessionid", "x")
    assert not middleware._storable(request, response)
    assert middleware._storable(request, HttpResponse("<p>x</p>"))
    assert not middleware._storable(request, HttpResponse(b"x" * (middleware.MAX_BODY + 1)))


# --- Invalidation ---------------------------------------------------------------------------------


def test_a_leaders_withdrawal_empties_every_surface_at_once(
    page_cache, reader, client, live_story, django_capture_on_commit_callbacks
):
    for url in surfaces(live_story):
        page = reader.get(url).content.decode()
        # Pages and feeds name the story; the sitemap has its address.
        assert TITLE in page or live_story.url in page, url
        assert served_from_cache(reader, url), url

    client.force_login(people.leader(language="en"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("consent_withdraw", args=[live_story.consent_id]))
    assert response.status_code in (200, 302)
    assert ConsentRecord.objects.get(pk=live_story.consent_id).status == "withdrawn"

    assert reader.get(live_story.url).status_code == 410
    for url in surfaces(live_story)[1:]:
        page = reader.get(url).content.decode()
        assert TITLE not in page and live_story.slug not in page, url
    # The 410 itself is kept until the next change.
    assert served_from_cache(reader, live_story.url)


def test_a_write_that_is_rolled_back_changes_nothing_and_an_update_bumps(
    page_cache, live_story, django_capture_on_commit_callbacks
):
    before = generation.current()
    with django_capture_on_commit_callbacks(execute=True), django_transaction_rolled_back():
        ConsentRecord.objects.filter(pk=live_story.consent_id).update(status="expired")
    assert generation.current() == before
    # Consent expiry is a QuerySet.update(): no model signal, still a new generation.
    with django_capture_on_commit_callbacks(execute=True):
        ConsentRecord.objects.filter(pk=live_story.consent_id).update(status="expired")
    assert generation.current() != before


class django_transaction_rolled_back:
    def __enter__(self) -> None:
        self.atomic = transaction.atomic()
        self.atomic.__enter__()

    def __exit__(self, *exc) -> None:
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)


def test_quiet_tables_leave_the_cache_alone(
    page_cache, reader, live_story, django_capture_on_commit_callbacks
):
    user = people.staff()
    reader.get(live_story.url)
    with django_capture_on_commit_callbacks(execute=True):
        session = SessionStore()
        session["x"] = 1
        session.save()
        user.last_login = timezone.now()
        user.save(update_fields=["last_login"])
    assert served_from_cache(reader, live_story.url)
    with django_capture_on_commit_callbacks(execute=True):
        user.first_name = "Renamed"
        user.save()
    assert not served_from_cache(reader, live_story.url)


def test_a_published_story_is_on_the_index_at_once(
    page_cache, reader, live_story, django_capture_on_commit_callbacks
):
    index = story_index("en").url
    reader.get(index)
    assert served_from_cache(reader, index)
    with django_capture_on_commit_callbacks(execute=True):
        make_story(make_consent(), title="A brand new story", publish=True)
    assert "A brand new story" in reader.get(index).content.decode()
    assert "A brand new story" in reader.get("/en/").content.decode()


def test_an_unpublished_or_moved_story_leaves_the_index_at_once(
    page_cache, reader, live_story, django_capture_on_commit_callbacks
):
    other = make_story(make_consent(), title="A story that moves", publish=True)
    index = story_index("en")
    page = reader.get(index.url).content.decode()
    assert TITLE in page and "A story that moves" in page
    reader.get(other.url)
    assert served_from_cache(reader, index.url) and served_from_cache(reader, other.url)
    with django_capture_on_commit_callbacks(execute=True):
        live_story.unpublish()
    assert TITLE not in reader.get(index.url).content.decode()
    assert reader.get(live_story.url).status_code in (404, 410)

    more = index.get_parent().add_child(
        instance=StoryIndexPage(title="More stories", slug="more-stories")
    )
    more.save_revision().publish()
    reader.get(index.url)
    reader.get(other.url)
    assert served_from_cache(reader, index.url) and served_from_cache(reader, other.url)
    with django_capture_on_commit_callbacks(execute=True):
        other.move(more, pos="last-child")
    assert "A story that moves" not in reader.get(index.url).content.decode()
    # Wagtail's automatic redirect to the new address, not the old page from the cache.
    moved = reader.get(other.url)
    assert moved.status_code == 301 and moved["Location"].startswith("/en/more-stories/")


def test_a_scheduled_publication_is_on_the_index_when_it_goes_live(
    page_cache, reader, live_story, django_capture_on_commit_callbacks
):
    story = make_story(make_consent(), title="Scheduled story")
    story.go_live_at = timezone.now() + datetime.timedelta(seconds=1)
    story.save_revision().publish()  # scheduled, not live yet
    assert Revision.objects.filter(object_id=str(story.pk), approved_go_live_at__isnull=False)
    index = story_index("en").url
    assert "Scheduled story" not in reader.get(index).content.decode()
    assert served_from_cache(reader, index)
    time.sleep(1.1)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled")
    assert "Scheduled story" in reader.get(index).content.decode()


def test_a_helpline_edit_shows_at_once(page_cache, reader, django_capture_on_commit_callbacks):
    helpline = make_helpline("1097")
    guide = make_resource(new_index(), "Legal aid", helplines=helpline_blocks(helpline))
    assert "1097" in reader.get(guide.url).content.decode()
    assert served_from_cache(reader, guide.url)
    with django_capture_on_commit_callbacks(execute=True):
        helpline.number = "181"
        helpline.save()
    page = reader.get(guide.url).content.decode()
    assert "181" in page and "1097" not in page


def test_a_site_settings_edit_shows_at_once(
    page_cache, reader, live_story, django_capture_on_commit_callbacks
):
    reader.get("/en/")
    assert served_from_cache(reader, "/en/")
    with django_capture_on_commit_callbacks(execute=True):
        safety = SiteSafetySettings.for_site(Site.objects.get(is_default_site=True))
        safety.contact_email = "write@example.org"
        safety.save()
    assert "write@example.org" in reader.get("/en/").content.decode()


def test_midnight_starts_a_new_cache(page_cache, reader, live_story, monkeypatch):
    reader.get(live_story.url)
    assert served_from_cache(reader, live_story.url)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(generation, "local_date", lambda: tomorrow)
    assert not served_from_cache(reader, live_story.url)


def test_a_lost_generation_is_replaced_by_a_new_one(page_cache, reader, live_story):
    reader.get(live_story.url)
    before = generation.current()
    caches["default"].delete(generation.GENERATION_KEY)
    assert generation.current() != before
    assert not served_from_cache(reader, live_story.url)


# --- Two processes sharing one Redis --------------------------------------------------------------


def test_a_withdrawal_in_one_process_empties_the_cache_of_another(
    database_copy, tmp_path, settings, client
):
    """A development server (its own process) serves the pages from a Redis of the test's own;
    a leader withdraws in this process, sharing the database copy and the Redis; the server's
    very next answers no longer show the story."""
    import redis

    from tests.support.redis_server import redis_server
    from tests.support.servers import development_server, get

    with redis_server(tmp_path) as redis_url:
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": redis_url,
            }
        }
        settings.PAGE_CACHE = None  # the default: on, since Redis is shared
        assert generation.enabled()
        story = make_story(make_consent(storyteller="Member W-9"), title=TITLE, publish=True)
        with development_server(
            tmp_path,
            database_copy,
            "django.core.cache.backends.redis.RedisCache",
            redis_url,
        ) as base:
            urls = surfaces(story)
            for url in urls:
                miss = fetch(base + url)
                assert miss[0] == 200 and (TITLE in miss[2] or story.url in miss[2]), url
                # The hit: same status, headers (but Date) and bytes, through a real server.
                assert fetch(base + url) == miss, url
            assert redis.Redis.from_url(redis_url).keys("*pagecache:page:*"), "nothing cached"
            assert TITLE in get(base + "/en/search/?q=leaders")[1]

            client.force_login(people.leader(language="en"))
            response = client.post(reverse("consent_withdraw", args=[story.consent_id]))
            assert response.status_code in (200, 302)

            assert get(base + story.url)[0] == 410
            # Search with a query is never cached; checked all the same, as a reader would.
            status, body = get(base + "/en/search/?q=leaders")
            assert status == 200 and TITLE not in body
            for url in urls[1:]:
                status, body = get(base + url)
                assert status == 200 and TITLE not in body and story.slug not in body, url


def fetch(url: str) -> tuple[int, list[tuple[str, str]], str]:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            status, headers, body = response.status, response.getheaders(), response.read()
    except urllib.error.HTTPError as error:
        status, headers, body = error.code, error.headers.items(), error.read()
    return status, [(k, v) for k, v in headers if k.lower() != "date"], body.decode()


def test_an_unreachable_cache_server_still_serves_the_page(
    page_cache, reader, live_story, monkeypatch
):
    # A Redis restart: readers get the page, built for them, never a server error.
    class Unreachable:
        def get(self, *args, **kwargs):
            raise ConnectionError("cache server down")

        def set(self, *args, **kwargs):
            raise ConnectionError("cache server down")

        add = get

    monkeypatch.setattr("caching.generation.cache", lambda: Unreachable())

    response, queries = queries_for(reader, live_story.url)

    assert response.status_code == 200 and TITLE in response.content.decode()
    assert queries > 0
