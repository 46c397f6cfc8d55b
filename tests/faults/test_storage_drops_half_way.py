"""S3 drops half way through an upload (issue 17): the original is already stored when the next
storage call fails. The uploader gets the storage message, no row is kept, and the original is
deleted when the request ends (privacy/saved_files.py); if S3 is still down then, its storage
name alone is logged and the daily sweep deletes it (privacy/unreferenced_files.py).

The storage is a real S3 server (moto in server mode) reached through a TCP proxy the test closes
right after the original's PUT, as a network cut would.
"""

from __future__ import annotations

import datetime
import json
import logging
from collections.abc import Iterator

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from wagtail.models import UploadedFile

from consent.ledger import LEDGER_FOLDER
from privacy import saved_files
from privacy.models import PrivateImage
from privacy.saved_files import S3MediaStorage
from privacy.unreferenced_files import delete_unreferenced_files
from tests.support import image_samples, people
from tests.support.admin_uploads import form_values, post_multiple, text_of
from tests.support.s3_server import object_keys, s3_server_with_buckets, use_s3_storages
from tests.support.tcp_proxy import TcpProxy, tcp_proxy

pytestmark = pytest.mark.django_db

# moto keeps one state per process: buckets of this module's own.
BUCKET = "drops-media"
PUBLIC_BUCKET = "drops-public"
MESSAGE = "The file storage is not answering, so nothing was saved. Try again in a minute."
TITLE = "Meeting in the hall with Kesar"
ALT = "Chairs in a row in an empty hall"


@pytest.fixture(scope="module")
def running_s3():
    with s3_server_with_buckets(BUCKET, PUBLIC_BUCKET) as running:
        yield running


def objects(client) -> set[str]:
    return object_keys(client, BUCKET, PUBLIC_BUCKET)


@pytest.fixture
def proxy(settings, running_s3, monkeypatch, tmp_path) -> Iterator[TcpProxy]:
    """The site's storages reach S3 through the proxy; botocore gives up as in production."""
    endpoint, _client = running_s3
    monkeypatch.setenv("AWS_RETRY_MODE", "standard")
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "3")
    settings.MEDIA_ROOT = str(tmp_path / "media")
    with tcp_proxy(int(endpoint.rsplit(":", 1)[1])) as opened:
        use_s3_storages(settings, f"http://127.0.0.1:{opened.port}", BUCKET, PUBLIC_BUCKET)
        yield opened


@pytest.fixture
def cut_after_the_original(proxy, monkeypatch) -> list[str]:
    """Closes the proxy as soon as the original's PUT has answered; returns the names saved."""
    saved: list[str] = []
    real_save = S3MediaStorage._save

    def save_then_cut(storage, name, content):
        name = real_save(storage, name, content)
        saved.append(name)
        if name.startswith("original_images/"):
            proxy.close()
        return name

    monkeypatch.setattr(S3MediaStorage, "_save", save_then_cut)
    return saved


@pytest.fixture
def staff_client(client):
    client.force_login(people.staff("uploader", language="en"))
    client.raise_request_exception = False
    return client


def uploaded(staff_client) -> dict:
    """The multiple uploader's first step (while S3 answers): a temporary upload to complete."""
    result = post_multiple(staff_client, image_samples.planted("JPEG"), "hall.jpg").json()
    assert "uploaded_file_id" in result, result
    return result


def complete(staff_client, result: dict):
    """The second step: the editor fills in the alt text; the original is stored now."""
    temporary_id = result["uploaded_file_id"]
    prefix = f"uploaded-image-{temporary_id}"
    values = form_values(result["form"])
    values.update({f"{prefix}-title": TITLE, f"{prefix}-description": ALT})
    return staff_client.post(
        reverse("wagtailimages:create_multiple_from_uploaded_image", args=(temporary_id,)),
        values,
        headers={"x-requested-with": "XMLHttpRequest"},
    )


def test_s3_dropping_after_the_original_leaves_no_row_and_no_object(
    running_s3, proxy, cut_after_the_original, staff_client, monkeypatch
):
    _endpoint, client = running_s3
    result = uploaded(staff_client)
    cut_after_the_original.clear()  # the temporary upload's file, saved for good
    before = objects(client)

    # S3 is back by the time the request cleans up (a short cut).
    real_delete = saved_files.delete_uncommitted

    def back_then_delete(record):
        proxy.open()
        return real_delete(record)

    monkeypatch.setattr(saved_files, "delete_uncommitted", back_then_delete)
    response = complete(staff_client, result)

    assert [n.split("/")[0] for n in cut_after_the_original] == ["original_images"]
    assert response.status_code == 200
    assert json.loads(response.content)["success"] is False
    assert MESSAGE in text_of(response)
    assert not PrivateImage.objects.exists()
    assert objects(client) == before  # the original's object is gone again
    # The temporary upload is untouched: the editor can try again.
    assert UploadedFile.objects.filter(pk=result["uploaded_file_id"]).exists()


def test_an_original_s3_would_not_delete_is_logged_by_name_and_swept_later(
    running_s3, proxy, cut_after_the_original, staff_client, caplog
):
    _endpoint, client = running_s3
    result = uploaded(staff_client)
    cut_after_the_original.clear()  # the temporary upload's file, saved for good
    before = objects(client)

    with caplog.at_level(logging.INFO):
        response = complete(staff_client, result)

    assert MESSAGE in text_of(response)
    assert not PrivateImage.objects.exists()
    original = cut_after_the_original[0]
    assert objects(client) == before | {f"private/{original}"}  # S3 was down for the delete
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert original in logged
    assert TITLE not in logged and ALT not in logged and "hall.jpg" not in logged

    proxy.open()
    ledger_entry = default_storage.save(f"{LEDGER_FOLDER}/entry.json", ContentFile(b"{}"))
    # Within the hour: the sweep keeps it (it could be an upload still in progress).
    assert delete_unreferenced_files().deleted == 0
    assert f"private/{original}" in objects(client)
    # Later, the daily sweep deletes it; the temporary upload's file (a row names it) and the
    # erasure ledger stay.
    later = timezone.now() + datetime.timedelta(hours=2)
    assert delete_unreferenced_files(now=later).deleted >= 1
    remaining = objects(client)
    assert f"private/{original}" not in remaining
    assert f"private/{ledger_entry}" in remaining
    temporary = UploadedFile.objects.get(pk=result["uploaded_file_id"])
    assert f"private/{temporary.file.name}" in remaining
