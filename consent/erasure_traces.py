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

VACUUM cannot run inside a transaction, so it runs after the commit (``on_commit``). If it
fails, the erasure itself stands (it is committed) and the failure is logged for the operator.
"""

from __future__ import annotations

import logging
import time

from django.db import DatabaseError, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

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


SNAPSHOT_WAIT_SECONDS = 10.0


def _wait_for_older_snapshots(cursor, seconds: float = SNAPSHOT_WAIT_SECONDS) -> bool:
    """True once no other session of this database holds a snapshot (PostgreSQL)."""
    deadline = time.monotonic() + seconds
    while True:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND backend_xmin IS NOT NULL"
        )
        if cursor.fetchone()[0] == 0:
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.2)


def compact_database(using: str = "default") -> None:
    """Rewrite the database without its freed space (outside any transaction)."""
    connection = connections[using]
    if connection.in_atomic_block:
        # Only when on-commit work is run early (tests capturing it inside their transaction):
        # VACUUM would fail, and on PostgreSQL abort the transaction.
        logger.warning("Database not compacted after an erasure: still inside a transaction.")
        return
    try:
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("VACUUM")
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                busy = cursor.fetchone()[0]
                if busy:
                    logger.error(
                        "After an erasure the SQLite write-ahead log could not be emptied "
                        "(readers kept it busy); it empties at the next checkpoint."
                    )
            elif connection.vendor == "postgresql":
                tables = connection.introspection.table_names(cursor)
                quoted = ", ".join(connection.ops.quote_name(table) for table in tables)
                # VACUUM FULL copies rows deleted after the oldest snapshot still open in this
                # database ("recently dead"): wait briefly for other transactions (a reader's
                # request, autovacuum's ANALYZE) to end first.
                if not _wait_for_older_snapshots(cursor):
                    logger.warning(
                        "After an erasure other transactions stayed open: some erased rows may "
                        "stay in table pages until the next erasure or a manual VACUUM FULL."
                    )
                cursor.execute(f"VACUUM (FULL, ANALYZE) {quoted}")
    except DatabaseError:
        logger.exception(
            "After an erasure the database could not be compacted: the erased words may stay in "
            "freed space until the next erasure or a manual VACUUM."
        )
