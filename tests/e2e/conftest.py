"""Browser fixtures: Debian's Chromium driven by Playwright, against pytest-django's live server.

One browser per session, a fresh context (no shared history, cache or cookies) per test.
Every context routes all of its requests through a guard: requests to the live server go through,
a navigation to the quick-exit destination is answered with a stub page (only once a test has
read that destination from the page and allowed it), and anything else is aborted and recorded,
failing the test. A reader's browser must never be sent to a third party behind their back.
"""

import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

CHROMIUM = "/usr/bin/chromium"  # the distribution's browser; never download one
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
LANGUAGES = ("en", "gu", "hi")
STUB_EXIT_PAGE = "<!DOCTYPE html><title>Weather</title><body>weather</body>"


def origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme, parts.netloc


@dataclass
class NetworkGuard:
    """Records every request a browser context makes and keeps it on the live server."""

    site: str
    requests: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)  # aborted: would have left localhost
    allowed_exits: set[str] = field(default_factory=set)
    exits: list[dict[str, str | None]] = field(default_factory=list)  # stubbed exit navigations

    def handle(self, route, request) -> None:
        url = request.url
        self.requests.append(url)
        if origin(url) == origin(self.site):
            route.continue_()
        elif url in self.allowed_exits and request.is_navigation_request():
            headers = request.all_headers()
            self.exits.append({"url": url, "referer": headers.get("referer")})
            route.fulfill(status=200, body=STUB_EXIT_PAGE, content_type="text/html")
        else:
            self.foreign.append(f"{request.method} {url} ({request.resource_type})")
            route.abort("blockedbyclient")

    def allow_exit_from(self, page) -> str:
        """The quick-exit destination as the page gives it; navigations to it get the stub."""
        href = page.get_attribute("[data-quick-exit]", "href")
        assert href, "the page has no [data-quick-exit] link with an href"
        parts = urlsplit(href)
        assert parts.scheme == "https" and parts.netloc, f"quick exit goes to {href!r}"
        assert origin(href) != origin(self.site), "quick exit must leave the site"
        self.allowed_exits.add(href)
        return href


class Chromium:
    """One Chromium for all browser tests, started before the first and stopped after the last.

    While Playwright's event loop runs in this thread, Django needs DJANGO_ALLOW_ASYNC_UNSAFE and
    keeps its connections in a separate per-context store (asgiref's Local switches to contextvars
    once a loop is running): the test thread gets new connection objects. They reach the same test
    databases but lack the snapshot that serialized_rollback restores before each test, so one is
    made for them here. Stopping after the last browser test gives the rest of the suite its
    ordinary thread back (no running loop, no async-unsafe override, its own connections).
    """

    def __init__(self) -> None:
        self.playwright = None
        self.browser = None
        self.previous_async_unsafe: str | None = None

    def start(self, django_db_blocker) -> None:
        if not os.path.exists(CHROMIUM):
            pytest.fail(
                f"{CHROMIUM} is missing: install Debian's chromium package "
                '(or deselect browser tests with -m "not e2e"); never download a browser.'
            )
        from django.db import connections
        from playwright.sync_api import sync_playwright

        migrated = {
            connection.alias: connection._test_serialized_contents
            for connection in connections.all()
            if hasattr(connection, "_test_serialized_contents")
        }
        self.previous_async_unsafe = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        self.playwright = sync_playwright().start()
        try:
            with django_db_blocker.unblock():
                self._snapshot_with_site_content(migrated)
            self.browser = self.playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS
            )
        except BaseException:
            self.stop()
            raise

    @staticmethod
    def _snapshot_with_site_content(migrated: dict[str, str]) -> None:
        """Reset each test database to its migrated state plus the tests' site with a page of
        each kind (tests/support/site.py), and snapshot that.

        tests/conftest.py builds the site outside any transaction after Django took its
        snapshot, so restoring that snapshot on top collides (two Sites on localhost:80): flush
        first. The content goes into the snapshot because restoring it (0.1 s) is several times
        faster than building it again before every test.
        """
        from django.apps import apps
        from django.contrib.contenttypes.models import ContentType
        from django.db import connections

        from tests.support.site import add_one_page_of_each_kind, build_site

        # Wagtail's Task.__init__ looks up its content type while the snapshot is restored; with
        # a cold cache that lookup inserts the row the snapshot is about to insert. Warm the
        # cache from the rows as they are (the snapshot restores the same ids).
        ContentType.objects.get_for_models(*apps.get_models(), for_concrete_models=False)
        for alias, contents in migrated.items():
            # As TransactionTestCase flushes: sequences keep counting (PostgreSQL), so rows that
            # build_site creates cannot collide with the ids the snapshot restores.
            call_command(
                "flush",
                database=alias,
                interactive=False,
                inhibit_post_migrate=True,
                reset_sequences=False,
                verbosity=0,
            )
            connections[alias].creation.deserialize_db_from_string(contents)
        # The warmed cache holds the ids of the rows as they were: a transactional test that ran
        # earlier in this process flushed the database, and content types came back with new
        # ids. The snapshot put back its own: read them again.
        ContentType.objects.clear_cache()
        build_site()
        add_one_page_of_each_kind()
        for alias in migrated:
            connection = connections[alias]
            connection._test_serialized_contents = connection.creation.serialize_db_to_string()

    def stop(self) -> None:
        if self.playwright is None:
            return
        from django.db import connections

        try:
            if self.browser is not None:
                self.browser.close()
            # Close the connections opened in the loop's store (PostgreSQL could not drop the
            # test database while they are open).
            connections.close_all()
        finally:
            self.playwright.stop()
            self.playwright = self.browser = None
            if self.previous_async_unsafe is None:
                os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
            else:
                os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = self.previous_async_unsafe


_chromium = Chromium()


def one_request_at_a_time(live_server) -> None:
    """With the in-memory SQLite test database, every thread of the live server uses the same
    connection: two requests at once (a page and the icons it loads, an admin page and the
    background request of the one before) interleave their transactions on it and fail with
    "no such savepoint" or "table is locked". Serve them one after another, as one connection
    allows. (A real server has a connection per worker; PostgreSQL needs none of this.)"""
    from django.db import connection

    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        return
    server = live_server.thread.httpd
    application, lock = server.get_app(), threading.Lock()

    def serialised(environ, start_response):
        with lock:
            # The whole response is produced (and closed: request_finished) inside the lock.
            result = application(environ, start_response)
            try:
                return list(result)
            finally:
                if hasattr(result, "close"):
                    result.close()

    server.set_app(serialised)


@pytest.fixture(scope="session", autouse=True)
def browser(django_db_setup, django_db_blocker, live_server) -> Iterator:
    """Autouse so that it starts before the first test's database fixtures run."""
    one_request_at_a_time(live_server)
    _chromium.start(django_db_blocker)
    yield _chromium.browser
    _chromium.stop()


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item, nextitem) -> None:
    # pytest-django runs transactional tests (all browser tests) after the others, so the
    # browser tests are consecutive: once the next test is not one of them, stop the browser.
    if nextitem is None or not nextitem.get_closest_marker("e2e"):
        _chromium.stop()


@pytest.fixture
def site(live_server) -> str:
    """The live server's base URL, with the tests' site in place.

    Live-server tests are transactional: the database is flushed after each test and restored
    from the snapshot (which holds the site and a page of each kind, see Chromium) before the
    next.
    """
    return live_server.url


@pytest.fixture
def new_context(browser, site):
    """Factory for guarded browser contexts; all are closed and checked after the test."""
    assert _chromium.browser is browser, "browser stopped: browser tests must run consecutively"
    made = []

    def make(in_browser=None, **options):
        options.setdefault("viewport", PHONE)
        context = (in_browser or browser).new_context(**options)
        context.set_default_timeout(5_000)
        guard = NetworkGuard(site)
        context.route("**/*", guard.handle)
        websockets: list[str] = []
        context.on("page", lambda page: page.on("websocket", lambda ws: websockets.append(ws.url)))
        made.append((context, guard, websockets))
        return context, guard

    yield make
    problems = []
    for context, guard, websockets in made:
        context.close()
        problems += guard.foreign + [f"websocket {url}" for url in websockets]
    if problems:
        pytest.fail("requests that would have left the live server:\n" + "\n".join(problems))


@pytest.fixture
def browser_with_bfcache(browser):
    """A second Chromium with the back-forward cache on (Playwright turns it off by default with
    --disable-back-forward-cache), for what a phone does when Back or Forward shows a page kept in
    memory. Pass it to new_context(in_browser=...). Closed after the test."""
    assert _chromium.playwright is not None, "browser stopped: browser tests must run consecutively"
    second = _chromium.playwright.chromium.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=LAUNCH_ARGS,
        ignore_default_args=["--disable-back-forward-cache"],
    )
    yield second
    second.close()


@pytest.fixture
def open_page(new_context):
    """A page in a fresh guarded context (JavaScript on, phone viewport unless told otherwise)."""

    def make(**options):
        context, guard = new_context(**options)
        return context.new_page(), guard

    return make
