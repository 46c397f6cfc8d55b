"""Issue 12, item 4: a phone photo that holds more than one picture is accepted, as its main
picture only, and the uploader is told.

Phones write MPO files (a second picture for 3D or depth) and JPEGs followed by a gain map or
depth map. A staff member uploads such photos, whose second picture carries GPS and an artist
name, through the real admin upload forms; the stored original and the renditions are read
back from disk and checked with exiftool (embedded pictures included) and on the raw bytes.
"""

from __future__ import annotations

import html
import io
from pathlib import Path

import pytest
from django.urls import reverse
from PIL import Image
from wagtail.models import UploadedFile

from privacy.images.sanitise import ONLY_MAIN_PICTURE_KEPT
from privacy.models import PrivateImage
from tests.privacy.images.test_sanitise import (
    ALT,
    post_add,
    post_multiple,
    root_collection_id,
    text_of,
    upload,
)
from tests.support import image_samples
from tests.support import photo_samples as samples

pytestmark = pytest.mark.django_db

MULTI_PICTURE = [
    pytest.param(samples.mpo_photo(), id="mpo"),
    pytest.param(samples.jpeg_with_appended_jpeg(), id="appended-jpeg"),
]


@pytest.fixture(autouse=True)
def storages(settings, tmp_path):
    return samples.use_two_storages(settings, tmp_path)


def second_picture_tags(data: bytes) -> set[str]:
    """GPS and Artist tags exiftool finds in a sample's second picture."""
    tags = samples.exiftool_tags(data)
    if not samples.located_tags(tags):  # a picture after the end: exiftool does not look there
        tags = samples.exiftool_tags(samples.appended_picture(data))
    return samples.located_tags(tags)


def assert_only_the_main_picture(data: bytes) -> None:
    """One red picture (a JPEG, or a WebP rendition), nothing of the second picture, nothing
    that locates or names."""
    with Image.open(io.BytesIO(data)) as im:
        image_format = im.format
        assert getattr(im, "n_frames", 1) == 1
        red, green, blue = im.convert("RGB").getpixel((4, 4))
    assert red > 200 and green < 40 and blue < 40
    assert data.count(b"\xff\xd8\xff") == (1 if image_format == "JPEG" else 0)
    assert not samples.holds_planted_name(data)
    assert samples.located_tags(samples.exiftool_tags(data)) == set()
    assert image_samples.find_metadata(data) == set()


def notice_in(text: str) -> bool:
    return str(ONLY_MAIN_PICTURE_KEPT) in html.unescape(text)


@pytest.mark.parametrize("data", MULTI_PICTURE)
def test_samples_hide_gps_and_a_name_in_their_second_picture(data):
    # Without this, "nothing found" in the stored files would prove nothing.
    assert samples.holds_planted_name(data)
    assert {"GPS:GPSLatitude", "GPS:GPSLongitude", "IFD0:Artist"} <= second_picture_tags(data)
    with Image.open(io.BytesIO(data)) as im:
        assert im.size == samples.MAIN_SIZE


@pytest.mark.parametrize("data", MULTI_PICTURE)
def test_a_multi_picture_phone_photo_is_stored_as_its_main_picture_and_she_is_told(
    staff_client, client, storages, data
):
    response = post_add(staff_client, data, "IMG_20240301.jpg")

    assert response.status_code == 302, text_of(response)
    image = PrivateImage.objects.get()
    assert (image.width, image.height) == samples.MAIN_SIZE
    assert image.file.name.endswith(".jpg")
    assert_only_the_main_picture(Path(image.file.path).read_bytes())
    # The next page (the image listing) says what happened, next to "Image … added".
    assert notice_in(staff_client.get(response["Location"]).content.decode())

    rendition = image.get_rendition("fill-60x40|format-jpeg")
    assert_only_the_main_picture(Path(rendition.file.path).read_bytes())
    for public in samples.public_renditions_shown_to_readers(client, image, storages[1]):
        assert_only_the_main_picture(public)


def test_an_ordinary_photo_brings_no_such_notice(staff_client):
    response = post_add(staff_client, samples.with_profile("JPEG", None), "IMG_1.jpg")

    assert response.status_code == 302, text_of(response)
    assert not notice_in(staff_client.get(response["Location"]).content.decode())


def test_a_refused_upload_tells_nothing_about_pictures(staff_client):
    # Alt text missing: nothing is stored, so nothing was "kept".
    response = post_add(staff_client, samples.mpo_photo(), "IMG_2.jpg", description="")

    assert response.status_code == 200
    assert not PrivateImage.objects.exists()
    assert not notice_in(staff_client.get(reverse("wagtailimages:index")).content.decode())


def test_the_chooser_upload_keeps_the_main_picture_and_tells_her_on_the_next_page(staff_client):
    prefix = "image-chooser-upload"
    response = staff_client.post(
        reverse("wagtailimages_chooser:create"),
        {
            f"{prefix}-title": "",
            f"{prefix}-description": ALT,
            f"{prefix}-file": upload(samples.mpo_photo(), "IMG_3.jpg"),
            f"{prefix}-collection": root_collection_id(),
            f"{prefix}-tags": "",
        },
    )

    assert response.json()["step"] == "chosen"
    assert_only_the_main_picture(Path(PrivateImage.objects.get().file.path).read_bytes())
    assert notice_in(staff_client.get(reverse("wagtailadmin_home")).content.decode())


def test_the_multiple_uploader_keeps_the_main_picture_and_tells_her_on_the_next_page(
    staff_client, storages
):
    result = post_multiple(staff_client, samples.mpo_photo(), "IMG_4.jpg").json()

    # Wagtail keeps the upload as a temporary file until she writes the alt text.
    assert result["success"] is True, result
    temporary = UploadedFile.objects.get(pk=result["uploaded_file_id"])
    assert_only_the_main_picture(storages[0].joinpath(temporary.file.name).read_bytes())
    assert notice_in(staff_client.get(reverse("wagtailimages:index")).content.decode())
