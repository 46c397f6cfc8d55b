"""The page cache's generation: one value in the shared cache, part of every page's key.

Any database write that can change a public page replaces it, after the transaction commits, so
every cached page becomes unreachable at once (publishing is rare; exactness matters more than
hit rate: a withdrawn story served once can identify a woman).

Writes are seen below the ORM, in a database execute wrapper installed on every connection: it
sees ``QuerySet.update()``, ``bulk_create``, raw cursors and treebeard's tree moves, which send no
model signals (consent expiry, for one, is an ``update()``). Only statements that cannot write
(``SELECT``, savepoints) and writes to a short allowlist of tables that no public page shows
(``QUIET_TABLES``) leave the generation alone; everything else, including anything not
recognised, bumps it. Wagtail's page signals bump it as well (they follow writes anyway).

Each bump also empties every configured front-end cache (caching/frontend.py: a Varnish ban, a
CDN's purge-everything), after the generation changed: a proxy refetching at once must find the
application's cache already new. One bump and one purge per committed transaction, however many
writes it made.
"""

from __future__ import annotations

import datetime
import logging
import re
import uuid
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import connections, transaction
from django.db.backends.signals import connection_created
from django.utils import timezone

from caching import frontend

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"

# Tables whose writes never change a public page. Kept short; each needs a reason.
QUIET_TABLES = frozenset(
    {
        "django_session",  # sessions: admin sign-ins only, public pages use none
        "wagtailcore_pagelogentry",  # audit log, shown only in the admin
        "wagtailcore_modellogentry",  # audit log, shown only in the admin
        "axes_accessattempt",  # sign-in lockout bookkeeping
        "axes_accesslog",
        "axes_accessfailurelog",
        "otp_totp_totpdevice",  # second factor devices (last use, drift)
        "otp_static_staticdevice",
        "otp_static_statictoken",
        "wagtailcore_uploadedfile",  # multiple-upload staging, never public
    }
)
# Signing in stamps ``last_login`` alone (django.contrib.auth.models.update_last_login); any
# other change to a user row still bumps (a name could appear on a page).
_LAST_LOGIN_ONLY = re.compile(r'^UPDATE "?auth_user"? SET "?last_login"? = %s WHERE ', re.I)
# Statements that cannot change data; anything else counts as a write.
_READS = (
    "SELECT",
    "SAVEPOINT",
    "RELEASE",
    "ROLLBACK",
    "SHOW",
    "EXPLAIN",
    "BEGIN",
    "PRAGMA",
    "SET ",
)
_TABLE = re.compile(r'^(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([\w.]+)"?', re.I)


def shared() -> bool:
    """Whether the default cache is shared between processes. LocMemCache is per process: a
    bump in one gunicorn worker would not reach the others, which would go on serving a
    withdrawn story."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    return not backend.endswith(("LocMemCache", "DummyCache"))


def enabled() -> bool:
    """Whether pages are served from and stored in the cache: ``settings.PAGE_CACHE``, True or
    False, or None (the default) for "when the default cache is shared"."""
    choice = getattr(settings, "PAGE_CACHE", None)
    return shared() if choice is None else bool(choice)


def bumping() -> bool:
    """Writes bump the generation whenever pages could be cached, here, in another process
    sharing the cache or in a front-end cache: a command run with the cache turned off
    (PAGE_CACHE = False) must still empty the web servers' and the proxy's cache."""
    return enabled() or shared() or frontend.configured()


def cache() -> Any:
    return caches["default"]


def current() -> str:
    """The generation now: read once per request. A missing value (first start, evicted) is
    replaced by a new random one, never by a value an older page could have been stored under."""
    store = cache()
    value = store.get(GENERATION_KEY)
    if value is None:
        store.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        value = store.get(GENERATION_KEY)
    return str(value)


def local_date() -> datetime.date:
    """Today in settings.TIME_ZONE: consents end and events pass at midnight without any write."""
    return timezone.localdate()


def bump() -> None:
    """A new random generation: concurrent bumps cannot undo each other. A failure is raised,
    not hidden: a write that could not invalidate the cache must not look as if it had."""
    cache().set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def _quiet_tables() -> frozenset[str]:
    # A database cache writes its own table on every store: that must not empty the cache.
    tables = {
        str(options.get("LOCATION", ""))
        for options in settings.CACHES.values()
        if options.get("BACKEND", "").endswith("DatabaseCache")
    }
    return QUIET_TABLES | tables


def is_page_changing(sql: str) -> bool:
    statement = sql.lstrip().lstrip("(")
    head = statement[:10].upper()
    if head.startswith(_READS):
        return False
    if _LAST_LOGIN_ONLY.match(statement):
        return False
    table = _TABLE.match(statement)
    return not (table and table.group(1).lower() in _quiet_tables())


def invalidate() -> None:
    """A new generation, then every front-end cache emptied (in that order: a proxy that
    refetches at once must not get the old page from the application's cache). Either failure
    is raised."""
    bump()
    frontend.purge_everything()


class InvalidationFailed(RuntimeError):
    """A committed change could not empty every cache (the page cache or a front-end cache)."""


# The failures of the current request, for caching/middleware.py to raise once every
# after-commit callback has run; None outside a request. A list, shared with the copies of the
# context a request's threads get.
request_failures: ContextVar[list[BaseException] | None] = ContextVar(
    "page_cache_invalidation_failures", default=None
)


class _Invalidation:
    """One per transaction, registered by each of its writes: the first to run after the commit
    invalidates, the others (same transaction) do nothing. Every write registers it, so a
    rolled-back savepoint drops only its own registrations and any surviving write still
    invalidates; a purge is an HTTP request (or a CDN API call), so it is made once per commit
    and not once per statement.

    A failure is not raised here: Django would skip the callbacks after this one, and those
    delete withheld files, withhold renditions and compact the database after an erasure. It is
    logged (no content) and handed to the request, which then answers with a server error
    instead of its success (CacheControlMiddleware); outside a request the log is all."""

    def __init__(self) -> None:
        self.done = False

    def __call__(self) -> None:
        if self.done:
            return
        self.done = True
        try:
            invalidate()
        except Exception as error:
            logger.error("Caches not emptied after a commit: %s", type(error).__name__)
            failures = request_failures.get()
            if failures is not None:
                failures.append(error)


def bump_after_commit(using: str) -> None:
    """Invalidates once the current transaction commits (at once outside one)."""
    connection = connections[using]
    pending = getattr(connection, "_page_cache_invalidation", None)
    if pending is None or pending.done:
        pending = connection._page_cache_invalidation = _Invalidation()
    transaction.on_commit(pending, using=using)


def _watch_writes(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    # SQL that is not a plain string (a composed statement) cannot be read: count it a write.
    if bumping() and (not isinstance(sql, str) or is_page_changing(sql)):
        bump_after_commit(context["connection"].alias)
    return result


def _install(sender, connection, **kwargs) -> None:
    if _watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch_writes)


def _page_signal(sender, **kwargs) -> None:
    if bumping():
        instance = kwargs.get("instance")
        using = getattr(getattr(instance, "_state", None), "db", None) or "default"
        bump_after_commit(using)


def connect() -> None:
    from wagtail.signals import page_published, page_unpublished, post_page_move

    connection_created.connect(_install, dispatch_uid="caching.install")
    for connection in connections.all(initialized_only=True):
        _install(None, connection)
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(_page_signal, dispatch_uid=f"caching.{id(signal)}")
