"""After an erasure, the database files keep no copy of the erased words.

Deleting the rows (``lifecycle.erase_consent``) is not enough: a database file keeps old bytes.

SQLite (the embedded default):
- the full-text index behind Wagtail's search (FTS5 tables, ``wagtailsearch_indexentry_fts``)
  records a deletion as a new segment and keeps the old segment, words included, until the
  segments are merged: ``'optimize'`` merges them all, inside the erasure's transaction;
- a deleted row's bytes stay in its page or in the freed page: every connection runs with
  ``PRAGMA secure_delete=ON`` (zeros written over deleted content), and ``VACUUM`` after the
  commit rewrites the whole file from the live rows;
- in WAL mode the ``-wal`` file keeps old page images until a checkpoint:
  ``PRAGMA wal_checkpoint(TRUNCATE)`` after the VACUUM copies the pages home and empties it.

PostgreSQL (production): a deleted or updated row stays in its table's pages as a dead tuple,
and in its indexes' pages; a plain VACUUM makes the space reusable but leaves the bytes in the
pages. ``VACUUM (FULL, ANALYZE)`` of every table of the site runs after the commit: it rewrites
each table and its indexes from the live rows (the erasure's cascades reach many tables, and
the site's database is small: seconds, each table locked only while it is rewritten). Outside
the database's reach: the old files' blocks on the disk until reused, the write-ahead log until
its segments are recycled, and backups taken before the erasure.

VACUUM FULL copies a deleted row ("recently dead") while any transaction older than the
deletion could still need it: a snapshot in this database, and (measured on PostgreSQL 15) a
writing transaction in *any* database of the server. So the compaction first waits, up to
``SNAPSHOT_WAIT_SECONDS``, for every transaction older than the compaction itself (taken after
the erasure committed) to end. Not only those older than the erasure's own transaction id: its
deletions run in savepoints, whose ids are newer, so a transaction that began while the erasure
ran keeps those rows too (measured: the search index's rows stayed in their pages). If
one outlasts the wait, the compaction runs anyway, the operator is warned, and the daily
``review_consents`` compacts again after every erasure of the last two days
(``compact_after_recent_erasures``), waiting longer.

VACUUM cannot run inside a transaction, so it runs after the commit (``on_commit``). If it
fails, the erasure itself stands (it is committed) and the failure is logged for the operator.
"""

from __future__ import annotations

import datetime
import logging
import time

from django.db import DatabaseError, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

ERASE_ACTION = "samvedna.consent.erase"

logger = logging.getLogger(__name__)


def secure_delete_on_every_connection(
    sender: type, connection: BaseDatabaseWrapper, **kwargs: object
) -> None:
    """``connection_created`` receiver: SQLite overwrites deleted content with zeros."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete=ON")


def leave_no_trace_in_the_database(using: str = "default") -> None:
    """Called at the end of an erasure, inside its transaction."""
    connection = connections[using]
    if connection.vendor == "sqlite":
        _merge_full_text_indexes(connection)
    # On PostgreSQL the compaction waits for the transactions older than itself (see above).
    transaction.on_commit(lambda: compact_database(using), using=using)


def _merge_full_text_indexes(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE %s",
            ["CREATE VIRTUAL TABLE % USING fts5%"],
        )
        tables = [name for (name,) in cursor.fetchall()]
        for table in tables:
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"INSERT INTO {quoted}({quoted}) VALUES ('optimize')")  # noqa: S608


def _current_transaction_id(connection: BaseDatabaseWrapper) -> str:
    """This transaction's id as PostgreSQL's 32-bit ``xid`` (assigning one if it has none),
    comparable with ``pg_stat_activity.backend_xid``."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT mod(pg_current_xact_id()::text::bigint, 4294967296)::text")
        return cursor.fetchone()[0]


SNAPSHOT_WAIT_SECONDS = 10.0
# Older transactions that keep an erased row's bytes alive through VACUUM FULL: any session of
# the server with a transaction id older than the erasure's, and any session of this database
# whose snapshot is older (``age()``: bigger means older, wraparound included).
_OLDER_TRANSACTIONS = """
    SELECT count(*) FROM pg_stat_activity
    WHERE pid <> pg_backend_pid() AND (
        (backend_xid IS NOT NULL AND age(backend_xid) >= age(%(erasure)s::xid))
        OR (datname = current_database() AND backend_xmin IS NOT NULL
            AND age(backend_xmin) >= age(%(erasure)s::xid))
    )
"""


def _wait_for_older_transactions(cursor, erasure: str, seconds: float) -> bool:
    """True once no other session holds a transaction or snapshot older than ``erasure``."""
    deadline = time.monotonic() + seconds
    while True:
        cursor.execute(_OLDER_TRANSACTIONS, {"erasure": erasure})
        if cursor.fetchone()[0] == 0:
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.2)


def compact_database(
    using: str = "default",
    *,
    after_transaction: str | None = None,
    wait_seconds: float | None = None,
) -> bool:
    """Rewrite the database without its freed space (outside any transaction). True when it
    is certain that nothing deleted before ``after_transaction`` (PostgreSQL; by default: before
    now) survived."""
    connection = connections[using]
    if connection.in_atomic_block:
        # Only when on-commit work is run early (tests capturing it inside their transaction):
        # VACUUM would fail, and on PostgreSQL abort the transaction.
        logger.warning("Database not compacted after an erasure: still inside a transaction.")
        return False
    try:
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                return _compact_sqlite(cursor)
            if connection.vendor == "postgresql":
                if after_transaction is None:
                    after_transaction = _current_transaction_id(connection)
                seconds = SNAPSHOT_WAIT_SECONDS if wait_seconds is None else wait_seconds
                return _compact_postgresql(connection, cursor, after_transaction, seconds)
    except DatabaseError:
        logger.exception(
            "After an erasure the database could not be compacted: the erased words may stay in "
            "freed space until the next erasure or a manual VACUUM."
        )
    return False


def _compact_sqlite(cursor) -> bool:
    cursor.execute("VACUUM")
    cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    busy = cursor.fetchone()[0]
    if busy:
        logger.error(
            "After an erasure the SQLite write-ahead log could not be emptied "
            "(readers kept it busy); it empties at the next checkpoint."
        )
    return not busy


def _compact_postgresql(connection, cursor, after_transaction: str, seconds: float) -> bool:
    tables = connection.introspection.table_names(cursor)
    quoted = ", ".join(connection.ops.quote_name(table) for table in tables)
    waited = _wait_for_older_transactions(cursor, after_transaction, seconds)
    if not waited:
        logger.warning(
            "After an erasure, transactions older than it stayed open: some erased rows may "
            "stay in table pages until review_consents compacts the database again."
        )
    cursor.execute(f"VACUUM (FULL, ANALYZE) {quoted}")
    return waited


RECENT_ERASURES = datetime.timedelta(days=2)
DAILY_WAIT_SECONDS = 120.0


def compact_after_recent_erasures(using: str = "default") -> bool | None:
    """For the daily job: compact again if anything was erased in the last two days (an
    erasure's own compaction may have had to leave rows behind). None when nothing was erased."""
    from wagtail.models import ModelLogEntry

    since = timezone.now() - RECENT_ERASURES
    erased = ModelLogEntry.objects.filter(action=ERASE_ACTION, timestamp__gte=since)
    if not erased.exists():
        return None
    return compact_database(using, wait_seconds=DAILY_WAIT_SECONDS)
