"""Photos stored before the sanitiser dropped colour profiles and extra pictures are cleaned by
``manage.py resanitise_images`` (privacy/images/stored.py).

The old state is planted as an earlier version left it: the profiled bytes written straight to
storage, and a rendition made from them (Willow copies the profile into it).
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from PIL import Image

from privacy.images.stored import needs_sanitising_again
from privacy.models import PrivateImage
from tests.support import image_samples
from tests.support import photo_samples as samples

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_by_an_earlier_version(data: bytes, extension: str) -> PrivateImage:
    image = PrivateImage.objects.create(
        title="Photo",
        description="Chairs in a meeting room",
        file=ContentFile(image_samples.png_bytes(), name="clean.png"),
    )
    old_name = default_storage.save(f"original_images/{'a' * 32}.{extension}", ContentFile(data))
    PrivateImage.objects.filter(pk=image.pk).update(file=old_name)
    image.refresh_from_db()
    return image


def test_a_photo_stored_with_a_named_profile_is_cleaned_and_its_renditions_made_again(
    media_root: Path, django_capture_on_commit_callbacks
) -> None:
    profiled = samples.with_profile("JPEG", samples.rgb_profile())
    image = stored_by_an_earlier_version(profiled, "jpg")
    old_path = Path(image.file.path)
    old_rendition = Path(image.get_rendition("fill-60x40").file.path)
    assert samples.holds_planted_name(old_rendition.read_bytes())  # the leak being fixed

    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("resanitise_images", stdout=out)

    image.refresh_from_db()
    stored = Path(image.file.path).read_bytes()
    assert "1 cleaned again" in out.getvalue()
    assert not samples.holds_planted_name(stored)
    assert Image.open(io.BytesIO(stored)).info.get("icc_profile") is None
    assert not old_path.exists()
    assert not old_rendition.exists()
    assert image.file_size == len(stored)
    fresh = Path(image.get_rendition("fill-60x40").file.path).read_bytes()
    assert not samples.holds_planted_name(fresh)
    every_file = b"".join(p.read_bytes() for p in media_root.rglob("*") if p.is_file())
    assert not samples.holds_planted_name(every_file)


def test_a_phone_photo_stored_with_its_second_picture_keeps_only_the_first(
    media_root: Path,
) -> None:
    image = stored_by_an_earlier_version(samples.jpeg_with_appended_jpeg(), "jpg")

    call_command("resanitise_images", stdout=io.StringIO())

    image.refresh_from_db()
    stored = Path(image.file.path).read_bytes()
    assert stored.count(b"\xff\xd8") == 1
    assert not samples.located_tags(samples.exiftool_tags(stored))


def test_photos_already_clean_are_left_as_they_are(media_root: Path) -> None:
    image = PrivateImage.objects.create(
        title="Photo",
        description="Chairs in a meeting room",
        file=ContentFile(samples.with_profile("PNG", samples.rgb_profile()), name="p.png"),
    )
    name = image.file.name
    assert not needs_sanitising_again(Path(image.file.path).read_bytes())

    out = io.StringIO()
    call_command("resanitise_images", stdout=out)

    image.refresh_from_db()
    assert image.file.name == name
    assert "0 cleaned again" in out.getvalue()
