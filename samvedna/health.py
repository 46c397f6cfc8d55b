"""``/health/`` for the proxy or the load balancer: is the database, the shared cache and the
media storage reachable? It answers 200 "ok", or 503 naming only the parts that failed
("database", "cache", "storage"): no versions, hosts, paths or errors, nothing a stranger could
use.

A middleware, placed first (settings MIDDLEWARE), not a view: it answers before anything else
runs, so a probe is answered even when the database is down (the site lookup and the sessions
need it), with a bare address in its Host header (ALLOWED_HOSTS is never consulted: the answer
holds nothing), over plain HTTP from the load balancer (no HTTPS redirect), with no session,
cookie, language prefix or sign-in, and outside the page cache. ``Cache-Control: no-store``
keeps it out of any cache; deploy/varnish/default.vcl passes it. Nothing about the request is
logged; a failure is logged with the part's name and the error's type only.

Each part is tried in its own thread and given ``TIMEOUT`` seconds (all at once, so an answer
takes at most that long): a hung connection must not hang the probe. The cache and the storage
are written and read back, not merely pinged: a full disk or a read-only bucket fails too.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connections
from django.http import HttpRequest, HttpResponse, HttpResponseBase

logger = logging.getLogger(__name__)

PATHS = frozenset({"/health/", "/health"})
TIMEOUT = 2.0  # seconds, for each part (tried together)


def _database() -> None:
    connection = connections["default"]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    finally:
        # The thread's own connection: closed, not left for a thread that is gone.
        connection.close()


def _cache() -> None:
    cache = caches["default"]
    probe = uuid.uuid4().hex
    cache.set(f"health:{probe}", probe, 30)
    # The site's Redis client absorbs connection errors (caching/backends.py): a miss is the
    # failure's only trace, so the value is read back.
    if cache.get(f"health:{probe}") != probe:
        raise ConnectionError("cache did not keep a value")
    cache.delete(f"health:{probe}")


def _storage() -> None:
    storage = storages["default"]
    name = storage.save(f"health/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    storage.delete(name)


CHECKS: dict[str, Callable[[], None]] = {
    "database": _database,
    "cache": _cache,
    "storage": _storage,
}


def failing_parts() -> list[str]:
    """The names of the parts that did not answer within TIMEOUT, in CHECKS order."""
    pool = ThreadPoolExecutor(max_workers=len(CHECKS), thread_name_prefix="health")
    futures = {name: pool.submit(check) for name, check in CHECKS.items()}
    failed = []
    try:
        for name, future in futures.items():
            try:
                future.result(timeout=TIMEOUT)
            except FutureTimeout:
                logger.warning("Health check: %s timed out", name)
                failed.append(name)
            except Exception as error:
                logger.warning("Health check: %s failed (%s)", name, type(error).__name__)
                failed.append(name)
    finally:
        # A hung check finishes (or times out) on its own; the answer does not wait for it.
        pool.shutdown(wait=False)
    return failed


def health_response(request: HttpRequest) -> HttpResponse:
    if request.method not in ("GET", "HEAD"):
        response = HttpResponse(status=405)
        response["Allow"] = "GET, HEAD"
    else:
        failed = failing_parts()
        body = " ".join(failed) if failed else "ok"
        response = HttpResponse(f"{body}\n", status=503 if failed else 200)
    response["Content-Type"] = "text/plain; charset=utf-8"
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


class HealthMiddleware:
    """First in MIDDLEWARE: answers ``/health/`` before anything that needs a working site."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.path_info in PATHS:
            return health_response(request)
        return self.get_response(request)
