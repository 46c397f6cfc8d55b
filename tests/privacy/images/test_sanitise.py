"""Safety rule 1 for images: stored files keep no metadata and no trace of the upload's name.

Every upload path is exercised with files carrying real metadata (planted by Pillow and by
exiftool), and the stored file is read back from disk. Bad files must give a clear error and
leave nothing behind (safety rule 6).
"""

from __future__ import annotations

import hashlib
import html
import io
import re
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.test import Client
from django.urls import reverse
from PIL import Image
from wagtail.models import UploadedFile

from privacy.images.forms import neutral_title
from privacy.images.models import ALT_TEXT_REQUIRED, PrivateImage
from privacy.images.sanitise import sanitise_image
from privacy.uploads import title_comes_from_file_name
from tests.support import image_samples as samples
from tests.support import people
from tests.support.admin_uploads import (
    form_values,
    post_multiple,
    root_collection_id,
    text_of,
    upload,
)

# What this module tests happens in Python, not in the database: CI runs it once, on SQLite.
pytestmark = pytest.mark.file_processing

FORMATS = ["JPEG", "PNG", "WEBP", "GIF"]
UPLOAD_STEM = "priya_bhuj_gps"
ALT = "Two women sitting at a table with papers"
RANDOM_ORIGINAL = re.compile(r"^original_images/[0-9a-f]{32}\.(jpg|png|webp|gif)$")
RANDOM_TEMPORARY = re.compile(r"^wagtail_uploads/[0-9a-f]{32}\.(jpg|png|webp|gif)$")
NEUTRAL_TITLE = re.compile(r"^Image \d{4}-\d{2}-\d{2} [0-9a-f]{4}$")

# Planted metadata the detector must find in each sample (so the "clean" checks can fail).
PLANTED = {
    "JPEG": {"exif", "gps", "artist", "serial", "xmp", "iptc", "comment", "marker"},
    "PNG": {"exif", "gps", "artist", "serial", "xmp", "iptc", "png-text", "marker"},
    "WEBP": {"exif", "gps", "artist", "serial", "xmp", "marker"},
    "GIF": {"gps", "artist", "xmp", "comment", "marker"},
}

# (upload name, content, words the admin error must contain)
NOT_AN_IMAGE = "not a jpeg, png, webp or gif image"
TOO_MANY_PIXELS = "too many pixels"
BAD_FILES = [
    pytest.param("broken.jpg", samples.corrupt_jpeg(), NOT_AN_IMAGE, id="corrupt"),
    pytest.param(
        "cut-off.jpg", samples.truncated("JPEG"), "damaged or incomplete", id="truncated-jpeg"
    ),
    pytest.param(
        "cut-off.png", samples.truncated("PNG"), "damaged or incomplete", id="truncated-png"
    ),
    pytest.param("photo.jpg", samples.png_bytes(), "really a png image", id="png-named-jpg"),
    pytest.param("drawing.svg", samples.SVG, "not a supported image format", id="svg"),
    pytest.param("drawing.png", samples.SVG, NOT_AN_IMAGE, id="svg-named-png"),
    pytest.param("page.jpg", samples.HTML, NOT_AN_IMAGE, id="html-named-jpg"),
    pytest.param("bomb.png", samples.png_claiming_huge_size(), TOO_MANY_PIXELS, id="png-bomb"),
    pytest.param("bomb.png", samples.compressed_bitonal_bomb(), TOO_MANY_PIXELS, id="bitonal-bomb"),
]


# --- helpers -----------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path: Path) -> Path:
    """Each test gets an empty MEDIA_ROOT, so 'nothing stored' can be checked on disk."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


def media_files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def assert_media_holds_only(root: Path, images: list[PrivateImage]) -> None:
    """MEDIA_ROOT holds these images' originals and their renditions (which the admin makes
    for previews, so private ones), all clean, and nothing else: no leftover upload, no stale
    rendition."""
    originals = {image.file.name for image in images}
    stems = {Path(name).stem for name in originals}
    files = media_files(root)
    assert originals <= files
    for name in files - originals:
        assert name.startswith("private_images/"), f"unexpected file {name}"
        assert Path(name).name.split(".")[0] in stems, f"rendition of no image: {name}"
        assert samples.find_metadata(root.joinpath(name).read_bytes()) == set(), name


def ext(image_format: str) -> str:
    return samples.EXTENSIONS[image_format]


def assert_stored_clean(image: PrivateImage, image_format: str) -> bytes:
    """The stored original has no metadata, a random name and matching database fields."""
    image.refresh_from_db()
    path = Path(image.file.path)
    data = path.read_bytes()
    assert samples.find_metadata(data) == set()
    assert RANDOM_ORIGINAL.match(image.file.name), image.file.name
    assert image.file.name.endswith("." + ext(image_format))
    with Image.open(path) as stored:
        assert stored.format == image_format
        assert (image.width, image.height) == stored.size
    assert image.file_size == len(data)
    assert image.file_hash == hashlib.sha1(data).hexdigest()  # noqa: S324 - Wagtail's hash
    assert_no_upload_name(image)
    return data


def assert_no_upload_name(image: PrivateImage) -> None:
    """Nothing of 'priya_bhuj_gps.jpg' in the stored path, the title or any text column."""
    values = " ".join(
        str(getattr(image, field.attname))
        for field in PrivateImage._meta.concrete_fields
        if field.attname not in ("id",)
    ).lower()
    for word in samples.UPLOAD_NAME_WORDS:
        assert word not in values, f"{word!r} survived in {values!r}"


# --- the detector and the sanitiser ------------------------------------------------------------


@pytest.mark.parametrize("image_format", FORMATS)
def test_samples_really_carry_the_planted_metadata(image_format):
    # Without this, "no metadata found" in stored files would prove nothing.
    found = samples.find_metadata(samples.planted(image_format))
    assert PLANTED[image_format] <= found


@pytest.mark.parametrize("image_format", FORMATS)
def test_sanitise_removes_every_kind_of_metadata(image_format):
    clean = sanitise_image(
        io.BytesIO(samples.planted(image_format)), f"{UPLOAD_STEM}.{ext(image_format)}"
    )

    assert samples.find_metadata(clean.data) == set()
    assert re.fullmatch(r"[0-9a-f]{32}\." + ext(image_format), clean.name)
    with Image.open(io.BytesIO(clean.data)) as im:
        assert im.format == image_format
        assert im.size == (64, 48) == (clean.width, clean.height)


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
def test_sanitise_stores_srgb_pixels_without_the_colour_profile(image_format):
    # Profiles can carry text (tests/privacy/images/test_colour.py): even a standard sRGB one
    # is not kept; its pixels are already sRGB, so the colours do not change.
    original = samples.planted(image_format)
    with Image.open(io.BytesIO(original)) as im:
        assert im.info["icc_profile"]
        colours = im.convert("RGB").getpixel((30, 2)), im.convert("RGB").getpixel((30, 30))
    clean = sanitise_image(io.BytesIO(original), f"a.{ext(image_format)}")
    with Image.open(io.BytesIO(clean.data)) as im:
        assert im.info.get("icc_profile") is None
        kept = im.convert("RGB").getpixel((30, 2)), im.convert("RGB").getpixel((30, 30))
    for before, after in zip(colours, kept, strict=True):
        assert all(abs(a - b) <= 8 for a, b in zip(before, after, strict=True)), (before, after)
    assert b"acsp" not in clean.data


def test_sanitise_applies_exif_orientation():
    clean = sanitise_image(io.BytesIO(samples.tall_jpeg_rotated_by_exif()), "tall.jpg")

    assert (clean.width, clean.height) == (80, 40)
    assert "orientation" not in samples.find_metadata(clean.data)
    with Image.open(io.BytesIO(clean.data)) as im:
        assert im.size == (80, 40)
        # The red band along the stored top edge is now along the right edge, as the phone
        # showed it; the left edge is blue.
        red, green, blue = im.convert("RGB").getpixel((78, 20))
        assert red > 150 and green < 80 and blue < 80
        red, green, blue = im.convert("RGB").getpixel((2, 20))
        assert blue > 150 and red < 80


@pytest.mark.parametrize("image_format", ["GIF", "WEBP"])
def test_sanitise_keeps_animation_frames(image_format):
    original = samples.animated(image_format)
    assert "marker" in samples.find_metadata(original)

    clean = sanitise_image(io.BytesIO(original), f"moving.{ext(image_format)}")

    assert samples.find_metadata(clean.data) == set()
    with Image.open(io.BytesIO(clean.data)) as im:
        assert im.n_frames == 3
        colours = []
        for frame in range(3):
            im.seek(frame)
            colours.append(im.convert("RGB").getpixel((5, 5)))
            assert im.info.get("duration") == 120
    assert colours[0][0] > 150 and colours[1][1] > 150 and colours[2][2] > 150


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("broken.jpg", samples.corrupt_jpeg(), "not_an_image"),
        ("cut-off.jpg", samples.truncated("JPEG"), "corrupt"),
        ("cut-off.png", samples.truncated("PNG"), "corrupt"),
        ("photo.jpg", samples.png_bytes(), "extension_mismatch"),
        ("drawing.svg", samples.SVG, "unsupported_extension"),
        ("drawing.png", samples.SVG, "not_an_image"),
        ("page.jpg", samples.HTML, "not_an_image"),
        ("bomb.png", samples.png_claiming_huge_size(), "too_many_pixels"),
        ("bomb.png", samples.compressed_bitonal_bomb(), "too_many_pixels"),
        ("empty.png", b"", "not_an_image"),
    ],
)
def test_sanitise_refuses_bad_files_with_a_clear_message(name, data, code):
    with pytest.raises(ValidationError) as excinfo:
        sanitise_image(io.BytesIO(data), name)
    assert excinfo.value.code == code
    message = excinfo.value.messages[0]
    assert "%(" not in message and len(message) > 30


def test_sanitise_names_the_real_format_when_the_extension_lies():
    with pytest.raises(ValidationError) as excinfo:
        sanitise_image(io.BytesIO(samples.png_bytes()), "photo.jpg")
    assert "really a PNG image" in excinfo.value.messages[0]


def test_sanitise_refuses_oversized_files(settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1000
    with pytest.raises(ValidationError) as excinfo:
        sanitise_image(io.BytesIO(samples.planted("JPEG")), "big.jpg")
    assert excinfo.value.code == "too_large"


def test_neutral_titles_and_file_name_detection():
    assert NEUTRAL_TITLE.match(str(neutral_title()))
    assert title_comes_from_file_name("priya_bhuj_gps", "priya_bhuj_gps.jpg")
    assert title_comes_from_file_name("Priya Bhuj GPS.JPG", "priya_bhuj_gps.jpg")
    assert not title_comes_from_file_name("Women's meeting", "priya_bhuj_gps.jpg")


@pytest.mark.django_db
def test_upload_path_is_random_and_uses_the_detected_extension():
    first = PrivateImage().get_upload_to("priya_bhuj_gps.jpeg")
    second = PrivateImage().get_upload_to("priya_bhuj_gps.jpeg")
    assert RANDOM_ORIGINAL.match(first) and first.endswith(".jpg")
    assert first != second


# --- programmatic saves (management commands, scripts, the shell) --------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("image_format", FORMATS)
def test_programmatic_create_stores_a_clean_file(image_format, media_root):
    image = PrivateImage.objects.create(
        title="Meeting",
        description=ALT,
        file=File(io.BytesIO(samples.planted(image_format)), f"{UPLOAD_STEM}.{ext(image_format)}"),
    )
    assert_stored_clean(image, image_format)
    assert media_files(media_root) == {image.file.name}


@pytest.mark.django_db
def test_programmatic_create_applies_orientation(media_root):
    image = PrivateImage.objects.create(
        title="Tall",
        description=ALT,
        file=File(io.BytesIO(samples.tall_jpeg_rotated_by_exif()), f"{UPLOAD_STEM}.jpg"),
    )
    assert (image.width, image.height) == (80, 40)
    assert_stored_clean(image, "JPEG")


@pytest.mark.django_db
def test_programmatic_save_without_alt_text_is_refused(media_root):
    image = PrivateImage(title="No alt", file=File(io.BytesIO(samples.planted("JPEG")), "a.jpg"))
    with pytest.raises(ValidationError) as excinfo:
        image.save()
    assert ALT_TEXT_REQUIRED in excinfo.value.message_dict["description"]
    image.description = "   "
    with pytest.raises(ValidationError):
        image.save()
    assert not PrivateImage.objects.exists()
    assert media_files(media_root) == set()


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "data", "words"), BAD_FILES)
def test_programmatic_create_with_a_bad_file_stores_nothing(name, data, words, media_root):
    with pytest.raises(ValidationError):
        PrivateImage.objects.create(title="Bad", description=ALT, file=File(io.BytesIO(data), name))
    assert not PrivateImage.objects.exists()
    assert media_files(media_root) == set()


@pytest.mark.django_db
def test_programmatic_file_replacement_is_sanitised(media_root):
    image = PrivateImage.objects.create(
        title="Meeting", description=ALT, file=File(io.BytesIO(samples.png_bytes()), "a.png")
    )
    old_name = image.file.name

    image.file = File(io.BytesIO(samples.tall_jpeg_rotated_by_exif()), f"{UPLOAD_STEM}.jpg")
    image.save()

    assert image.file.name != old_name
    assert (image.width, image.height) == (80, 40)
    assert_stored_clean(image, "JPEG")


@pytest.mark.django_db
def test_direct_field_file_save_is_sanitised(media_root):
    # The path Wagtail's multiple uploader uses: image.file.save(name, content, save=False).
    image = PrivateImage(title="Meeting", description=ALT)
    image.file.save(f"{UPLOAD_STEM}.webp", ContentFile(samples.planted("WEBP")), save=False)
    assert samples.find_metadata(Path(image.file.path).read_bytes()) == set()
    image.save()
    assert_stored_clean(image, "WEBP")
    assert media_files(media_root) == {image.file.name}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("spec", "rendition_format"),
    [("fill-40x30|format-jpeg", "JPEG"), ("width-30|format-webp", "WEBP")],
)
@pytest.mark.parametrize("image_format", ["JPEG", "WEBP"])
def test_renditions_carry_no_metadata(image_format, spec, rendition_format, media_root):
    image = PrivateImage.objects.create(
        title="Meeting",
        description=ALT,
        file=File(io.BytesIO(samples.planted(image_format)), f"{UPLOAD_STEM}.{ext(image_format)}"),
    )

    rendition = image.get_rendition(spec)

    data = Path(rendition.file.path).read_bytes()
    assert samples.find_metadata(data) == set()
    with Image.open(io.BytesIO(data)) as im:
        assert im.format == rendition_format
    original_stem = Path(image.file.name).stem
    assert Path(rendition.file.name).name.startswith(original_stem[:20])
    for word in samples.UPLOAD_NAME_WORDS:
        assert word not in rendition.file.name.lower()


# --- admin: single upload ----------------------------------------------------------------------


def post_add(client, data: bytes, name: str, *, title: str = UPLOAD_STEM, description: str = ALT):
    return client.post(
        reverse("wagtailimages:add"),
        {
            "title": title,
            "description": description,
            "file": upload(data, name),
            "collection": root_collection_id(),
            "tags": "",
        },
    )


@pytest.mark.django_db
@pytest.mark.parametrize("image_format", FORMATS)
def test_admin_add_stores_a_clean_file_with_a_random_name(staff_client, image_format, media_root):
    response = post_add(
        staff_client, samples.planted(image_format), f"{UPLOAD_STEM}.{ext(image_format)}"
    )

    assert response.status_code == 302, text_of(response)
    image = PrivateImage.objects.get()
    assert_stored_clean(image, image_format)
    # The title Wagtail's JavaScript copies from the file name is replaced by a neutral one.
    assert NEUTRAL_TITLE.match(image.title)
    assert image.description == ALT
    assert_media_holds_only(media_root, [image])


@pytest.mark.django_db
def test_admin_add_applies_orientation(staff_client):
    response = post_add(staff_client, samples.tall_jpeg_rotated_by_exif(), f"{UPLOAD_STEM}.jpg")

    assert response.status_code == 302
    image = PrivateImage.objects.get()
    assert (image.width, image.height) == (80, 40)
    assert_stored_clean(image, "JPEG")


@pytest.mark.django_db
def test_admin_add_keeps_a_title_the_editor_wrote(staff_client):
    response = post_add(
        staff_client, samples.planted("PNG"), f"{UPLOAD_STEM}.png", title="Meeting at the hall"
    )
    assert response.status_code == 302
    assert PrivateImage.objects.get().title == "Meeting at the hall"


@pytest.mark.django_db
def test_admin_add_with_empty_title_gets_a_neutral_title(staff_client):
    response = post_add(staff_client, samples.planted("PNG"), f"{UPLOAD_STEM}.png", title="")
    assert response.status_code == 302
    assert NEUTRAL_TITLE.match(PrivateImage.objects.get().title)


@pytest.mark.django_db
def test_admin_add_large_upload_spooled_to_disk_is_sanitised(staff_client, media_root):
    data = samples.noisy_png()
    assert len(data) > 2_621_440  # above FILE_UPLOAD_MAX_MEMORY_SIZE: a TemporaryUploadedFile
    response = post_add(staff_client, data, f"{UPLOAD_STEM}.png")
    assert response.status_code == 302, text_of(response)
    assert_stored_clean(PrivateImage.objects.get(), "PNG")


@pytest.mark.django_db
def test_admin_add_without_alt_text_shows_an_error_and_stores_nothing(staff_client, media_root):
    response = post_add(staff_client, samples.planted("JPEG"), "a.jpg", description="  ")

    assert response.status_code == 200
    assert "description" in response.context["form"].errors
    assert str(ALT_TEXT_REQUIRED) in text_of(response)
    assert not PrivateImage.objects.exists()
    assert media_files(media_root) == set()


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "data", "words"), BAD_FILES)
def test_admin_add_refuses_bad_files_and_stores_nothing(
    staff_client, media_root, name, data, words
):
    response = post_add(staff_client, data, name)

    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert errors
    page = text_of(response)
    assert words in page.lower()
    for error in errors:
        assert error in page
    assert not PrivateImage.objects.exists()
    assert media_files(media_root) == set()


# --- admin: edit / replace the file --------------------------------------------------------------


@pytest.fixture
def existing_image(staff_member) -> PrivateImage:
    # Staff may replace the files they uploaded themselves (administrators: any file).
    return PrivateImage.objects.create(
        title="Meeting at the hall",
        description=ALT,
        file=File(io.BytesIO(samples.png_bytes((30, 30))), "first.png"),
        uploaded_by_user=staff_member,
    )


def post_edit(client, image: PrivateImage, files: dict | None = None):
    data = {
        "title": image.title,
        "description": image.description,
        "collection": image.collection_id,
        "tags": "",
    }
    data.update(files or {})
    return client.post(reverse("wagtailimages:edit", args=(image.pk,)), data)


@pytest.mark.django_db
def test_admin_replace_file_stores_a_clean_file(
    staff_client, existing_image, media_root, django_capture_on_commit_callbacks
):
    old_name = existing_image.file.name
    old_rendition = existing_image.get_rendition("width-10")
    assert media_root.joinpath(old_rendition.file.name).exists()

    # Wagtail deletes rendition files once the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = post_edit(
            staff_client,
            existing_image,
            {"file": upload(samples.tall_jpeg_rotated_by_exif(), f"{UPLOAD_STEM}.jpg")},
        )

    assert response.status_code == 302, text_of(response)
    existing_image.refresh_from_db()
    assert existing_image.file.name != old_name
    assert (existing_image.width, existing_image.height) == (80, 40)
    assert_stored_clean(existing_image, "JPEG")
    assert existing_image.title == "Meeting at the hall"
    # The old original and its renditions are gone.
    assert media_files(media_root) == {existing_image.file.name}


@pytest.mark.django_db
def test_admin_edit_without_new_file_keeps_the_stored_file(staff_client, existing_image):
    name, file_hash = existing_image.file.name, existing_image.file_hash
    response = post_edit(staff_client, existing_image)
    assert response.status_code == 302
    existing_image.refresh_from_db()
    assert (existing_image.file.name, existing_image.file_hash) == (name, file_hash)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "data", "words"), BAD_FILES)
def test_admin_replace_with_bad_file_keeps_the_old_one(
    staff_client, existing_image, media_root, name, data, words
):
    stored = media_root.joinpath(existing_image.file.name).read_bytes()

    response = post_edit(staff_client, existing_image, {"file": upload(data, name)})

    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert words in text_of(response).lower()
    existing_image.refresh_from_db()
    assert media_root.joinpath(existing_image.file.name).read_bytes() == stored
    assert_media_holds_only(media_root, [existing_image])


@pytest.mark.django_db
def test_only_the_uploader_or_an_administrator_replaces_a_photo(
    existing_image, administrator_client, media_root
):
    client = Client()
    client.force_login(people.staff("colleague", language="en"))
    stored = existing_image.file.name
    new_file = {"file": upload(samples.planted("JPEG"), f"{UPLOAD_STEM}.jpg")}

    refused = post_edit(client, existing_image, new_file)

    # Wagtail sends her back to the dashboard with "you do not have permission".
    assert (refused.status_code, refused.headers["Location"]) == (302, reverse("wagtailadmin_home"))
    existing_image.refresh_from_db()
    assert existing_image.file.name == stored

    new_file = {"file": upload(samples.planted("JPEG"), f"{UPLOAD_STEM}.jpg")}
    response = post_edit(administrator_client, existing_image, new_file)

    assert response.status_code == 302, text_of(response)
    existing_image.refresh_from_db()
    assert existing_image.file.name != stored
    assert_stored_clean(existing_image, "JPEG")


# --- admin: multiple upload --------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("image_format", FORMATS)
def test_multiple_upload_sanitises_the_temporary_file_and_the_image(
    staff_client, media_root, image_format
):
    response = post_multiple(
        staff_client, samples.planted(image_format), f"{UPLOAD_STEM}.{ext(image_format)}"
    )

    # Alt text is required but the uploader cannot send it, so Wagtail keeps the file as a
    # temporary UploadedFile and asks for the missing fields.
    result = response.json()
    assert result["success"] is True
    assert "uploaded_file_id" in result and "image_id" not in result
    assert not PrivateImage.objects.exists()
    temporary = UploadedFile.objects.get(pk=result["uploaded_file_id"])
    assert RANDOM_TEMPORARY.match(temporary.file.name), temporary.file.name
    assert samples.find_metadata(media_root.joinpath(temporary.file.name).read_bytes()) == set()
    assert media_files(media_root) == {temporary.file.name}
    # The form Wagtail shows does not offer the file name as the title.
    assert "priya" not in result["form"].lower()
    assert str(ALT_TEXT_REQUIRED) not in html.unescape(result["form"])

    values = form_values(result["form"])
    prefix = f"uploaded-image-{temporary.pk}"
    assert NEUTRAL_TITLE.match(values[f"{prefix}-title"])
    values[f"{prefix}-description"] = ALT
    response = staff_client.post(
        reverse("wagtailimages:create_multiple_from_uploaded_image", args=(temporary.pk,)),
        values,
        headers={"x-requested-with": "XMLHttpRequest"},
    )

    result = response.json()
    assert result["success"] is True, result
    image = PrivateImage.objects.get(pk=result["image_id"])
    assert_stored_clean(image, image_format)
    assert NEUTRAL_TITLE.match(image.title)
    assert image.description == ALT
    # The temporary copy is gone from the database and the disk.
    assert not UploadedFile.objects.exists()
    assert_media_holds_only(media_root, [image])


@pytest.mark.django_db
def test_multiple_upload_asks_for_alt_text_before_creating_the_image(staff_client, media_root):
    result = post_multiple(staff_client, samples.planted("JPEG"), f"{UPLOAD_STEM}.jpg").json()
    temporary = UploadedFile.objects.get(pk=result["uploaded_file_id"])
    values = form_values(result["form"])
    values[f"uploaded-image-{temporary.pk}-description"] = ""

    response = staff_client.post(
        reverse("wagtailimages:create_multiple_from_uploaded_image", args=(temporary.pk,)),
        values,
    )

    result = response.json()
    assert result["success"] is False
    assert str(ALT_TEXT_REQUIRED) in html.unescape(result["form"])
    assert not PrivateImage.objects.exists()
    assert media_files(media_root) == {temporary.file.name}


@pytest.mark.django_db
def test_multiple_upload_of_a_large_file_is_sanitised(staff_client, media_root):
    result = post_multiple(staff_client, samples.noisy_png(), f"{UPLOAD_STEM}.png").json()
    temporary = UploadedFile.objects.get(pk=result["uploaded_file_id"])
    assert samples.find_metadata(media_root.joinpath(temporary.file.name).read_bytes()) == set()


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "data", "words"), BAD_FILES)
def test_multiple_upload_refuses_bad_files_and_stores_nothing(
    staff_client, media_root, name, data, words
):
    response = post_multiple(staff_client, data, name)

    result = response.json()
    assert result["success"] is False
    assert words in result["error_message"].lower()
    assert not PrivateImage.objects.exists()
    assert not UploadedFile.objects.exists()
    assert media_files(media_root) == set()


@pytest.mark.django_db
def test_temporary_uploads_for_images_are_sanitised_whoever_creates_them(media_root):
    temporary = UploadedFile.objects.create(
        for_content_type=ContentType.objects.get_for_model(PrivateImage),
        file=File(io.BytesIO(samples.planted("PNG")), f"{UPLOAD_STEM}.png"),
    )
    assert RANDOM_TEMPORARY.match(temporary.file.name)
    assert samples.find_metadata(media_root.joinpath(temporary.file.name).read_bytes()) == set()


# --- admin: chooser upload ---------------------------------------------------------------------


def post_chooser(client, data: bytes, name: str, *, title: str = "", description: str = ALT):
    prefix = "image-chooser-upload"
    return client.post(
        reverse("wagtailimages_chooser:create"),
        {
            f"{prefix}-title": title,
            f"{prefix}-description": description,
            f"{prefix}-file": upload(data, name),
            f"{prefix}-collection": root_collection_id(),
            f"{prefix}-tags": "",
        },
    )


@pytest.mark.django_db
@pytest.mark.parametrize("image_format", FORMATS)
@pytest.mark.parametrize("title", ["", UPLOAD_STEM])
def test_chooser_upload_stores_a_clean_file(staff_client, media_root, image_format, title):
    response = post_chooser(
        staff_client,
        samples.planted(image_format),
        f"{UPLOAD_STEM}.{ext(image_format)}",
        title=title,
    )

    result = response.json()
    assert result["step"] == "chosen", result
    image = PrivateImage.objects.get()
    assert str(result["result"]["id"]) == str(image.pk)
    assert_stored_clean(image, image_format)
    assert NEUTRAL_TITLE.match(image.title)
    assert_media_holds_only(media_root, [image])


@pytest.mark.django_db
def test_chooser_upload_without_alt_text_shows_an_error(staff_client, media_root):
    response = post_chooser(staff_client, samples.planted("JPEG"), "a.jpg", description="")
    result = response.json()
    assert result["step"] == "reshow_creation_form"
    assert str(ALT_TEXT_REQUIRED) in html.unescape(result["htmlFragment"])
    assert not PrivateImage.objects.exists()
    assert media_files(media_root) == set()


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "data", "words"), BAD_FILES)
def test_chooser_upload_refuses_bad_files_and_stores_nothing(
    staff_client, media_root, name, data, words
):
    response = post_chooser(staff_client, data, name)

    result = response.json()
    assert result["step"] == "reshow_creation_form"
    assert words in html.unescape(result["htmlFragment"]).lower()
    assert not PrivateImage.objects.exists()
    assert media_files(media_root) == set()


@pytest.mark.django_db
def test_uploading_the_same_photo_twice_is_still_detected_as_a_duplicate(staff_client):
    # Sanitising is deterministic, so Wagtail's duplicate warning (same file hash) still works.
    first = post_chooser(staff_client, samples.planted("JPEG"), "one.jpg").json()
    assert first["step"] == "chosen"
    second = post_chooser(staff_client, samples.planted("JPEG"), "two.jpg").json()
    assert second["step"] == "duplicate_found"


def test_upper_case_extensions_are_accepted_and_normalised():
    clean = sanitise_image(io.BytesIO(samples.planted("JPEG")), "PRIYA_BHUJ.JPEG")
    assert clean.name.endswith(".jpg")
    assert samples.find_metadata(clean.data) == set()


@pytest.mark.parametrize("image_format", ["PNG", "WEBP", "GIF"])
def test_sanitise_keeps_transparency(image_format):
    clean = sanitise_image(
        io.BytesIO(samples.half_transparent(image_format)), f"logo.{ext(image_format)}"
    )
    with Image.open(io.BytesIO(clean.data)) as im:
        rgba = im.convert("RGBA")
        assert rgba.getpixel((5, 10))[3] == 255
        assert rgba.getpixel((5, 10))[0] > 150
        assert rgba.getpixel((35, 10))[3] == 0
