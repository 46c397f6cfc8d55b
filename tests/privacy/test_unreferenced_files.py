"""The daily sweep (privacy/unreferenced_files.py, run by ``manage.py review_consents``) deletes
media files no row refers to once they are an hour old, on local disk (here) and on S3
(tests/faults/test_storage_drops_half_way.py). It keeps files rows refer to, recent ones (an
upload in progress) and everything outside the media folders: the erasure ledger, backups."""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from privacy.models import PrivateImage
from privacy.unreferenced_files import PRIVATE_FOLDERS, PUBLIC_FOLDERS
from tests.support import image_samples, people
from tests.support.admin_uploads import root_collection_id, upload

pytestmark = pytest.mark.django_db

TWO_HOURS = 2 * 60 * 60


def put(root: Path, name: str, age_seconds: int = TWO_HOURS) -> str:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\xff\xd8 not really a photo")
    then = time.time() - age_seconds
    os.utime(path, (then, then))
    return name


def make_old(root: Path, name: str) -> None:
    then = time.time() - TWO_HOURS
    os.utime(root / name, (then, then))


@pytest.fixture
def media_root(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def test_review_consents_sweeps_unreferenced_media_on_local_disk(client, media_root):
    client.force_login(people.staff("uploader", language="en"))
    response = client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Meeting in the hall",
            "description": "Chairs in a row in an empty hall",
            "file": upload(image_samples.planted("JPEG"), "hall.jpg"),
            "collection": root_collection_id(),
        },
    )
    assert response.status_code == 302
    image = PrivateImage.objects.get()
    rendition = image.get_rendition("max-165x165")
    referenced = [image.file.name, rendition.file.name]
    for name in referenced:
        make_old(media_root, name)

    orphans = [
        put(media_root, f"{folder}/{index:032x}.jpg")
        for index, folder in enumerate(PRIVATE_FOLDERS + PUBLIC_FOLDERS)
    ]
    orphans.append(put(media_root, f"images/nested/{99:032x}.jpg"))
    recent = put(media_root, f"original_images/{100:032x}.jpg", age_seconds=60)
    elsewhere = [
        put(media_root, "erasure_ledger/20261206T080000-1a2b.json"),
        put(media_root, "backups/2026-12-01/media.tar"),
        put(media_root, "health/probe.txt"),
    ]

    output = io.StringIO()
    call_command("review_consents", stdout=output)

    left = {str(p.relative_to(media_root)) for p in media_root.rglob("*") if p.is_file()}
    assert not left & set(orphans)
    assert set(referenced) | {recent} | set(elsewhere) <= left
    assert f"{len(orphans)} media file(s) no record refers to deleted." in output.getvalue()
    # The kept files still serve: the image's rendition is read back from its file.
    assert (media_root / rendition.file.name).read_bytes()
