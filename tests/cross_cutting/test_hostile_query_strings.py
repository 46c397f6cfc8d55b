"""Every public URL, given query strings nobody should send: a normal page or a 404, never a 500.

Covers every page type the demo site has (home, standard pages, story, event and resource indexes
and pages, their feeds and calendars, search, sitemap): the list is read from the database, so a
new page type is covered as soon as the demo content has one.
"""

import html
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import translation
from wagtail.models import Page

from tests.support.helpers import TagCollector, public_page_urls
from tests.support.servers import database_url, free_port, get, started

pytestmark = pytest.mark.django_db

HOSTILE_QUERIES = [
    "page=abc",
    "page=-1",
    "page=0",
    "page=1.5",
    "page=99999999999999999999",
    "page=%ff%fe",
    "page=1&page=2",
    "page=%00",
    "page=١",  # an Arabic-Indic digit: isdigit() says yes, int() would accept it
    "page=૨",  # a Gujarati digit
    "topic=%ff",
    "topic=../../etc/passwd",
    "has=%00",
    "category=nope",
    "category=%ff",
    "need=<script>",
    "year=20x3",
    "year=-2023",
    "year=99999999999999",
    "date=2023-13-45",
    "start=not-a-date",
    "q=" + "a" * 5000,
    "q=%ff%fe%00",
    "%ff=%ff",
    "a" * 3000 + "=1",
]


def feed_and_calendar_urls() -> list[str]:
    """Sub-URLs that index pages answer besides themselves (feeds, calendars)."""
    urls = []
    for page in Page.objects.live().filter(depth__gte=3).specific():
        url = page.url
        name = type(page).__name__
        if name == "EventPage":
            urls.append(f"{url}calendar/")
        if name in {"StoryIndexPage", "EventIndexPage"}:
            urls.append(f"{url}feed/")
        if name == "EventIndexPage":
            urls.append(f"{url}calendar/")
    return urls


class TestEveryPage:
    """The pages are built once for all the queries (conftest ``pages_of_each_kind_for_class``)."""

    @pytest.mark.parametrize("query", HOSTILE_QUERIES)
    def test_hostile_query_strings_never_cause_a_server_error(
        self, client, query, pages_of_each_kind_for_class
    ):
        urls = [*public_page_urls(), *feed_and_calendar_urls(), "/en/search/", "/sitemap.xml"]
        failures = []
        for url in urls:
            response = client.get(f"{url}?{query}")
            if response.status_code not in (200, 404):
                failures.append(f"{url}?{query[:60]} -> {response.status_code}")
        assert not failures, "\n".join(failures)


def too_many_parameters() -> str:
    """One parameter more than Django reads (DATA_UPLOAD_MAX_NUMBER_FIELDS)."""
    return "&".join(f"a{i}=1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))


def not_the_sites_400_page(response) -> str | None:
    """What is wrong with ``response`` as the site's 400 page, or None."""
    if response.status_code != 400:
        return f"answered {response.status_code}"
    page = TagCollector()
    page.feed(response.content.decode())
    if not [attrs for tag, attrs in page.tags if tag == "a" and "data-quick-exit" in attrs]:
        return "no quick exit"
    language = response.request["PATH_INFO"].split("/")[1]
    with translation.override(language if language in ("gu", "hi") else "en"):
        heading = html.escape(translation.gettext("This address could not be read"))
    if heading not in response.content.decode():
        return "not the site's error page"
    return None


@pytest.mark.parametrize("debug", [False, True], ids=["production", "development"])
def test_too_many_query_parameters_answer_400_with_the_sites_page_and_its_quick_exit(
    client, debug, pages_of_each_kind
):
    # Pages that read the query (search, listings), pages that do not (home, a story), feeds,
    # the sitemap and the admin's sign-in: the same page for all, DEBUG on or off.
    urls = [
        *public_page_urls(),
        *feed_and_calendar_urls(),
        "/en/search/",
        "/gu/search/",
        "/sitemap.xml",
        "/admin/login/",
    ]
    client.raise_request_exception = False  # a 500 is a finding like any other answer
    failures = []
    with override_settings(DEBUG=debug):
        for url in urls:
            problem = not_the_sites_400_page(client.get(f"{url}?{too_many_parameters()}"))
            if problem:
                failures.append(f"{url}: {problem}")
    assert not failures, "\n".join(failures)


def test_the_400_page_speaks_the_language_of_the_address(client):
    response = client.get(f"/gu/search/?{too_many_parameters()}")
    assert response.status_code == 400
    assert '<html lang="gu"' in response.content.decode()


def test_as_many_query_parameters_as_django_reads_are_still_a_normal_page(client):
    query = "&".join(f"a{i}=1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS))
    assert client.get(f"/en/search/?{query}").status_code == 200


def test_the_development_server_answers_too_many_parameters_with_the_sites_400_page(
    database_copy,
):
    port = free_port()
    runserver = [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"]
    with started(
        runserver,
        port,
        "the development server",
        cwd=Path(settings.BASE_DIR),
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "samvedna.settings.dev",
            "DATABASE_URL": database_url(database_copy),
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    ):
        failures = []
        for url in ("/en/search/", "/en/stories/", "/en/"):
            status, body = get(f"http://127.0.0.1:{port}{url}?{too_many_parameters()}")
            if status != 400 or "data-quick-exit" not in body:
                failures.append(f"{url}: {status}")
        # And the server still answers normally afterwards.
        assert get(f"http://127.0.0.1:{port}/en/search/?q=ration")[0] == 200
        assert not failures, "\n".join(failures)
