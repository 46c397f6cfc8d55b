"""Disk full for local media (MEDIA_ROOT): the upload is refused with a message and nothing is
half-saved: no row, no file, not even an empty one (privacy/saved_files.py).

The full disk is real: MEDIA_ROOT is a 64 KiB tmpfs the test mounts and fills until the kernel
answers ENOSPC. Mounting needs root (CI runs as root); where the sandbox refuses it, the tests
are skipped with the reason.
"""

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.urls import reverse

from privacy.models import PrivateImage
from tests.support import image_samples, people
from tests.support.admin_uploads import post_multiple, root_collection_id, text_of, upload

pytestmark = pytest.mark.django_db

REFUSED = "The server's disk is full: the photo was not saved. Tell the site's administrator."
FILLER = "filler"


def fill(directory: Path) -> None:
    """Write until the file system refuses: what a full disk does to the next upload."""
    fd = os.open(directory / FILLER, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            os.write(fd, b"\0" * 1024)
    except OSError as error:
        assert error.errno == 28, error  # ENOSPC
    finally:
        os.close(fd)


@pytest.fixture
def full_media_root(settings, tmp_path) -> Iterator[Path]:
    root = tmp_path / "media"
    root.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k,mode=0755", "tmpfs", str(root)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.strip()}")
    try:
        # Wagtail's folders exist already on a used site: only files are refused.
        for folder in ("original_images", "images", "wagtail_uploads", "documents"):
            (root / folder).mkdir()
        fill(root)
        settings.MEDIA_ROOT = str(root)
        yield root
    finally:
        subprocess.run(["umount", str(root)], check=False)


def files_in(root: Path) -> list[str]:
    return sorted(
        str(path.relative_to(root))
        for path in root.rglob("*")
        if path.is_file() and path.name != FILLER
    )


@pytest.fixture
def staff_client(client):
    client.force_login(people.staff("writer", language="en"))
    return client


def test_a_photo_upload_is_refused_with_a_message_and_nothing_kept(staff_client, full_media_root):
    url = reverse("wagtailimages:add")
    data = image_samples.planted("JPEG")
    response = staff_client.post(
        url,
        {
            "title": "Meeting",
            "description": "A hall",
            "file": upload(data, "meeting.jpg"),
            "collection": root_collection_id(),
        },
        follow=True,
    )
    assert response.status_code == 200
    assert response.redirect_chain == [(url, 302)]
    assert REFUSED in text_of(response)
    assert not PrivateImage.objects.exists()
    assert files_in(full_media_root) == []

    # Once the administrator frees space, the same upload works.
    (full_media_root / FILLER).unlink()
    response = staff_client.post(
        url,
        {
            "title": "Meeting",
            "description": "A hall",
            "file": upload(data, "meeting.jpg"),
            "collection": root_collection_id(),
        },
    )
    assert response.status_code == 302
    assert PrivateImage.objects.count() == 1
    assert files_in(full_media_root)


def test_the_multiple_uploader_says_so_and_keeps_nothing(staff_client, full_media_root):
    response = post_multiple(staff_client, image_samples.planted("JPEG"), "meeting.jpg")
    assert response.status_code == 200
    assert response.json() == {"success": False, "error_message": REFUSED}
    assert not PrivateImage.objects.exists()
    assert files_in(full_media_root) == []
