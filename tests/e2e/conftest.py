"""Real-browser fixtures: Debian's Chromium driven by Playwright, against pytest-django's live server.

One browser per session, a fresh context (no shared history, cache or cookies) per test.
Every context routes all of its requests through a guard: requests to the live server go through,
a navigation to the quick-exit destination is answered with a stub page (only once a test has
read that destination from the page and allowed it), and anything else is aborted and recorded,
failing the test. A reader's browser must never be sent to a third party behind their back.
"""

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls (load_demo,
# the live server's flush) in a thread with a running loop unless told it is safe.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

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
STUB_EXIT_PAGE = "<!DOCTYPE html><html><head><title>Weather</title></head><body>weather</body></html>"


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

    def site_requests(self) -> list[str]:
        return [url for url in self.requests if origin(url) == origin(self.site)]


@pytest.fixture(scope="session", autouse=True)
def _database_in_its_snapshot_state(django_db_setup, django_db_blocker):
    """Bring the test database back to the state that serialized_rollback restores.

    Django takes the snapshot right after migrating; tests/conftest.py then loads the demo site
    outside any transaction. Restoring the snapshot on top of that collides (the demo Site and
    the migrations' Site both claim localhost:80), so flush first: each live-server test then
    starts from the migrated state and loads the demo content itself. Transactional tests run
    after all the others (pytest-django orders them so), so no other test sees the flush.
    """
    from django.db import connections

    with django_db_blocker.unblock():
        for connection in connections.all():
            if hasattr(connection, "_test_serialized_contents"):
                call_command(
                    "flush",
                    database=connection.alias,
                    interactive=False,
                    inhibit_post_migrate=True,
                    verbosity=0,
                )


@pytest.fixture(scope="session")
def browser() -> Iterator:
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's chromium package "
            '(or deselect browser tests with -m "not e2e"); never download a browser.'
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def site(live_server) -> str:
    """The live server's base URL, with the demo content loaded (the DB is flushed per test)."""
    call_command("load_demo", verbosity=0)
    return live_server.url


@pytest.fixture
def new_context(browser, site):
    """Factory for guarded browser contexts; all are closed and checked after the test."""
    made = []

    def make(**options):
        options.setdefault("viewport", PHONE)
        context = browser.new_context(**options)
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
def open_page(new_context):
    """A page in a fresh guarded context (JavaScript on, phone viewport unless told otherwise)."""

    def make(**options):
        context, guard = new_context(**options)
        return context.new_page(), guard

    return make
