"""The page cache's database token (caching/generation.py) is replaced with every committed
page-changing write, once per transaction, and only writes that survive count: a rolled-back
savepoint takes its record with it, and the next write records again."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from caching import generation
from consent.models import ConsentRecord
from tests.support.story_factories import make_consent

# Real commits: a test run inside one transaction would have recorded once, at its first write.
pytestmark = pytest.mark.django_db(transaction=True)


def token() -> str:
    with connection.cursor() as cursor:
        cursor.execute('SELECT token FROM "caching_pagecachetoken" WHERE id = 1')
        return cursor.fetchone()[0]


@pytest.fixture
def recording(settings):
    settings.PAGE_CACHE = True  # writes record only when pages can be cached


def test_a_rolled_back_savepoint_does_not_hide_a_later_write(recording):
    consent = make_consent(storyteller="Member T-1")
    before = token()
    with transaction.atomic():
        try:
            with transaction.atomic():
                ConsentRecord.objects.filter(pk=consent.pk).update(status="withdrawn")
                assert token() != before
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
        assert token() == before  # the record went with the write
        ConsentRecord.objects.filter(pk=consent.pk).update(status="withdrawn")
    assert token() != before


def test_one_record_per_transaction_and_none_for_quiet_tables(recording):
    consent = make_consent(storyteller="Member T-2")
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        for status in ("withdrawn", "active", "withdrawn"):
            ConsentRecord.objects.filter(pk=consent.pk).update(status=status)
    records = [q for q in queries.captured_queries if "caching_pagecachetoken" in q["sql"]]
    assert len(records) == 1
    before = token()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_session")
    assert token() == before


def test_this_process_forgets_its_copy_when_its_own_commit_replaces_it(
    recording, django_capture_on_commit_callbacks
):
    consent = make_consent(storyteller="Member T-3")
    seen = generation.database_token()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        ConsentRecord.objects.filter(pk=consent.pk).update(status="withdrawn")
    assert generation.database_token() != seen
