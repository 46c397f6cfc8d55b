"""S3 unreachable (issue 17): uploads are refused with a clear message and leave no row or file
behind; public pages still render, without the picture they cannot get.

The storage is a real S3 server (moto in server mode, as tests/privacy/test_s3_storage.py runs
it); the outage points the site's storages at a closed port on the same machine, so what
reached the real server before and after can be listed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import UploadedFile

from privacy.models import PrivateImage
from tests.support import image_samples, people
from tests.support.admin_uploads import post_multiple, root_collection_id, text_of, upload
from tests.support.s3_server import object_keys, s3_server_with_buckets, use_s3_storages
from tests.support.servers import free_port
from tests.support.story_factories import image_body, make_consent, make_image, make_story

pytestmark = pytest.mark.django_db

# moto keeps one state per process: buckets of this module's own, apart from other tests'.
BUCKET = "faults-media"
PUBLIC_BUCKET = "faults-public"
MESSAGE = "The file storage is not answering, so nothing was saved. Try again in a minute."


@pytest.fixture(scope="module")
def running_s3():
    with s3_server_with_buckets(BUCKET, PUBLIC_BUCKET) as running:
        yield running


def objects(client) -> set[str]:
    return object_keys(client, BUCKET, PUBLIC_BUCKET)


@pytest.fixture
def s3_down(settings, running_s3, tmp_path: Path, monkeypatch):
    """The real server runs; the site's storages point at a port nobody listens on."""
    _endpoint, client = running_s3
    # As production sets them (samvedna/settings/storage.py): a refusal within seconds.
    monkeypatch.setenv("AWS_RETRY_MODE", "standard")
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "3")
    settings.MEDIA_ROOT = tmp_path / "media"
    before = objects(client)
    use_s3_storages(settings, f"http://127.0.0.1:{free_port()}", BUCKET, PUBLIC_BUCKET)
    yield client
    assert objects(client) == before
    assert not any(p.is_file() for p in Path(settings.MEDIA_ROOT).rglob("*"))


@pytest.fixture
def staff_client(client):
    client.force_login(people.staff(language="en"))
    # What a browser gets from the server, not the exception the test client would re-raise.
    client.raise_request_exception = False
    return client


def in_english(message: str) -> str:
    with translation.override("en"):
        return gettext(message)


def test_the_multiple_uploader_refuses_with_a_message_and_keeps_nothing(s3_down, staff_client):
    images = PrivateImage.objects.count()
    response = post_multiple(staff_client, image_samples.planted("JPEG"), "meeting.jpg")
    assert response.status_code == 200
    assert json.loads(response.content)["success"] is False
    assert in_english(MESSAGE) in text_of(response)
    assert PrivateImage.objects.count() == images
    assert not UploadedFile.objects.exists()


def test_the_add_image_form_refuses_with_a_message_and_keeps_nothing(s3_down, staff_client):
    images = PrivateImage.objects.count()
    response = staff_client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Meeting in the hall",
            "description": "Chairs in a row in an empty hall",
            "file": upload(image_samples.planted("JPEG"), "hall.jpg"),
            "collection": root_collection_id(),
        },
    )
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert in_english(MESSAGE) in text_of(response)
    assert "Something went wrong" not in text_of(response)
    assert PrivateImage.objects.count() == images


def test_a_public_page_renders_without_the_picture_it_cannot_get(
    settings, running_s3, client, monkeypatch
):
    endpoint, _client = running_s3
    monkeypatch.setenv("AWS_RETRY_MODE", "standard")
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "3")
    use_s3_storages(settings, endpoint, BUCKET, PUBLIC_BUCKET)
    image = make_image("Hands holding a ration card")
    story = make_story(make_consent(photo=True), body=image_body(image), publish=True)
    use_s3_storages(settings, f"http://127.0.0.1:{free_port()}", BUCKET, PUBLIC_BUCKET)
    client.raise_request_exception = False

    response = client.get(story.url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "We went together." in page and "At the centre" in page  # text and caption
    # No picture: no <img> pointing at a file that cannot be had, no share image either.
    assert "<img" not in page and "og:image" not in page and "not-found" not in page
    # The stories' list, with its thumbnails, too.
    listing = client.get(story.get_parent().url)
    assert listing.status_code == 200
    assert story.title in listing.content.decode()
    assert "<img" not in listing.content.decode()
