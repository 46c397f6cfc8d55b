"""Issue 12, item 2: a colour profile cannot carry a name into the site's files.

ICC profiles hold text (``desc``, ``cprt``, ``dmnd``, ``dmdd``, UTF-16 in ``mluc`` tags, which
``strings`` does not show). A staff member uploads photos whose profile says "Meenaben Parmar"
through the real admin upload form; the stored original, an admin rendition and the public
renditions a reader's visit makes are read back from disk: no profile, no name, and colours
converted to sRGB (the profiles are built with swapped colours, so a copy and a conversion give
different pixels).
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from privacy.models import PrivateImage
from tests.privacy.images.test_sanitise import post_add, text_of
from tests.support import image_samples
from tests.support import photo_samples as samples

pytestmark = pytest.mark.django_db

# (upload name, file, colour of its pixels once converted to sRGB)
PROFILED = [
    pytest.param(
        "photo.jpg", samples.with_profile("JPEG", samples.rgb_profile()), samples.BLUE, id="jpeg"
    ),
    pytest.param(
        "photo.png", samples.with_profile("PNG", samples.rgb_profile()), samples.BLUE, id="png"
    ),
    pytest.param(
        "photo.webp", samples.with_profile("WEBP", samples.rgb_profile()), samples.BLUE, id="webp"
    ),
    pytest.param(
        "photo.png",
        samples.with_profile("PNG", samples.rgb_profile(), (*samples.RED, 255), mode="RGBA"),
        samples.BLUE,
        id="rgba-png",
    ),
    pytest.param(
        "logo.png",
        samples.palette_png_with_profile(samples.rgb_profile()),
        samples.BLUE,
        id="palette-png",
    ),
    pytest.param(
        "print.jpg",
        samples.with_profile("JPEG", samples.cmyk_profile(), (255, 0, 0, 0), mode="CMYK"),
        samples.YELLOW,  # cyan ink prints yellow under this profile
        id="cmyk-jpeg",
    ),
    pytest.param(
        "grey.jpg",
        samples.with_profile("JPEG", samples.grey_profile(), samples.MID_GREY, mode="L"),
        samples.LINEAR_MID_GREY_IN_SRGB,
        id="grey-jpeg",
    ),
    # A colour profile on a grey picture does not fit: dropped, the pixels taken as sRGB.
    pytest.param(
        "grey.png",
        samples.with_profile("PNG", samples.rgb_profile(), samples.MID_GREY, mode="L"),
        (samples.MID_GREY,) * 3,
        id="mismatched-profile",
    ),
    # Neither Pillow nor most browsers read a GIF's profile: its pixels stay as they are.
    pytest.param(
        "moving.gif", samples.gif_with_profile(samples.rgb_profile()), samples.RED, id="gif"
    ),
    # A profile too damaged to read is dropped and the pixels taken as sRGB.
    pytest.param(
        "photo.jpg",
        samples.with_profile("JPEG", samples.damaged_profile()),
        samples.RED,
        id="damaged-profile",
    ),
]


@pytest.fixture(autouse=True)
def storages(settings, tmp_path):
    return samples.use_two_storages(settings, tmp_path)


def embedded_profile(data: bytes) -> bytes:
    """The profile as the file holds it (PNG compresses it, GIF splits it into blocks)."""
    with Image.open(io.BytesIO(data)) as im:
        return im.info.get("icc_profile") or data


def assert_no_profile_and_no_name(data: bytes) -> None:
    assert samples.ICC_SIGNATURE not in data
    assert not samples.holds_planted_name(data)
    with Image.open(io.BytesIO(data)) as im:
        assert im.info.get("icc_profile") is None
        image_format = im.format
    if image_format == "PNG":
        assert b"iCCP" not in image_samples._png_chunks(data)
    if image_format == "WEBP":
        assert b"ICCP" not in image_samples._riff_chunks(data)


def assert_colour(data: bytes, expected: tuple[int, int, int], tolerance: int = 12) -> None:
    with Image.open(io.BytesIO(data)) as im:
        rgba = im.convert("RGBA")
        x, y = 4, rgba.height // 2  # the left half: opaque in every sample
        *colour, alpha = rgba.getpixel((x, y))
    assert alpha == 255
    assert all(abs(a - b) <= tolerance for a, b in zip(colour, expected, strict=True)), (
        colour,
        expected,
    )


@pytest.mark.parametrize(("name", "data", "colour"), PROFILED)
def test_samples_carry_the_name_in_their_colour_profile(name, data, colour):
    # Without this, "no name found" in the stored files would prove nothing.
    profile = embedded_profile(data)
    assert samples.ICC_SIGNATURE in profile
    assert samples.PLANTED_NAME.encode("utf-16-be") in profile


@pytest.mark.parametrize(("name", "data", "colour"), PROFILED)
def test_a_named_colour_profile_leaves_no_trace_in_the_stored_photo_or_its_renditions(
    staff_client, client, storages, name, data, colour
):
    response = post_add(staff_client, data, name)

    assert response.status_code == 302, text_of(response)
    image = PrivateImage.objects.get()
    stored = Path(image.file.path).read_bytes()
    assert_no_profile_and_no_name(stored)
    assert_colour(stored, colour)

    admin_rendition = image.get_rendition("fill-60x40")
    rendition = Path(admin_rendition.file.path).read_bytes()
    assert_no_profile_and_no_name(rendition)
    assert_colour(rendition, colour)

    for public in samples.public_renditions_shown_to_readers(client, image, storages[1]):
        assert_no_profile_and_no_name(public)
        assert_colour(public, colour)


def test_a_cmyk_photo_without_a_profile_is_stored_as_rgb(staff_client):
    data = samples.with_profile("JPEG", None, (0, 0, 255, 0), mode="CMYK")

    response = post_add(staff_client, data, "print.jpg")

    assert response.status_code == 302, text_of(response)
    with Image.open(PrivateImage.objects.get().file.path) as im:
        assert im.mode == "RGB"
    assert_colour(Path(PrivateImage.objects.get().file.path).read_bytes(), samples.YELLOW)


def test_transparent_areas_stay_transparent_after_the_colour_conversion(staff_client):
    response = post_add(
        staff_client, samples.palette_png_with_profile(samples.rgb_profile()), "a.png"
    )

    assert response.status_code == 302, text_of(response)
    with Image.open(PrivateImage.objects.get().file.path) as im:
        assert im.convert("RGBA").getpixel((60, 24))[3] == 0
