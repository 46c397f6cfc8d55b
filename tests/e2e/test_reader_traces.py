"""Readers leave no trace (safety rule 5) as a real browser sees it: every request a public page
makes goes to this site, and nothing is stored in the browser (cookies, web storage, workers)."""

import pytest
from wagtail.models import Page

from .conftest import LANGUAGES, origin

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

STORED_TRACES = """async () => ({
    cookie: document.cookie,
    localStorage: window.localStorage.length,
    sessionStorage: window.sessionStorage.length,
    serviceWorkers: (await navigator.serviceWorker.getRegistrations()).length,
})"""


def public_paths() -> list[str]:
    paths = [page.url for page in Page.objects.live().filter(depth__gte=2).specific()]
    missing = [f"/{language}/no-such-page/" for language in LANGUAGES]
    return ["/", *paths, *missing]


def test_every_public_page_loads_only_from_this_site_and_stores_nothing(site, open_page):
    paths = public_paths()
    assert len(paths) >= 1 + 12 + 3, paths  # the root, 4 pages x 3 languages, three 404 pages
    page, guard = open_page()
    context = page.context
    for path in paths:
        first = len(guard.requests)
        response = page.goto(f"{site}{path}")  # waits for "load": stylesheet and script too
        assert response.status in (200, 404), path
        made = guard.requests[first:]
        # The page itself, its stylesheet and its script at least, all from the live server.
        assert len(made) >= 3, f"{path} made only {made}"
        elsewhere = [url for url in made if origin(url) != origin(site)]
        assert not elsewhere, f"{path} requested other hosts: {elsewhere}"
        assert not guard.foreign, f"{path}: {guard.foreign}"
        assert context.cookies() == [], f"{path} set cookies {context.cookies()}"
        traces = page.evaluate(STORED_TRACES)
        assert traces == {
            "cookie": "",
            "localStorage": 0,
            "sessionStorage": 0,
            "serviceWorkers": 0,
        }, f"{path} left {traces}"
    page.wait_for_timeout(300)  # anything fetched late (timers, prefetch) is still caught
    assert not guard.foreign and not guard.exits, (guard.foreign, guard.exits)
    assert all(origin(url) == origin(site) for url in guard.requests)
