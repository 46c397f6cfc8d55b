"""The database down or restarting (issue 17): gunicorn with the production settings, on a copy
of the test database reached through a TCP proxy the test closes and reopens.

- Closed (connections refused, open ones cut): public pages answer 503 with the quick exit and
  nothing read from the database, ``Retry-After`` and no cookie; the admin's sign-in page says
  "try again in a minute" instead of a server error.
- Reopened: the same gunicorn answers 200 again at the next request.
- The database restarting (its connections terminated): the next request is answered normally,
  with connections kept between requests (DATABASE_CONN_MAX_AGE) as with the default.
- On SQLite (the suite's default engine) the outage moves the database file's folder away.
- With the page cache on (Redis): a page Redis holds is not served while the database is down,
  because every hit is checked against the database's page-cache token (caching/generation.py),
  the guard against an invalidation Redis missed; readers get the same 503, and the cached page
  again once the database answers.
"""

from __future__ import annotations

import shutil
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from django.utils import translation
from django.utils.translation import gettext

from caching.generation import TOKEN_SECONDS
from tests.support.production_server import HOST, collect_static, production_environment
from tests.support.production_server import gunicorn as production_gunicorn
from tests.support.redis_server import redis_server
from tests.support.site import HOME_TITLES, STANDARD_PAGES
from tests.support.tcp_proxy import tcp_proxy

pytestmark = pytest.mark.django_db
POSTGRESQL = pytest.mark.database_engine("postgresql")
SQLITE = pytest.mark.database_engine("sqlite3")

ROOT = Path(settings.BASE_DIR)
QUICK_EXIT = 'href="https://www.google.com/search?q=weather"'
ADMIN_MESSAGE = "The site's database is not answering. Try again in a minute."
PUBLIC_MESSAGE = "Please try again in a minute."


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: str


@dataclass
class Service:
    port: int
    database: str
    cut_off: Callable[[], None]  # the database stops answering
    restore: Callable[[], None]  # and answers again

    def get(self, path: str) -> Answer:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}",
            headers={"Host": HOST, "X-Forwarded-Proto": "https"},
        )
        try:
            response = urllib.request.urlopen(request, timeout=60)
        except urllib.error.HTTPError as error:
            response = error
        with response:
            headers = {name.lower(): value for name, value in response.headers.items()}
            return Answer(response.status, headers, response.read().decode())


def proxied_url(name: str, port: int) -> str:
    database = connections["default"].settings_dict
    password = f":{database['PASSWORD']}" if database["PASSWORD"] else ""
    return f"postgres://{database['USER']}{password}@127.0.0.1:{port}/{name}"


@contextmanager
def gunicorn(env: dict[str, str], log: Path) -> Iterator[int]:
    """gunicorn (one worker, so the same process answers before and after the outage)."""
    collect_static(env)
    with production_gunicorn(env, log, workers=1) as (port, _server):
        yield port


@pytest.fixture(params=[0, 60], ids=["connection per request", "kept connections"])
def service(request, database_copy, tmp_path) -> Iterator[Service]:
    """PostgreSQL: gunicorn on the copy through the proxy; the outage closes the proxy."""
    database = connections["default"].settings_dict
    with tcp_proxy(int(database["PORT"] or 5432), database["HOST"] or "127.0.0.1") as proxy:
        env = production_environment(proxied_url(database_copy, proxy.port))
        env["DATABASE_CONN_MAX_AGE"] = str(request.param)
        with gunicorn(env, tmp_path / "gunicorn.log") as port:
            yield Service(port, database_copy, proxy.close, proxy.open)


def _sqlite_service(database_copy: str, tmp_path: Path, redis_url: str | None) -> Iterator[Service]:
    folder = tmp_path / "live"
    folder.mkdir()
    shutil.copyfile(database_copy, folder / "db.sqlite3")
    away = tmp_path / "away"
    env = production_environment(f"sqlite:///{folder / 'db.sqlite3'}", redis_url)
    with gunicorn(env, tmp_path / "gunicorn.log") as port:
        yield Service(port, str(folder), lambda: folder.rename(away), lambda: away.rename(folder))


@pytest.fixture
def sqlite_service(database_copy, tmp_path) -> Iterator[Service]:
    """SQLite: gunicorn on a copy in a folder of its own; the outage moves the folder away
    ("unable to open database file"; as root, taking the read permission away changes nothing)."""
    yield from _sqlite_service(database_copy, tmp_path, None)


@pytest.fixture
def sqlite_service_with_page_cache(database_copy, tmp_path) -> Iterator[Service]:
    """As ``sqlite_service``, plus a Redis of its own: the page cache on, as in production."""
    data = tmp_path / "redis"
    data.mkdir()
    with redis_server(data) as redis_url:
        yield from _sqlite_service(database_copy, tmp_path, redis_url)


def translated(message: str, language: str) -> str:
    with translation.override(language):
        return gettext(message)


def assert_public_unavailable(answer: Answer, language: str) -> None:
    assert answer.status == 503
    assert answer.headers["retry-after"] == "60"
    assert "set-cookie" not in answer.headers
    assert "no-store" in answer.headers["cache-control"]
    assert f'<html lang="{language}"' in answer.body
    assert translated(PUBLIC_MESSAGE, language) in answer.body
    # The quick exit, as on every page (the bar and its Esc shortcut).
    assert QUICK_EXIT in answer.body and "data-quick-exit" in answer.body
    assert "js/quick-exit" in answer.body
    # Nothing from the database: no page title, no menu, no contact from the site settings.
    assert HOME_TITLES[language] not in answer.body
    assert STANDARD_PAGES["about"][language] not in answer.body
    assert "test-site.example.org" not in answer.body


@POSTGRESQL
def test_pages_say_try_again_while_the_database_is_down_and_resume_after(service):
    pages_say_try_again_while_the_database_is_down_and_resume_after(service)


@SQLITE
def test_pages_say_try_again_while_the_sqlite_file_cannot_be_opened(sqlite_service):
    pages_say_try_again_while_the_database_is_down_and_resume_after(sqlite_service)


def pages_say_try_again_while_the_database_is_down_and_resume_after(service: Service) -> None:
    up = service.get("/en/")
    assert up.status == 200 and HOME_TITLES["en"] in up.body
    assert service.get("/admin/login/").status == 200

    service.cut_off()
    for language in ("en", "gu", "hi"):
        assert_public_unavailable(service.get(f"/{language}/"), language)
    assert_public_unavailable(service.get("/gu/about/"), "gu")

    admin = service.get("/admin/login/")
    assert admin.status == 503
    assert admin.headers["retry-after"] == "60"
    assert "set-cookie" not in admin.headers
    language = admin.headers["content-language"]
    assert translated(ADMIN_MESSAGE, language) in admin.body
    assert "Traceback" not in admin.body and "Server Error" not in admin.body

    service.restore()
    for path in ("/en/", "/gu/about/", "/admin/login/"):
        assert service.get(path).status == 200, path


@POSTGRESQL
def test_a_database_restart_fails_no_request_after_it(service):
    assert service.get("/en/").status == 200
    with connections["default"].cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [service.database],
        )
    # The next requests, the first included, find a live connection.
    for path in ("/en/", "/admin/login/", "/hi/"):
        assert service.get(path).status == 200, path


@SQLITE
def test_a_page_in_the_page_cache_is_not_served_while_the_database_is_down(
    sqlite_service_with_page_cache,
):
    service = sqlite_service_with_page_cache
    first = service.get("/gu/about/")
    assert first.status == 200 and STANDARD_PAGES["about"]["gu"] in first.body
    assert service.get("/gu/about/").body == first.body  # from Redis now

    service.cut_off()
    # The token read before the outage is trusted for TOKEN_SECONDS at most.
    time.sleep(TOKEN_SECONDS + 0.2)
    assert_public_unavailable(service.get("/gu/about/"), "gu")

    service.restore()
    again = service.get("/gu/about/")
    assert again.status == 200 and again.body == first.body
