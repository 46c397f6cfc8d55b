"""Issue 15: faces are hidden on every path that stores a photo, and refused cleanly when they
cannot be.

Each test uploads a photo with a planted face (tests/support/face_photos.py) through the real
view, as a member of "KMVS staff", then reads back from disk the stored original and every
rendition the admin made of it: the face is solid grey, the area without faces is as it was.
When the detector cannot load, or cannot read a picture, every path refuses with the clear
message and stores nothing.
"""

from __future__ import annotations

import html
import io
import os
import time
import types
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.templatetags.static import static
from django.urls import reverse
from PIL import ExifTags, Image
from wagtail.models import Collection, ModelLogEntry, UploadedFile

from privacy.images.faces import detector, hiding
from privacy.images.faces.checking import SHOWS_NOBODY_ACTION, SHOWS_PEOPLE_ACTION
from privacy.images.faces.hiding import MESSAGES
from privacy.images.models import PrivateImage
from tests.support import face_photos as faces
from tests.support import image_samples as samples
from tests.support.admin_uploads import (
    form_values,
    post_multiple,
    root_collection_id,
    text_of,
    upload,
)

# Detection takes a moment per photo, and happens in Python, not in the database.
pytestmark = pytest.mark.file_processing

FORMATS = ["JPEG", "PNG"]
EXTENSION = {"JPEG": "jpg", "PNG": "png"}
ALT = "Women at a meeting in the hall"
# The area without faces: PNG is stored pixel for pixel; JPEG is re-encoded once.
UNCHANGED_TOLERANCE = {"JPEG": 8, "PNG": 0}
GREY_TOLERANCE = {"JPEG": faces.JPEG_TOLERANCE, "PNG": 0}
# Renditions are resized (and JPEG ones re-encoded): compared with the same resize.
RENDITION_TOLERANCE = 12
UNAVAILABLE = str(MESSAGES["detector_unavailable"])
NOT_CHECKABLE = str(MESSAGES["not_checkable"])


# --- helpers -----------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture(scope="module")
def photo() -> faces.PlantedPhoto:
    return faces.planted_photo()


def media_files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def show_in_admin(client, image: PrivateImage) -> None:
    """Open the screens that show the photo (the listing's thumbnail, the edit screen's
    preview), so the admin makes its renditions as for a real editor."""
    assert client.get(reverse("wagtailimages:index")).status_code == 200
    assert client.get(reverse("wagtailimages:edit", args=(image.pk,))).status_code == 200


def assert_face_hidden_everywhere(
    image: PrivateImage, photo: faces.PlantedPhoto, image_format: str, sent: bytes
) -> None:
    """The stored original and every rendition: face solid grey, the rest as it was sent."""
    image.refresh_from_db()
    assert image.shows_people
    assert image.faces_checked_at is not None
    assert image.face_regions.filter(hidden=True).exists()
    original = faces.rgb(Path(image.file.path).read_bytes())
    assert original.size == photo.picture.size
    faces.assert_solid_grey(original, photo.face, GREY_TOLERANCE[image_format], "in original")
    as_sent = faces.rgb(sent)
    faces.assert_unchanged(
        original, as_sent, photo.empty, UNCHANGED_TOLERANCE[image_format], "in original"
    )
    renditions = list(image.renditions.all())
    assert renditions, "the admin made no rendition to check"
    for rendition in renditions:
        picture = faces.rgb(Path(rendition.file.path).read_bytes())
        factor = picture.width / original.width
        where = f"in rendition {rendition.filter_spec}"
        faces.assert_solid_grey(
            picture, faces.scaled(photo.face, factor, inset=2), RENDITION_TOLERANCE, where
        )
        faces.assert_unchanged(
            picture,
            as_sent,
            faces.scaled(photo.empty, factor, inset=2),
            RENDITION_TOLERANCE,
            where,
        )


def assert_nobody_said_it_shows_nobody() -> None:
    assert not ModelLogEntry.objects.filter(action=SHOWS_NOBODY_ACTION).exists()


def post_add(client, data: bytes, name: str, **extra):
    return client.post(
        reverse("wagtailimages:add"),
        {
            "title": "",
            "description": ALT,
            "file": upload(data, name),
            "collection": root_collection_id(),
            "tags": "",
            **extra,
        },
    )


def post_edit(client, image: PrivateImage, **extra):
    data = {
        "title": image.title,
        "description": image.description,
        "collection": image.collection_id,
        "tags": "",
    }
    data.update(extra)
    return client.post(reverse("wagtailimages:edit", args=(image.pk,)), data)


def post_multiple_follow_up(client, result: dict, **extra):
    """The uploader's second step: the form it showed, with the alt text filled in."""
    temporary_id = result["uploaded_file_id"]
    values = form_values(result["form"])
    values[f"uploaded-image-{temporary_id}-description"] = ALT
    values.update({f"uploaded-image-{temporary_id}-{k}": v for k, v in extra.items()})
    return client.post(
        reverse("wagtailimages:create_multiple_from_uploaded_image", args=(temporary_id,)),
        values,
        headers={"x-requested-with": "XMLHttpRequest"},
    )


def post_chooser(client, data: bytes, name: str):
    prefix = "image-chooser-upload"
    return client.post(
        reverse("wagtailimages_chooser:create"),
        {
            f"{prefix}-title": "",
            f"{prefix}-description": ALT,
            f"{prefix}-file": upload(data, name),
            f"{prefix}-collection": root_collection_id(),
            f"{prefix}-tags": "",
        },
    )


@pytest.fixture
def photo_without_face(staff_member) -> PrivateImage:
    """A photo the staff member uploaded earlier (hers to replace)."""
    return PrivateImage.objects.create(
        title="Hall",
        description=ALT,
        file=File(io.BytesIO(samples.png_bytes((60, 40))), "hall.png"),
        uploaded_by_user=staff_member,
    )


# --- every upload path hides the face ----------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("image_format", FORMATS)
def test_admin_add_hides_the_face(staff_client, photo, image_format):
    sent = photo.encoded(image_format)

    response = post_add(staff_client, sent, f"group.{EXTENSION[image_format]}")

    assert response.status_code == 302, text_of(response)
    image = PrivateImage.objects.get()
    show_in_admin(staff_client, image)
    assert_face_hidden_everywhere(image, photo, image_format, sent)
    assert_nobody_said_it_shows_nobody()


@pytest.mark.django_db
@pytest.mark.parametrize("image_format", FORMATS)
def test_replacing_the_file_hides_the_face(
    staff_client, photo, photo_without_face, image_format, media_root
):
    show_in_admin(staff_client, photo_without_face)
    sent = photo.encoded(image_format)

    response = post_edit(
        staff_client, photo_without_face, file=upload(sent, f"new.{EXTENSION[image_format]}")
    )

    assert response.status_code == 302, text_of(response)
    show_in_admin(staff_client, photo_without_face)
    assert_face_hidden_everywhere(photo_without_face, photo, image_format, sent)


@pytest.mark.django_db
@pytest.mark.parametrize("image_format", FORMATS)
def test_multiple_uploader_hides_the_face(staff_client, photo, image_format, media_root):
    sent = photo.encoded(image_format)

    result = post_multiple(staff_client, sent, f"group.{EXTENSION[image_format]}").json()
    assert result["success"] is True, result
    # The uploader's form leaves the box out: the photo is treated as showing people.
    response = post_multiple_follow_up(staff_client, result)

    result = response.json()
    assert result["success"] is True, result
    image = PrivateImage.objects.get(pk=result["image_id"])
    assert not UploadedFile.objects.exists()
    show_in_admin(staff_client, image)
    assert_face_hidden_everywhere(image, photo, image_format, sent)
    assert_nobody_said_it_shows_nobody()
    assert not any(name.startswith("wagtail_uploads/") for name in media_files(media_root))


@pytest.mark.django_db
def test_multiple_uploader_second_step_checks_the_photo_once(staff_client, photo, monkeypatch):
    # Its form checks the temporary upload (so a failure is a form error) and the view stores
    # that checked copy: the detector does not run a second time on the same photo.
    result = post_multiple(staff_client, photo.encoded("PNG"), "group.png").json()
    calls = []
    detect = hiding.detect_faces
    monkeypatch.setattr(hiding, "detect_faces", lambda picture: calls.append(1) or detect(picture))

    result = post_multiple_follow_up(staff_client, result).json()

    assert result["success"] is True, result
    assert len(calls) == 1
    image = PrivateImage.objects.get(pk=result["image_id"])
    assert image.face_regions.filter(hidden=True).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("image_format", FORMATS)
def test_chooser_upload_hides_the_face(staff_client, photo, image_format):
    sent = photo.encoded(image_format)

    result = post_chooser(staff_client, sent, f"group.{EXTENSION[image_format]}").json()

    assert result["step"] == "chosen", result
    image = PrivateImage.objects.get()
    show_in_admin(staff_client, image)
    assert_face_hidden_everywhere(image, photo, image_format, sent)
    assert_nobody_said_it_shows_nobody()


@pytest.mark.django_db
@pytest.mark.parametrize("image_format", FORMATS)
def test_objects_create_hides_the_face(photo, image_format):
    sent = photo.encoded(image_format)

    image = PrivateImage.objects.create(
        title="Meeting",
        description=ALT,
        file=File(io.BytesIO(sent), f"group.{EXTENSION[image_format]}"),
    )

    image.get_rendition("max-165x165")
    image.get_rendition("width-800|format-webp")
    assert_face_hidden_everywhere(image, photo, image_format, sent)


@pytest.mark.django_db
@pytest.mark.parametrize("image_format", FORMATS)
def test_file_save_hides_the_face(photo, image_format, media_root):
    sent = photo.encoded(image_format)
    image = PrivateImage(title="Meeting", description=ALT)

    image.file.save(f"group.{EXTENSION[image_format]}", ContentFile(sent))

    image.get_rendition("max-165x165")
    assert_face_hidden_everywhere(image, photo, image_format, sent)


@pytest.mark.django_db
def test_management_command_that_stores_images_hides_the_face(
    photo, media_root, django_capture_on_commit_callbacks
):
    # An original stored by an earlier version: faces not checked, and metadata the sanitiser
    # now removes, so ``resanitise_images`` stores it again.
    exif = Image.Exif()
    exif[ExifTags.Base.Artist] = "PRIYA"
    out = io.BytesIO()
    photo.picture.save(out, "JPEG", quality=92, exif=exif)
    sent = out.getvalue()
    old_name = default_storage.save("original_images/" + "ab" * 16 + ".jpg", ContentFile(sent))
    PrivateImage.objects.bulk_create(
        [
            PrivateImage(
                title="Old",
                description=ALT,
                file=old_name,
                width=photo.picture.width,
                height=photo.picture.height,
                collection=Collection.get_first_root_node(),
            )
        ]
    )
    image = PrivateImage.objects.get()
    assert image.shows_people and image.faces_checked_at is None

    with django_capture_on_commit_callbacks(execute=True):
        call_command("resanitise_images", stdout=io.StringIO())

    image.refresh_from_db()
    assert image.file.name != old_name
    assert not (media_root / old_name).exists()
    image.get_rendition("max-165x165")
    assert_face_hidden_everywhere(image, photo, "JPEG", sent)


# --- "This image shows nobody" -----------------------------------------------------------------


@pytest.mark.django_db
def test_ticking_shows_nobody_stores_the_photo_as_it_is_and_logs_who(
    staff_client, staff_member, photo
):
    sent = photo.encoded("PNG")

    response = post_add(staff_client, sent, "poster.png", shows_nobody="on")

    assert response.status_code == 302, text_of(response)
    image = PrivateImage.objects.get()
    assert not image.shows_people
    assert image.faces_checked_at is None and not image.face_regions.exists()
    stored = faces.rgb(Path(image.file.path).read_bytes())
    faces.assert_unchanged(stored, photo.picture, photo.face, 0, "(shows nobody)")
    entry = ModelLogEntry.objects.get(object_id=str(image.pk), action=SHOWS_NOBODY_ACTION)
    assert entry.user_id == staff_member.pk


@pytest.mark.django_db
def test_multiple_uploader_follow_up_may_say_shows_nobody(staff_client, staff_member, photo):
    result = post_multiple(staff_client, photo.encoded("PNG"), "poster.png").json()
    assert 'name="uploaded-image-' in result["form"] and "shows_nobody" in result["form"]

    result = post_multiple_follow_up(staff_client, result, shows_nobody="on").json()

    assert result["success"] is True, result
    image = PrivateImage.objects.get(pk=result["image_id"])
    assert not image.shows_people
    stored = faces.rgb(Path(image.file.path).read_bytes())
    faces.assert_unchanged(stored, photo.picture, photo.face, 0, "(shows nobody)")
    entry = ModelLogEntry.objects.get(object_id=str(image.pk), action=SHOWS_NOBODY_ACTION)
    assert entry.user_id == staff_member.pk


@pytest.fixture
def photo_said_to_show_nobody(staff_member, photo) -> PrivateImage:
    image = PrivateImage.objects.create(
        title="Poster",
        description=ALT,
        shows_people=False,
        file=File(io.BytesIO(photo.encoded("PNG")), "poster.png"),
        uploaded_by_user=staff_member,
    )
    image.get_rendition("max-165x165")  # a thumbnail of the unchecked photo, with the face
    return image


@pytest.mark.django_db
def test_saying_it_shows_people_again_hides_the_faces_of_the_stored_photo(
    staff_client, staff_member, photo, photo_said_to_show_nobody, media_root,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    image = photo_said_to_show_nobody
    unchecked = {image.file.name, *(r.file.name for r in image.renditions.all())}
    sent = Path(image.file.path).read_bytes()

    with django_capture_on_commit_callbacks(execute=True):
        # The edit form, sent back with the box unticked and no new file.
        response = post_edit(staff_client, image)

    assert response.status_code == 302, text_of(response)
    image.refresh_from_db()
    # The unchecked original and its thumbnail are gone from the disk.
    assert not unchecked & media_files(media_root)
    show_in_admin(staff_client, image)
    assert_face_hidden_everywhere(image, photo, "PNG", sent)
    entry = ModelLogEntry.objects.get(object_id=str(image.pk), action=SHOWS_PEOPLE_ACTION)
    assert entry.user_id == staff_member.pk


# --- refusals: a detector that does not load, a picture it cannot read ---------------------------


def break_the_model(monkeypatch, folder: Path) -> None:
    """The model file is damaged, as on a server with a bad install: loading it fails."""
    (folder / "centerface.onnx").write_bytes(b"not an onnx model" * 100)
    detector._session.cache_clear()
    monkeypatch.setattr(detector, "resources", types.SimpleNamespace(files=lambda _: folder))


@pytest.fixture(autouse=True)
def _real_model_after_each_test():
    yield
    detector._session.cache_clear()  # a test may have broken it: the next one loads it again


@pytest.fixture
def detector_broken(monkeypatch, tmp_path) -> str:
    break_the_model(monkeypatch, tmp_path)
    return UNAVAILABLE


@pytest.fixture
def picture_unreadable_to_the_detector(monkeypatch):
    def fails(picture):
        raise RuntimeError("the model could not read this picture")

    monkeypatch.setattr(hiding, "detect_faces", fails)
    return NOT_CHECKABLE


@pytest.fixture(params=["detector_broken", "picture_unreadable_to_the_detector"])
def refusal(request) -> str:
    """The message the uploader must read."""
    return request.getfixturevalue(request.param)


def assert_nothing_stored(media_root: Path, keep: set[str] = frozenset()) -> None:
    assert media_files(media_root) == set(keep)


def assert_only_files_of(media_root: Path, image: PrivateImage) -> None:
    """Nothing new stored: the image's original and its renditions (the re-shown edit form
    makes its preview) only."""
    stem = Path(image.file.name).stem
    for name in media_files(media_root):
        assert name == image.file.name or Path(name).name.startswith(stem + "."), name


@pytest.mark.django_db
def test_detector_failure_is_the_real_one(detector_broken):
    with pytest.raises(detector.DetectorUnavailable):
        detector.load_detector()


@pytest.mark.django_db
def test_admin_add_refuses(staff_client, photo, refusal, media_root):
    response = post_add(staff_client, photo.encoded("JPEG"), "group.jpg")

    assert response.status_code == 200
    assert refusal in response.context["form"].errors["file"]
    assert refusal in text_of(response)
    assert not PrivateImage.objects.exists()
    assert_nothing_stored(media_root)


@pytest.mark.django_db
def test_replacing_the_file_refuses_and_keeps_the_old_one(
    staff_client, photo, photo_without_face, refusal, media_root
):
    name = photo_without_face.file.name

    response = post_edit(
        staff_client, photo_without_face, file=upload(photo.encoded("PNG"), "new.png")
    )

    assert response.status_code == 200
    assert refusal in text_of(response)
    photo_without_face.refresh_from_db()
    assert photo_without_face.file.name == name
    assert_only_files_of(media_root, photo_without_face)


@pytest.mark.django_db
def test_multiple_uploader_refuses_at_upload_when_the_face_check_is_not_working(
    staff_client, photo, detector_broken, media_root
):
    # The first step always lacks the alt text, so its seconds of detection would be lost: it
    # only asks whether the face check works; the second step checks the picture
    # (test_multiple_uploader_refuses_at_the_follow_up).
    refusal = detector_broken
    result = post_multiple(staff_client, photo.encoded("JPEG"), "group.jpg").json()

    assert result["success"] is False
    assert refusal in result["error_message"]
    assert not UploadedFile.objects.exists() and not PrivateImage.objects.exists()
    assert_nothing_stored(media_root)


@pytest.mark.django_db
def test_multiple_uploader_refuses_at_the_follow_up(
    staff_client, photo, media_root, monkeypatch, tmp_path
):
    result = post_multiple(staff_client, photo.encoded("JPEG"), "group.jpg").json()
    assert result["success"] is True, result
    temporary = media_files(media_root)
    # The detector stops working between the upload and the editor's "Update".
    break_the_model(monkeypatch, tmp_path)

    response = post_multiple_follow_up(staff_client, result)

    assert response.status_code == 200
    result = response.json()
    assert result["success"] is False
    assert UNAVAILABLE in html.unescape(result["form"])
    assert not PrivateImage.objects.exists()
    # Only the temporary upload is left, which the editor can delete or send again.
    assert_nothing_stored(media_root, keep=temporary)


@pytest.mark.django_db
def test_chooser_upload_refuses(staff_client, photo, refusal, media_root):
    result = post_chooser(staff_client, photo.encoded("PNG"), "group.png").json()

    assert result["step"] == "reshow_creation_form"
    assert refusal in html.unescape(result["htmlFragment"])
    assert not PrivateImage.objects.exists()
    assert_nothing_stored(media_root)


@pytest.mark.django_db
def test_objects_create_and_file_save_refuse(photo, refusal, media_root):
    with pytest.raises(ValidationError) as excinfo:
        PrivateImage.objects.create(
            title="Meeting", description=ALT, file=File(io.BytesIO(photo.encoded("PNG")), "a.png")
        )
    assert refusal in excinfo.value.messages
    image = PrivateImage(title="Meeting", description=ALT)
    with pytest.raises(ValidationError):
        image.file.save("a.jpg", ContentFile(photo.encoded("JPEG")))
    assert not PrivateImage.objects.exists()
    assert_nothing_stored(media_root)


@pytest.mark.django_db
def test_saying_it_shows_people_again_refuses_and_changes_nothing(
    staff_client, photo_said_to_show_nobody, refusal, media_root
):
    image = photo_said_to_show_nobody
    name = image.file.name

    response = post_edit(staff_client, image)

    assert response.status_code == 200
    assert refusal in text_of(response)
    image.refresh_from_db()
    assert not image.shows_people and image.file.name == name
    assert_only_files_of(media_root, image)
    assert not ModelLogEntry.objects.filter(action=SHOWS_PEOPLE_ACTION).exists()


@pytest.mark.django_db
def test_a_photo_said_to_show_nobody_is_stored_while_the_detector_is_down(
    staff_client, photo, detector_broken
):
    # A logo or a poster needs no face check, so it can still be uploaded.
    response = post_add(staff_client, photo.encoded("PNG"), "logo.png", shows_nobody="on")

    assert response.status_code == 302, text_of(response)
    assert not PrivateImage.objects.get().shows_people


# --- the forms say they are working ------------------------------------------------------------

WORKING = "Finding and hiding faces… this can take a few seconds."


def notice_scripts(page_html: str) -> list:
    soup = BeautifulSoup(page_html, "html.parser")
    return [s for s in soup.find_all("script") if "face-check-notice" in (s.get("src") or "")]


def image_file_inputs(page_html: str) -> list:
    soup = BeautifulSoup(page_html, "html.parser")
    return [i for i in soup.find_all("input", type="file") if "image/" in (i.get("accept") or "")]


@pytest.mark.django_db
def test_every_image_upload_screen_loads_the_working_notice(staff_client, photo_without_face):
    screens = {
        "add": reverse("wagtailimages:add"),
        "edit": reverse("wagtailimages:edit", args=(photo_without_face.pk,)),
        "multiple": reverse("wagtailimages:add_multiple"),
    }
    for screen, url in screens.items():
        page = staff_client.get(url).content.decode()
        scripts = notice_scripts(page)
        assert len(scripts) == 1, screen
        # An external file (the admin's CSP), given the message in the admin's language.
        assert scripts[0].get("data-working-message") == WORKING and not scripts[0].string
        # The script acts on forms with such an input: each screen has one.
        assert image_file_inputs(page), screen
    chooser = staff_client.get(reverse("wagtailimages_chooser:choose")).json()
    assert image_file_inputs(chooser["html"])
    assert scripts[0]["src"] == static("js/face-check-notice.js")
    source = Path(finders.find("js/face-check-notice.js")).read_text()
    assert 'aria-live", "polite"' in source and "data-working-message" in source
    assert ".disabled = true" in source


def test_without_javascript_the_file_field_says_it_takes_a_few_seconds():
    from privacy.images.forms import PrivateImageForm

    assert "a few seconds" in str(PrivateImageForm.base_fields["shows_nobody"].help_text)


# --- photos stored before faces were checked ---------------------------------------------------


def stored_before_faces_were_checked(name: str, data: bytes, size, **fields) -> PrivateImage:
    """A row and file as an earlier version left them: no face check, no model save now."""
    stored = default_storage.save(f"original_images/{name}", ContentFile(data))
    fields.setdefault("description", ALT)
    PrivateImage.objects.bulk_create(
        [
            PrivateImage(
                title=name,
                file=stored,
                width=size[0],
                height=size[1],
                collection=Collection.get_first_root_node(),
                **fields,
            )
        ]
    )
    return PrivateImage.objects.get(file=stored)


@pytest.mark.django_db
def test_check_faces_in_stored_images(
    photo, media_root, caplog, django_capture_on_commit_callbacks
):
    sent = photo.encoded("PNG")
    size = photo.picture.size
    old = stored_before_faces_were_checked("a" * 32 + ".png", sent, size)
    old.get_rendition("max-165x165")  # a thumbnail made from it, with the face
    unchecked = {old.file.name, *(r.file.name for r in old.renditions.all())}
    # Old photos may lack alt text: they are checked all the same.
    no_alt = stored_before_faces_were_checked("b" * 32 + ".png", sent, size, description="")
    missing = stored_before_faces_were_checked("c" * 32 + ".png", sent, size)
    Path(missing.file.path).unlink()
    poster = stored_before_faces_were_checked("d" * 32 + ".png", sent, size, shows_people=False)
    out = io.StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("check_faces_in_stored_images", stdout=out)

    assert out.getvalue().strip() == "checked 2, failed 1"
    assert not unchecked & media_files(media_root)
    for image in (old, no_alt):
        image.refresh_from_db()
        image.get_rendition("max-165x165")
        assert_face_hidden_everywhere(image, photo, "PNG", sent)
    # The failure is logged by id only.
    failures = [r.getMessage() for r in caplog.records if "stored image" in r.getMessage()]
    assert failures == [
        f"Could not check the faces of stored image {missing.pk} (SourceImageIOError)"
    ]
    missing.refresh_from_db()
    assert missing.faces_checked_at is None
    # A photo said to show nobody is left as it is.
    poster.refresh_from_db()
    assert poster.faces_checked_at is None
    faces.assert_unchanged(
        faces.rgb(Path(poster.file.path).read_bytes()), photo.picture, photo.face, 0
    )

    # Run again: nothing left to check but the missing file.
    out = io.StringIO()
    call_command("check_faces_in_stored_images", stdout=out)
    assert out.getvalue().strip() == "checked 0, failed 1"


@pytest.mark.django_db
def test_a_temporary_upload_left_for_a_day_is_deleted_at_the_next_upload(
    staff_client, photo, media_root
):
    # The uploader's temporary copy still shows faces (hidden when the form is completed): one
    # nobody completed does not stay for ever.
    first = post_multiple(staff_client, photo.encoded("JPEG"), "first.jpg").json()
    abandoned = UploadedFile.objects.get(pk=first["uploaded_file_id"])
    abandoned_path = Path(abandoned.file.path)
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(abandoned_path, (two_days_ago, two_days_ago))
    recent = post_multiple(staff_client, photo.encoded("PNG"), "recent.png").json()

    post_multiple(staff_client, photo.encoded("JPEG"), "third.jpg")

    assert not UploadedFile.objects.filter(pk=abandoned.pk).exists()
    assert not abandoned_path.exists()
    assert UploadedFile.objects.filter(pk=recent["uploaded_file_id"]).exists()
