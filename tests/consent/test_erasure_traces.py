"""Erasure leaves the story's words nowhere in the database's storage, not only in no row.

Each test works in its own copy of the test database (tests/support/database_files.py: demo site
included, commits for real), has a leader erase a published, indexed, translated story through
the admin's erase screen (a real request: its own transaction, the work after its commit), and
reads the storage back: on SQLite the raw bytes of the database file and its ``-wal`` file, on
PostgreSQL the raw pages of every table, TOAST table and index (pageinspect).
"""

import threading
import time
from io import StringIO
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.db import connections
from django.test import Client
from django.urls import reverse
from wagtail.models import Comment
from wagtail.search.backends import get_search_backend

from consent.models import ConsentRecord
from stories.models import StoryPage
from tests.support import people
from tests.support.story_factories import make_consent, make_image, make_story, publish_translation

# The marker has the test database set up; the tests themselves work in a copy.
pytestmark = pytest.mark.django_db

TOKEN = "Zorawarbenquux"
# FTS5 stores terms in lower case and prefix-compressed (a term shares its first letters with the
# term before it): the token's tail finds it in the index as well as in the text.
NEEDLES = [TOKEN, TOKEN.lower(), TOKEN.upper(), "benquux"]


def traces_in(path: Path) -> list[str]:
    """Which spellings of the token the raw bytes of the database and its WAL file hold."""
    found = []
    for file in (path, path.with_name(path.name + "-wal")):
        if not file.exists():
            continue
        data = file.read_bytes()
        for needle in NEEDLES:
            for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
                if needle.encode(encoding) in data:
                    found.append(f"{file.name}: {needle!r} ({encoding})")
    return found


def plant_the_token() -> ConsentRecord:
    """A story carrying the token in title, body, a photo's title and alt text, a later
    revision, an editor's comment and a Gujarati translation, published (so indexed for search)
    and its source kept by wagtail-localize."""
    from wagtail_localize.models import TranslationSource

    staff = people.staff()
    consent = make_consent(photo=True, storyteller="Member S-4242")
    image = make_image(description=f"{TOKEN} holding her ration card")
    image.title = f"{TOKEN} at the office"
    image.save()
    story = make_story(
        consent,
        title=f"{TOKEN} at the centre",
        pseudonym="Meena",
        summary=f"How {TOKEN} went to the centre.",
        body=[
            {"type": "paragraph", "value": f"<p>{TOKEN} told us everything.</p>"},
            {"type": "image", "value": {"image": image.pk, "caption": f"{TOKEN} smiling"}},
        ],
        publish=True,
    )
    story.title = f"{TOKEN} renamed"
    story.save_revision(user=staff, log_action=True).publish()
    Comment.objects.create(page=story, user=staff, text=f"Ask {TOKEN} again", contentpath="title")
    TranslationSource.get_or_create_from_instance(story)
    publish_translation(story, "gu", f"{TOKEN} કેન્દ્ર પર")
    return consent


def erase_as_a_leader(consent: ConsentRecord) -> None:
    client = Client()
    client.force_login(people.leader(language="en"))
    response = client.post(reverse("consent_erase", args=[consent.pk]), {"understood": "yes"})
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.status == ConsentRecord.Status.ERASED


@pytest.mark.database_engine("sqlite3")
def test_erased_words_are_in_neither_the_database_file_nor_its_write_ahead_log(database_copy):
    path = Path(database_copy)
    consent = plant_the_token()
    assert get_search_backend().search(TOKEN, StoryPage).count() == 2, "indexed for search"
    assert traces_in(path), "the story must be in the file before the erasure"

    erase_as_a_leader(consent)

    assert traces_in(path) == []


@pytest.mark.database_engine("sqlite3")
def test_every_connection_overwrites_deleted_content_whatever_sqlite_was_built_with(
    database_copy,
):
    # Debian builds SQLite with secure_delete on by default, other builds do not: start a
    # connection the way such a build would, and the site still turns it on.
    site = connections["default"]
    options = site.settings_dict["OPTIONS"]
    as_built_elsewhere = site.__class__(
        {
            **site.settings_dict,
            "OPTIONS": {
                **options,
                "init_command": f"{options['init_command']}; PRAGMA secure_delete=OFF",
            },
        },
        alias="default",
    )
    try:
        with as_built_elsewhere.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete")
            assert cursor.fetchone()[0] == 1
    finally:
        as_built_elsewhere.close()


def pages_holding_the_token() -> list[str]:
    """Raw 8 kB pages of every table, TOAST table and index (pageinspect) holding the token."""
    needles = [needle.encode() for needle in NEEDLES]
    found = []
    with connections["default"].cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
        cursor.execute(
            "SELECT c.oid::regclass::text, "
            "pg_relation_size(c.oid) / current_setting('block_size')::int "
            "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname IN ('public', 'pg_toast') AND c.relkind IN ('r', 't', 'i', 'm') "
            "AND c.relpersistence = 'p'"
        )
        for relation, blocks in cursor.fetchall():
            for block in range(blocks):
                cursor.execute("SELECT get_raw_page(%s, %s)", [relation, block])
                page = bytes(cursor.fetchone()[0])
                found += [f"{relation} page {block}" for needle in needles if needle in page]
    return found


OLDER_TRANSACTIONS_WARNING = "transactions older than it stayed open"


@pytest.mark.database_engine("postgresql")
def test_erased_words_are_in_no_table_or_index_page_on_postgresql(database_copy, caplog):
    consent = plant_the_token()
    assert get_search_backend().search(TOKEN, StoryPage).count() == 2, "indexed for search"
    assert pages_holding_the_token(), "the story must be in the pages before the erasure"

    erase_as_a_leader(consent)

    if OLDER_TRANSACTIONS_WARNING in caplog.text:
        # Another test process held a transaction older than the erasure for more than the
        # erasure's wait (the parallel suite shares one server): the operator was warned, and
        # the daily job finishes the compaction.
        call_command("review_consents", stdout=StringIO())
    assert pages_holding_the_token() == []


def open_writing_transaction_elsewhere() -> psycopg.Connection:
    """A transaction holding a transaction id in another database of the same server (here:
    the suite's own test database), as a busy neighbour on a shared server would."""
    settings = connections["default"].settings_dict
    other = psycopg.connect(
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        dbname="postgres",
    )
    other.execute("SELECT pg_current_xact_id()")
    return other


@pytest.mark.database_engine("postgresql")
def test_the_erasure_waits_for_a_writing_transaction_in_another_database(database_copy, caplog):
    # Measured on PostgreSQL 15: VACUUM FULL keeps rows deleted after the oldest transaction id
    # running anywhere on the server; waiting only for this database's sessions was not enough.
    consent = plant_the_token()
    other = open_writing_transaction_elsewhere()
    ends = threading.Timer(2.0, other.rollback)
    ends.start()
    try:
        erase_as_a_leader(consent)
    finally:
        ends.join()
        other.close()

    assert OLDER_TRANSACTIONS_WARNING not in caplog.text
    assert pages_holding_the_token() == []


@pytest.mark.database_engine("postgresql")
def test_a_transaction_that_outlasts_the_wait_is_warned_about_and_the_daily_job_finishes(
    database_copy, caplog, monkeypatch
):
    monkeypatch.setattr("consent.erasure_traces.SNAPSHOT_WAIT_SECONDS", 0.5)
    consent = plant_the_token()
    other = open_writing_transaction_elsewhere()
    try:
        erase_as_a_leader(consent)
        assert OLDER_TRANSACTIONS_WARNING in caplog.text
        assert pages_holding_the_token(), "kept by the older transaction"
    finally:
        other.rollback()
        other.close()

    output = StringIO()
    call_command("review_consents", stdout=output)

    assert "Database compacted after recent erasures." in output.getvalue()
    assert pages_holding_the_token() == []


@pytest.mark.database_engine("postgresql")
def test_the_erasure_waits_for_a_transaction_that_began_while_it_ran(
    database_copy, caplog, monkeypatch
):
    """A neighbour's writing transaction that begins after the erasure's own transaction id was
    assigned, but before its deletions (made in savepoints, each with a newer id), keeps those
    rows through VACUUM FULL: the erasure must wait for it too (it failed CI once, when another
    test process began a transaction at that moment)."""
    from consent import lifecycle

    record = plant_the_token()
    real_pages_using = lifecycle.pages_using
    neighbour: list[psycopg.Connection] = []

    def pages_using_while_a_neighbour_begins(record):
        # The erasure holds its transaction id already (the record's row lock).
        if not neighbour:
            neighbour.append(open_writing_transaction_elsewhere())
            threading.Timer(2.0, neighbour[0].rollback).start()
        return real_pages_using(record)

    monkeypatch.setattr(lifecycle, "pages_using", pages_using_while_a_neighbour_begins)
    try:
        erase_as_a_leader(record)
    finally:
        time.sleep(2.2)
        for other in neighbour:
            other.close()

    assert neighbour, "the neighbour began during the erasure"
    assert OLDER_TRANSACTIONS_WARNING not in caplog.text
    assert pages_holding_the_token() == []
