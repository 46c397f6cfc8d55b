"""The page cache's generation: one value in the shared cache that every cached page must match.

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

The database is the authority; Redis only makes it exact at once. Redis can be unreachable at the
commit (a restart, a network cut) and come back with its data (persistence, or the cut healed):
its generation then never changed, and every page stored before the change would be served
again. So the same writes also replace a token in the database (``caching_pagecachetoken``, one
row) inside their own transaction, and a cached page is valid only under both the Redis
generation and the database token it was built under (caching/middleware.py). A change Redis
missed is therefore recorded with the change itself, committed or rolled back with it.

- Once per transaction: the first page-changing write of a transaction replaces the token just
  before it runs (taking the row lock first, so two transactions cannot each hold a page row
  the other waits for, and on SQLite the writer's lock is the one the write takes anyway).
  Whether this transaction already did is known from Django's own on-commit list: the marker
  registered with the token's write is dropped from it when its savepoint or the transaction
  is rolled back, and then the next write records again. Outside a transaction (autocommit)
  each write records just after it, in its own statement: a statement such as SQLite's VACUUM
  cannot run inside a transaction.
- Each process reads the token at most once every ``TOKEN_SECONDS`` (a hit stays free of
  database queries) and forgets it as soon as one of its own transactions replaced it. The one
  inexact case left: a Redis outage shorter than ``TOKEN_SECONDS`` during which a change
  commits may leave another process serving a stale page until its token is read again, at
  most ``TOKEN_SECONDS`` later.
- The token is a random value, never a counter: emptying the table (``flush``) cannot bring an
  old value back. The table is one of the quiet tables (its own write must not record again).
- Migrations create the table: during ``migrate`` writes only bump Redis; the token is replaced
  once after it.

With that, a Redis failure at the commit is logged and no longer fails the request: the leader
who withdrew a story gets her success page. A front-end purge that fails still does.
"""

from __future__ import annotations

import datetime
import logging
import re
import time
import uuid
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import connections, transaction
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate, pre_migrate
from django.utils import timezone

from caching import frontend

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
TOKEN_TABLE = "caching_pagecachetoken"  # noqa: S105 - a table name
TOKEN_SECONDS = 1.0  # how long a process trusts the database token it read

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
        "consent_pendingledgerentry",  # the erasure ledger's outbox: ids and dates, never shown
        TOKEN_TABLE,  # the page cache's own token: its write is the record of another
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
    """A new random generation: concurrent bumps cannot undo each other."""
    cache().set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


# (when read, by time.monotonic(); the token) or None: this process's copy of the database token.
_token_memo: tuple[float, str] | None = None
# True while ``migrate`` runs: the token's table may not exist yet.
_migrating = False


def database_token() -> str:
    """The database's page-cache token, read at most once every TOKEN_SECONDS per process. A
    missing row (an emptied table) reads as "none" until the next write creates one."""
    global _token_memo
    memo = _token_memo
    now = time.monotonic()
    if memo is not None and now - memo[0] < TOKEN_SECONDS:
        return memo[1]
    with connections["default"].cursor() as cursor:
        cursor.execute('SELECT token FROM "caching_pagecachetoken" WHERE id = 1')
        row = cursor.fetchone()
    token = str(row[0]) if row else "none"
    _token_memo = (now, token)
    return token


def forget_token() -> None:
    """This process replaced the token: read it again on the next look-up."""
    global _token_memo
    _token_memo = None


def validity(generation_value: object) -> str:
    """What a cached page must have been built under to be served: both authorities."""
    return f"{generation_value}:{database_token()}"


class _TokenRecorded:
    """Registered on commit with the token's write: while it is in the connection's on-commit
    list, this transaction has recorded its change (a rolled-back savepoint or transaction
    drops it). On commit, this process forgets its copy of the token."""

    def __call__(self) -> None:
        forget_token()


def _recorded(connection: Any) -> bool:
    marker = getattr(connection, "_page_cache_token_marker", None)
    return marker is not None and any(entry[1] is marker for entry in connection.run_on_commit)


def _replace_token(connection: Any) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            'INSERT INTO "caching_pagecachetoken" (id, token) VALUES (1, %s) '
            "ON CONFLICT (id) DO UPDATE SET token = excluded.token",
            [uuid.uuid4().hex],
        )
    if connection.in_atomic_block:
        marker = connection._page_cache_token_marker = _TokenRecorded()
        transaction.on_commit(marker, using=connection.alias)
    else:
        forget_token()


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
    refetches at once must not get the old page from the application's cache). A Redis failure
    is logged only: the database token, replaced in the committed transaction, already makes
    every stored page invalid. A front-end purge failure is raised."""
    try:
        bump()
    except Exception as error:
        logger.warning("Page cache unreachable after a commit: %s", type(error).__name__)
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

    A front-end purge failure (Redis failures are only logged: see invalidate) is not raised
    here: Django would skip the callbacks after this one, and those delete withheld files,
    withhold renditions and compact the database after an erasure. It is
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
    connection = context["connection"]
    # SQL that is not a plain string (a composed statement) cannot be read: count it a write.
    changing = bumping() and (not isinstance(sql, str) or is_page_changing(sql))
    record = changing and not _migrating
    if record and connection.in_atomic_block and not _recorded(connection):
        _replace_token(connection)
    result = execute(sql, params, many, context)
    if changing:
        if record and not connection.in_atomic_block:
            _replace_token(connection)
        bump_after_commit(connection.alias)
    return result


def _install(sender, connection, **kwargs) -> None:
    if _watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch_writes)


def _page_signal(sender, **kwargs) -> None:
    if bumping():
        instance = kwargs.get("instance")
        using = getattr(getattr(instance, "_state", None), "db", None) or "default"
        bump_after_commit(using)


def _migration_starts(sender, **kwargs) -> None:
    global _migrating
    _migrating = True


def _migration_ends(sender, using: str = "default", **kwargs) -> None:
    """After ``migrate`` (and ``flush``): data migrations may have changed pages."""
    global _migrating
    _migrating = False
    connection = connections[using]
    if sender.name == "caching" and TOKEN_TABLE in connection.introspection.table_names():
        _replace_token(connection)


def connect() -> None:
    from wagtail.signals import page_published, page_unpublished, post_page_move

    connection_created.connect(_install, dispatch_uid="caching.install")
    for connection in connections.all(initialized_only=True):
        _install(None, connection)
    pre_migrate.connect(_migration_starts, dispatch_uid="caching.migration_starts")
    post_migrate.connect(_migration_ends, dispatch_uid="caching.migration_ends")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(_page_signal, dispatch_uid=f"caching.{id(signal)}")
