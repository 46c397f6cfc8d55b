"""What readers and staff see while the database is down or restarting (issue 17).

Django turns any exception raised while answering (in a view, a middleware or a template) into
the ``handler500`` view, inside the ``except`` block, so ``sys.exc_info()`` still names it. When
that exception is the database not answering, this view answers 503 instead of the 500 page:

- public pages: a neutral page with the quick exit, built from a static template without the
  database (no site settings query, no menus, no page content), in the language of the URL's
  prefix; ``Retry-After`` and ``no-store``, so neither the browser nor a proxy keeps it;
- the admin: one plain sentence ("try again in a minute") instead of a server error.

Nothing is half-saved: every request runs in one transaction (ATOMIC_REQUESTS), rolled back by
the error. Service resumes by itself: Django opens a connection per request, and a kept
connection that died (a restart) is checked before reuse (CONN_HEALTH_CHECKS in settings).
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterator

from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.views.defaults import server_error as django_server_error

from home.site_settings import CACHE_KEY, DEFAULT_QUICK_EXIT_URL
from privacy.saved_files import storage_refused_response
from privacy.storage import storage_unreachable

RETRY_AFTER_SECONDS = 60
ADMIN_PREFIX = "/admin/"
# The page the template cannot render (a broken static manifest, a missing template) still says
# something; English only, as a last resort.
LAST_RESORT = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Samvedna</title></head>'
    "<body><p>Please try again in a minute.</p>"
    '<p><a href="{url}" rel="noreferrer noopener">Quick exit</a></p></body></html>'
)


# SQLite reports a missing table as an OperationalError too: only these mean "not answering".
SQLITE_UNAVAILABLE = ("unable to open database file", "database is locked", "disk i/o error")


def _causes(error: BaseException | None) -> Iterator[BaseException]:
    """``error`` and what it was raised from or while handling."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        yield error
        error = error.__cause__ or error.__context__


def _not_answering(error: BaseException) -> bool:
    if isinstance(error, InterfaceError):
        return True
    if not isinstance(error, OperationalError):
        return False
    if isinstance(error.__cause__, sqlite3.Error):
        return any(text in str(error).lower() for text in SQLITE_UNAVAILABLE)
    # PostgreSQL: connection refused or lost, the server shutting down or restarting.
    return True


def database_unavailable(error: BaseException | None) -> bool:
    """Whether ``error`` (or what it was raised from) is the database not answering."""
    return any(_not_answering(cause) for cause in _causes(error))


def _url_language(path: str) -> str:
    """The language of the URL's prefix (/gu/…), or the site's default."""
    prefix = path.lstrip("/").split("/", 1)[0]
    return prefix if prefix in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _quick_exit_url(request: HttpRequest) -> str:
    """The site's quick-exit destination if the cache still has it, else the default: never a
    database query."""
    site = getattr(request, "_wagtail_site", None)
    if site is None:
        return DEFAULT_QUICK_EXIT_URL
    try:
        cached = cache.get(CACHE_KEY.format(site_id=site.pk)) or {}
    except Exception:  # the cache may be down too; the default exit still works
        cached = {}
    return cached.get("quick_exit_url") or DEFAULT_QUICK_EXIT_URL


def _render(template: str, language: str, context: dict) -> str:
    # No request: no context processors, which read site settings and menus from the database.
    with translation.override(language):
        return render_to_string(template, {"language": language, **context})


def unavailable_response(request: HttpRequest) -> HttpResponse:
    """The 503 answer while the database is not answering."""
    if request.path.startswith(ADMIN_PREFIX):
        # Whatever language the admin was speaking when it failed (Gujarati before sign-in).
        language = translation.get_language() or settings.LANGUAGE_CODE
        template, context = "503_admin.html", {}
    else:
        language = _url_language(request.path)
        template = "503.html"
        context = {"site_safety": {"quick_exit_url": _quick_exit_url(request)}}
    try:
        body = _render(template, language, context)
    except Exception:  # a page that cannot render must still answer
        body = LAST_RESORT.format(url=DEFAULT_QUICK_EXIT_URL)
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    response["Content-Language"] = language
    return response


def server_error(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    """``handler500``: 503 while the database is not answering, the upload refused while the
    media storage is not (raised outside a view: the views' own failures are answered by
    privacy/saved_files.py), Django's 500 page otherwise."""
    error = sys.exc_info()[1]
    if database_unavailable(error):
        return unavailable_response(request)
    if storage_unreachable(error) and request.path.startswith(ADMIN_PREFIX):
        return storage_refused_response(request)
    return django_server_error(request, *args, **kwargs)
