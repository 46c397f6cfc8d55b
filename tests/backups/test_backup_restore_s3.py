"""The backup drill with production's media storage: private and public S3 buckets on a real
S3-compatible server over HTTP (moto in server mode, as tests/privacy/test_s3_storage.py does).
The erasure ledger lives in the private bucket, unreadable without credentials."""

import urllib.error
import urllib.request
import uuid

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from wagtail.models import Page

from consent import ledger
from consent.models import ConsentRecord
from tests.support import people
from tests.support.s3_server import s3_client, s3_server, use_s3_storages
from tests.support.story_factories import make_consent, make_image, make_story

pytestmark = pytest.mark.django_db

TOKEN = "Quillbrantvex"


@pytest.fixture(scope="module")
def s3_endpoint():
    with s3_server() as endpoint:
        yield endpoint


@pytest.fixture
def buckets(settings, s3_endpoint):
    """This test's own private and public buckets (a restore empties what the backup lacks)."""
    client = s3_client(s3_endpoint)
    private, public = f"private-{uuid.uuid4().hex[:8]}", f"public-{uuid.uuid4().hex[:8]}"
    for bucket in (private, public):
        client.create_bucket(Bucket=bucket)
    use_s3_storages(settings, s3_endpoint, private, public)
    return client, private, s3_endpoint


def keys(client, bucket: str) -> set[str]:
    pages = client.get_paginator("list_objects_v2").paginate(Bucket=bucket)
    return {item["Key"] for page in pages for item in page.get("Contents", [])}


def test_an_erasure_after_the_backup_survives_a_restore_on_s3(database_copy, buckets, tmp_path):
    client, private, endpoint = buckets
    consent = make_consent(photo=True, storyteller=f"Member {TOKEN}")
    image = make_image(description=f"{TOKEN} holding her ration card")
    story = make_story(
        consent,
        title=f"{TOKEN} at the centre",
        body=[{"type": "image", "value": {"image": image.pk, "caption": TOKEN}}],
        publish=True,
    )
    original = f"private/{image.file.name}"
    assert original in keys(client, private)
    call_command("backup", str(tmp_path / "backup"), stdout=open("/dev/null", "w"))  # noqa: SIM115

    leader = Client()
    leader.force_login(people.leader(language="en"))
    response = leader.post(reverse("consent_erase", args=[consent.pk]), {"understood": "yes"})
    assert response.status_code == 302
    entries = [k for k in keys(client, private) if k.startswith(f"private/{ledger.LEDGER_FOLDER}/")]
    assert len(entries) == 1
    body = client.get_object(Bucket=private, Key=entries[0])["Body"].read().decode()
    assert TOKEN not in body
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{endpoint}/{private}/{entries[0]}", timeout=10)
    assert refused.value.code == 403

    call_command("restore", str(tmp_path / "backup"), "--yes", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert ConsentRecord.objects.get(pk=consent.pk).status == ConsentRecord.Status.ERASED
    assert not Page.objects.filter(pk=story.pk).exists()
    assert original not in keys(client, private)
    assert entries[0] in keys(client, private)
