"""Editors check what the face check found, on the image's edit screen
(templates/wagtailimages/images/edit.html, privacy/images/faces/views.py): every face area is
outlined on the photo and listed, and an area the detector missed is hidden for good in the
stored original through the form's view (/admin/images/<id>/faces/).

Everyone here is a group member (a staff member uploads her own photos, which Wagtail lets her
change); nobody is a superuser.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import numpy as np
import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.formats import date_format
from PIL import Image
from wagtail.images import get_image_model
from wagtail.log_actions import log

from privacy.images.faces.checking import SHOWS_NOBODY_ACTION
from privacy.images.faces.models import FaceRegion
from tests.support import people

pytestmark = pytest.mark.django_db

WIDTH, HEIGHT = 640, 480
GREY = 128
SUCCESS = "The area is hidden. The stored photo no longer holds it."


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def busy_jpeg(width: int = WIDTH, height: int = HEIGHT) -> bytes:
    """A photo with no face and no flat grey anywhere: colour gradients and a pattern, so a
    filled area cannot be mistaken for what was there."""
    y, x = np.mgrid[0:height, 0:width]
    red = (x * 255 // width).astype(np.uint8)
    green = (y * 255 // height).astype(np.uint8)
    blue = (((x // 16 + y // 16) % 2) * 200 + 30).astype(np.uint8)
    picture = Image.fromarray(np.dstack([red, green, blue]), "RGB")
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=95)
    return out.getvalue()


def uploaded_by(user, data: bytes | None = None):
    image = get_image_model().objects.create(
        title="Meeting",
        description="Women at a meeting",
        file=ContentFile(data or busy_jpeg(), name="meeting.jpg"),
        uploaded_by_user=user,
    )
    image.refresh_from_db()
    return image


def stored_pixels(image) -> np.ndarray:
    image.refresh_from_db()
    with image.open_file() as stored:
        return np.asarray(Image.open(io.BytesIO(stored.read())).convert("RGB"), dtype=int)


def edit_url(image) -> str:
    return f"/admin/images/{image.pk}/"


def faces_url(image) -> str:
    return f"/admin/images/{image.pk}/faces/"


def area(left, top, width, height, return_to="edit") -> dict[str, str]:
    return {
        "area-left": str(left),
        "area-top": str(top),
        "area-width": str(width),
        "area-height": str(height),
        "return_to": return_to,
    }


def visible_text(html: str) -> str:
    """The page's words as one line (tags dropped, spaces collapsed)."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split()).replace(" :", ":")


def outlines(html: str) -> dict[str, dict[str, str]]:
    """The outlines drawn on the photo, by number: their kind and their position (in %)."""
    found = {}
    for match in re.finditer(r"<span class=\"face-area face-area--(\w+)\"(.*?)>", html, re.S):
        kind, attributes = match.groups()
        number = re.search(r'data-face-region="(\d+)"', attributes).group(1)
        style = re.search(r'style="([^"]*)"', attributes).group(1)
        position = {
            name.strip(): value.strip().rstrip("%")
            for name, value in (part.split(":") for part in style.split(";") if part.strip())
        }
        found[number] = {"kind": kind, **position}
    return found


@pytest.fixture
def staff_image(staff_member):
    return uploaded_by(staff_member)


# --- The edit screen shows what was found ------------------------------------------------------


def test_the_edit_screen_outlines_and_lists_every_face_area(staff_client, staff_image):
    image = staff_image
    # One area of each kind, in the stored original's pixels.
    FaceRegion.objects.create(
        image=image, left=64, top=48, width=128, height=96, found_by="detector", score=0.9
    )
    FaceRegion.objects.create(
        image=image, left=320, top=240, width=32, height=48, found_by="editor"
    )
    FaceRegion.objects.create(
        image=image, left=480, top=0, width=160, height=120, found_by="detector", hidden=False
    )

    response = staff_client.get(edit_url(image))

    assert response.status_code == 200
    html = response.content.decode()
    assert outlines(html) == {
        # Numbered from the top of the photo.
        "1": {"kind": "shown", "left": "75", "top": "0", "width": "25", "height": "25"},
        "2": {"kind": "detector", "left": "10", "top": "10", "width": "20", "height": "20"},
        "3": {"kind": "editor", "left": "50", "top": "50", "width": "5", "height": "10"},
    }
    text = visible_text(html)
    assert "Area 1: Shown: a consent allows this face" in text
    assert "Area 2: Hidden (found by the face check)" in text
    assert "Area 3: Hidden (drawn by an editor)" in text
    assert "left 50 %, top 50 %, 5 % wide, 10 % high" in text
    # The outlines sit on the same preview the screen shows, a private rendition it can load.
    preview = re.search(
        r'<div class="face-areas__photo" data-face-photo>\s*<img src="([^"]+)"', html
    )
    assert preview is not None
    assert staff_client.get(preview.group(1)).status_code == 200
    # The state line counts the hidden areas only.
    checked_on = date_format(timezone.localtime(image.faces_checked_at), "DATE_FORMAT")
    assert f"Faces checked on {checked_on}: 2 hidden" in text
    # The form to hide one more area is there, labelled, outside Wagtail's own form.
    form = re.search(r'<form method="post"\s+action="([^"]+)"\s+class="face-areas__form"', html)
    assert form is not None and form.group(1) == faces_url(image)
    for label in ("Left edge", "Top edge", "Width", "Height"):
        assert re.search(rf'<label[^>]*for="id_area-\w+"[^>]*>\s*{label}', html), label
    assert "Hide this area" in html
    assert "To undo it, upload the photo again." in text
    # A link near the top leads to them (on a phone they come after the whole form).
    assert '<a href="#faces">Faces in this photo</a>' in html
    assert 'id="faces"' in html


def test_after_a_refused_save_the_outlines_are_those_of_the_stored_photo(staff_client, staff_image):
    from django.core.files.uploadedfile import SimpleUploadedFile

    FaceRegion.objects.create(
        image=staff_image, left=64, top=48, width=128, height=96, found_by="detector"
    )
    # A new, smaller file, refused because the alt text is missing: nothing is stored.
    response = staff_client.post(
        edit_url(staff_image),
        {
            "title": "Meeting",
            "description": "",
            "file": SimpleUploadedFile("small.jpg", busy_jpeg(320, 240), "image/jpeg"),
        },
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert outlines(html)["1"] == {
        "kind": "detector",
        "left": "10",
        "top": "10",
        "width": "20",
        "height": "20",
    }


def test_a_face_the_detector_found_is_outlined_where_it_was_hidden(staff_client, staff_member):
    from skimage import data as samples

    image = uploaded_by(staff_member, _jpeg(samples.astronaut()))
    regions = list(image.face_regions.all())
    assert len(regions) == 1, "the astronaut's face is found"
    region = regions[0]

    html = staff_client.get(edit_url(image)).content.decode()

    drawn = outlines(html)
    assert list(drawn) == ["1"]
    assert drawn["1"]["kind"] == "detector"
    assert float(drawn["1"]["left"]) == pytest.approx(region.left * 100 / image.width, abs=0.01)
    assert float(drawn["1"]["width"]) == pytest.approx(region.width * 100 / image.width, abs=0.01)
    assert float(drawn["1"]["top"]) == pytest.approx(region.top * 100 / image.height, abs=0.01)
    assert float(drawn["1"]["height"]) == pytest.approx(
        region.height * 100 / image.height, abs=0.01
    )
    assert ": 1 hidden" in html


def test_a_photo_marked_as_showing_nobody_says_who_marked_it(staff_client, staff_member):
    image = uploaded_by(staff_member)
    image.shows_people = False
    image.changed_by = staff_member
    image.save()
    assert image.face_regions.count() == 0

    html = staff_client.get(edit_url(image)).content.decode()

    today = date_format(timezone.localdate(), "DATE_FORMAT")
    assert f"Marked as showing nobody by staff on {today}" in visible_text(html)
    assert 'class="face-area ' not in html


def test_a_photo_not_checked_yet_says_it_is_not_shown(staff_client, staff_member):
    image = uploaded_by(staff_member)
    get_image_model().objects.filter(pk=image.pk).update(faces_checked_at=None)

    html = staff_client.get(edit_url(image)).content.decode()

    assert "Not checked yet: this photo is not shown on public pages" in html


# --- Hiding an area the detector missed --------------------------------------------------------


def test_an_area_an_editor_hides_is_filled_in_the_stored_photo(
    staff_client, staff_member, staff_image, media_root, django_capture_on_commit_callbacks
):
    image = staff_image
    before = stored_pixels(image)
    old_path = Path(image.file.path)
    old_rendition = Path(image.get_rendition("max-800x600").file.path)
    assert old_path.exists() and old_rendition.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(faces_url(image), area(25, 25, 50, 50), follow=True)

    assert response.redirect_chain[-1][0] == edit_url(image)
    assert SUCCESS in response.content.decode()
    after = stored_pixels(image)
    assert after.shape == before.shape
    # The area: 160..480 x 120..360, solid #808080 (inside a JPEG block's reach of its edges).
    inside = after[120 + 8 : 360 - 8, 160 + 8 : 480 - 8]
    assert np.abs(inside - GREY).max() <= 6
    # Nothing else changed beyond JPEG's re-encoding.
    outside = np.ones(after.shape[:2], dtype=bool)
    outside[120 - 8 : 360 + 8, 160 - 8 : 480 + 8] = False
    assert np.abs(after[outside] - before[outside]).mean() < 3
    # The old file and its renditions are gone; a new rendition is made from the hidden photo.
    assert not old_path.exists()
    assert not old_rendition.exists()
    assert not any(p.name == old_path.name for p in media_root.rglob("*"))
    rendition = image.get_rendition("max-800x600")
    with rendition.file.open("rb") as stored:
        small = np.asarray(Image.open(stored).convert("RGB"), dtype=int)
    scale = small.shape[1] / WIDTH
    core = small[int(130 * scale) : int(350 * scale), int(170 * scale) : int(470 * scale)]
    assert np.abs(core - GREY).max() <= 8
    # Recorded as drawn by her, and outlined on the edit screen it returns to.
    region = image.face_regions.get(found_by=FaceRegion.FoundBy.EDITOR)
    assert (region.left, region.top, region.width, region.height) == (160, 120, 320, 240)
    assert region.hidden and region.created_by == staff_member
    assert outlines(response.content.decode())["1"] == {
        "kind": "editor",
        "left": "25",
        "top": "25",
        "width": "50",
        "height": "50",
    }


def test_an_area_with_decimals_is_rounded_outwards(staff_client, staff_image):
    staff_client.post(faces_url(staff_image), area(10.05, 20.01, 9.9, 4.97))

    region = staff_image.face_regions.get()
    # Left 64.32 -> 64, top 96.048 -> 96; right 127.68 -> 128, bottom 119.904 -> 120.
    assert (region.left, region.top, region.width, region.height) == (64, 96, 64, 24)


def test_an_area_to_the_edge_of_the_photo_ends_there(staff_client, staff_image):
    staff_client.post(faces_url(staff_image), area(70.1, 80.2, 29.9, 19.8))

    region = staff_image.face_regions.get()
    assert region.left + region.width == WIDTH
    assert region.top + region.height == HEIGHT


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (area(80, 10, 30, 10), "The area goes past the right side of the photo"),
        (area(10, 95, 10, 10), "The area goes past the bottom of the photo"),
        (area(10, 10, 0, 0), "The area is too small to hide a face"),
        (area(10, 10, 0.2, 0.2), "The area is too small to hide a face"),
        (area("ten", 10, 10, 10), "Enter a number from 0 to 100, such as 12.5."),
        (area(10, "", 10, 10), "Enter a number from 0 to 100, such as 12.5."),
        (area(-5, 10, 10, 10), "Enter a number from 0 to 100, such as 12.5."),
        (area(10, 10, 101, 10), "Enter a number from 0 to 100, such as 12.5."),
        (area("nan", 10, 10, 10), "Enter a number from 0 to 100, such as 12.5."),
        (area(10, "inf", 10, 10), "Enter a number from 0 to 100, such as 12.5."),
    ],
)
def test_an_area_that_is_not_inside_the_photo_is_refused_and_nothing_changes(
    staff_client, staff_image, values, message, django_capture_on_commit_callbacks
):
    image = staff_image
    name, data = image.file.name, stored_pixels(image)

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(faces_url(image), values)

    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert SUCCESS not in html
    # The numbers come back in the form, to correct.
    assert f'value="{values["area-left"]}"' in html or values["area-left"] == "nan"
    image.refresh_from_db()
    assert image.file.name == name
    assert np.array_equal(stored_pixels(image), data)
    assert not image.face_regions.exists()


# --- Who may hide areas ------------------------------------------------------------------------


@pytest.mark.parametrize("group", ["staff", "leader"])
def test_someone_who_may_not_change_the_photo_cannot_hide_areas_in_it(
    client, staff_image, group, django_capture_on_commit_callbacks
):
    # Staff and leaders may change the photos they uploaded, not a colleague's.
    other = getattr(people, group)(f"other-{group}", language="en")
    client.force_login(other)
    name = staff_image.file.name

    with django_capture_on_commit_callbacks(execute=True):
        posted = client.post(faces_url(staff_image), area(25, 25, 50, 50))
    shown = client.get(faces_url(staff_image))

    assert posted.status_code in (302, 403)
    assert shown.status_code in (302, 403)
    if posted.status_code == 302:
        # Wagtail's answer to a refused admin view: the dashboard, with "no permission".
        assert posted["Location"] == "/admin/"
    staff_image.refresh_from_db()
    assert staff_image.file.name == name
    assert not staff_image.face_regions.exists()


def test_a_site_administrator_may_hide_areas_in_anyones_photo(
    administrator_client, administrator_member, staff_image
):
    # The other side of the test above: the refusal comes from the permission, not the view.
    response = administrator_client.post(faces_url(staff_image), area(25, 25, 50, 50))

    assert response.status_code == 302
    assert response["Location"] == edit_url(staff_image)
    region = staff_image.face_regions.get()
    assert region.created_by == administrator_member


def test_the_faces_screen_shows_the_same_areas_and_returns_to_itself(staff_client, staff_image):
    FaceRegion.objects.create(
        image=staff_image, left=64, top=48, width=128, height=96, found_by="detector"
    )

    page = staff_client.get(faces_url(staff_image))
    assert page.status_code == 200
    assert list(outlines(page.content.decode())) == ["1"]

    response = staff_client.post(faces_url(staff_image), area(50, 50, 10, 10, "faces"))
    assert response.status_code == 302
    assert response["Location"] == faces_url(staff_image)


def test_the_shows_nobody_log_entry_names_the_last_person(staff_client, staff_member):
    image = uploaded_by(staff_member)
    image.shows_people = False
    image.save()  # by nobody in particular (a script)
    colleague = people.staff("colleague", language="en")
    log(instance=image, action=SHOWS_NOBODY_ACTION, user=colleague)

    html = staff_client.get(edit_url(image)).content.decode()

    assert "Marked as showing nobody by colleague on" in html


def _jpeg(pixels: np.ndarray) -> bytes:
    out = io.BytesIO()
    Image.fromarray(pixels).convert("RGB").save(out, "JPEG", quality=95)
    return out.getvalue()
