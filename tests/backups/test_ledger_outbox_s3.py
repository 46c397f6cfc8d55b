"""The erasure ledger's outbox with production's media storage (issue 17): S3 stops answering
while a leader erases a story; the erasure stands, its entry waits in the database, and the
daily ``review_consents`` writes it once S3 answers again; the backup drill still keeps the story
erased.

S3 is a real S3-compatible server over HTTP (moto in server mode); the outage points the site's
storages at a closed port on the same machine (as tests/faults/test_storage_down.py does), so
that what reached the real server can be listed.
"""

import uuid

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from wagtail.models import Page

from consent import ledger
from consent.models import ConsentRecord, PendingLedgerEntry
from tests.support import people
from tests.support.helpers import rows_containing
from tests.support.s3_server import s3_client, s3_server, use_s3_storages
from tests.support.servers import free_port
from tests.support.story_factories import make_consent, make_story

pytestmark = pytest.mark.django_db

TOKEN = "Brindlequoxet"


@pytest.fixture(scope="module")
def s3_endpoint():
    with s3_server() as endpoint:
        yield endpoint


@pytest.fixture
def buckets(settings, s3_endpoint, monkeypatch):
    """This test's own buckets; an outage fails within seconds, as production sets it."""
    monkeypatch.setenv("AWS_RETRY_MODE", "standard")
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "3")
    client = s3_client(s3_endpoint)
    private, public = f"private-{uuid.uuid4().hex[:8]}", f"public-{uuid.uuid4().hex[:8]}"
    for bucket in (private, public):
        client.create_bucket(Bucket=bucket)
    use_s3_storages(settings, s3_endpoint, private, public)
    return client, private, public, s3_endpoint


def ledger_keys(client, bucket: str) -> list[str]:
    found = client.list_objects_v2(Bucket=bucket).get("Contents", [])
    return [item["Key"] for item in found if f"/{ledger.LEDGER_FOLDER}/" in item["Key"]]


def quietly(command: str, *args: str) -> None:
    with open("/dev/null", "w") as nowhere:
        call_command(command, *args, stdout=nowhere, stderr=nowhere)


def test_an_erasure_while_s3_is_down_is_written_by_review_consents_and_survives_a_restore(
    database_copy, buckets, settings, tmp_path
):
    client, private, public, endpoint = buckets
    consent = make_consent(storyteller=f"Member {TOKEN}")
    story = make_story(consent, title=f"{TOKEN} at the centre", publish=True)
    backup = tmp_path / "backup"
    quietly("backup", str(backup))

    use_s3_storages(settings, f"http://127.0.0.1:{free_port()}", private, public)
    leader = Client()
    leader.force_login(people.leader(language="en"))
    response = leader.post(reverse("consent_erase", args=[consent.pk]), {"understood": "yes"})

    assert response.status_code == 302  # the erasure stands
    assert not Page.objects.filter(pk=story.pk).exists()
    assert PendingLedgerEntry.objects.count() == 1
    assert ledger_keys(client, private) == []

    use_s3_storages(settings, endpoint, private, public)
    quietly("review_consents")
    quietly("review_consents")  # a second flush writes nothing more

    (key,) = ledger_keys(client, private)
    assert PendingLedgerEntry.objects.count() == 0
    assert TOKEN not in client.get_object(Bucket=private, Key=key)["Body"].read().decode()

    quietly("restore", str(backup), "--yes")

    assert ConsentRecord.objects.get(pk=consent.pk).status == ConsentRecord.Status.ERASED
    assert not Page.objects.filter(translation_key=story.translation_key).exists()
    assert rows_containing(TOKEN) == []
    assert ledger_keys(client, private) == [key]
