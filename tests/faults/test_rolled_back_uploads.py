"""A request that saved a file and was then rolled back leaves no file; a file whose transaction
committed is kept, even when the request fails afterwards (privacy/saved_files.py).

Uploads go through Wagtail's add-image view as a staff member, files to local disk (a MEDIA_ROOT
of the test's own). The failure after the file was written is a signal receiver of the test's:
an error, or ``transaction.set_rollback`` as a guard does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.db import transaction
from django.db.models.signals import post_save, pre_save
from django.urls import reverse

from privacy.models import PrivateImage
from privacy.saved_files import loggable_name
from tests.support import image_samples, people
from tests.support.admin_uploads import root_collection_id, upload


def files_in(root: Path) -> list[str]:
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


@pytest.fixture
def media_root(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def staff_client(client):
    client.force_login(people.staff("uploader", language="en"))
    # What a browser gets: the server's answer, not the exception re-raised in the test.
    client.raise_request_exception = False
    return client


@pytest.fixture
def on_image_save() -> Iterator[Callable[[object, Callable[..., None]], None]]:
    """Connect a receiver to PrivateImage's pre_save or post_save for this test only."""
    connected: list[tuple[object, Callable[..., None]]] = []

    def connect(signal, handler: Callable[..., None]) -> None:
        signal.connect(handler, sender=PrivateImage, weak=False)
        connected.append((signal, handler))

    yield connect
    for signal, handler in connected:
        signal.disconnect(handler, sender=PrivateImage)


def add_image(client):
    return client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Meeting in the hall",
            "description": "Chairs in a row in an empty hall",
            "file": upload(image_samples.planted("JPEG"), "hall.jpg"),
            "collection": root_collection_id(),
        },
    )


def fail_after_the_file_is_written(**kwargs) -> None:
    raise RuntimeError("a later save failed")


def roll_back_after_the_file_is_written(**kwargs) -> None:
    # What a guard does to refuse quietly: the view goes on, the transaction is rolled back.
    transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "failure", [fail_after_the_file_is_written, roll_back_after_the_file_is_written]
)
def test_a_rolled_back_upload_leaves_no_file(staff_client, media_root, on_image_save, failure):
    written = []
    on_image_save(post_save, lambda instance, **kwargs: written.append(instance.file.name))
    on_image_save(post_save, failure)

    response = add_image(staff_client)

    assert response.status_code in (302, 500)
    assert written and written[0].startswith("original_images/")  # the file had been written
    assert not PrivateImage.objects.exists()
    assert files_in(media_root) == []


@pytest.mark.django_db(transaction=True)
def test_a_committed_transaction_rolled_back_for_real_leaves_no_file(
    migrated_rows_again, staff_client, media_root, on_image_save
):
    # Without the test's wrapping transaction: the request's own is the outermost, as in
    # production.
    on_image_save(post_save, fail_after_the_file_is_written)
    response = add_image(staff_client)
    assert response.status_code == 500
    assert not PrivateImage.objects.exists()
    assert files_in(media_root) == []


def raise_after_commit() -> None:
    raise RuntimeError("an after-commit callback failed")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("registered", [pre_save, post_save], ids=["before", "after"])
def test_a_committed_file_is_kept_when_an_after_commit_callback_raises(
    migrated_rows_again, staff_client, media_root, on_image_save, registered
):
    # Registered before the file is written (pre_save): Django stops at the failing callback
    # and never runs the one that marks the file committed. After (post_save): it ran first.
    on_image_save(registered, lambda **kwargs: transaction.on_commit(raise_after_commit))

    response = add_image(staff_client)

    assert response.status_code == 500
    image = PrivateImage.objects.get()
    assert files_in(media_root) == [image.file.name]


@pytest.mark.django_db(transaction=True)
def test_a_committed_upload_keeps_its_file(migrated_rows_again, staff_client, media_root):
    response = add_image(staff_client)
    assert response.status_code == 302
    image = PrivateImage.objects.get()
    assert image.file.name in files_in(media_root)


def test_a_file_that_cannot_be_deleted_is_logged_by_its_random_name_only():
    random_name = "original_images/22c50a4e8f7709255671095fa1197d96.jpg"
    assert loggable_name(random_name) == random_name
    # An uploader's own file name (not one of ours) could name a person: the folder only.
    assert loggable_name("wagtail_uploads/kesar-bhuj.jpg") == "wagtail_uploads/(name withheld)"
