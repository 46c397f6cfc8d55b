"""A staff member hides an area the face check missed, on her phone: she draws a rectangle on the
photo with the pointer on the image's edit screen, nudges it with an arrow key, and presses
"Hide this area" (static/js/face-areas.js, privacy/images/faces/views.py).

She signs in through the real forms and her authenticator code; she is not a superuser.
"""

import io

import numpy as np
import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.files.base import ContentFile
from PIL import Image
from wagtail.images import get_image_model

from moderation.groups import STAFF
from privacy.images.faces.models import FaceRegion

from .test_accessibility import describe
from .test_review_on_phone import assert_fits_the_phone, member, sign_in_on_her_phone

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WIDTH, HEIGHT = 800, 600


def photo_without_faces() -> bytes:
    y, x = np.mgrid[0:HEIGHT, 0:WIDTH]
    pixels = np.dstack([(x * 255 // WIDTH), (y * 255 // HEIGHT), ((x // 20) % 2) * 180 + 40])
    out = io.BytesIO()
    Image.fromarray(pixels.astype(np.uint8), "RGB").save(out, "JPEG", quality=92)
    return out.getvalue()


def test_she_draws_an_area_on_the_photo_and_hides_it(site, new_context):
    editor = member("photo-editor", STAFF)
    image = get_image_model().objects.create(
        title="Meeting",
        description="A meeting",
        file=ContentFile(photo_without_faces(), name="meeting.jpg"),
        uploaded_by_user=editor,
    )
    old_name = image.file.name

    context, _guard = new_context()  # a 360-pixel phone
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    sign_in_on_her_phone(page, site, editor)
    page.wait_for_url(f"{site}/admin/")
    page.goto(f"{site}/admin/images/{image.pk}/")

    photo = page.locator("[data-face-photo] img")
    photo.scroll_into_view_if_needed()
    photo.evaluate("(img) => img.decode()")
    assert photo.evaluate("(img) => img.naturalWidth") > 0, "the private preview loads"
    box = photo.bounding_box()
    assert box["width"] <= 360
    # Drag from (20 %, 20 %) to (60 %, 70 %) of the photo.
    page.mouse.move(box["x"] + box["width"] * 0.2, box["y"] + box["height"] * 0.2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.4, box["y"] + box["height"] * 0.5, steps=4)
    drawn = page.locator("[data-face-new-area]")
    assert drawn.is_visible(), "the rectangle shows while it is drawn"
    page.mouse.move(box["x"] + box["width"] * 0.6, box["y"] + box["height"] * 0.7, steps=4)
    page.mouse.up()

    values = {
        name: float(page.input_value(f"#id_area-{name}"))
        for name in ("left", "top", "width", "height")
    }
    assert values == {
        "left": pytest.approx(20, abs=1),
        "top": pytest.approx(20, abs=1),
        "width": pytest.approx(40, abs=1),
        "height": pytest.approx(50, abs=1),
    }
    rectangle = drawn.bounding_box()
    assert rectangle["width"] == pytest.approx(box["width"] * values["width"] / 100, abs=2)
    # Drawn, it has the focus: an arrow key moves it one per cent to the right.
    assert drawn.evaluate("(el) => el === document.activeElement")
    page.keyboard.press("ArrowRight")
    assert float(page.input_value("#id_area-left")) == pytest.approx(values["left"] + 1, abs=0.01)
    assert_fits_the_phone(page)

    page.get_by_role("button", name="Hide this area").click()
    page.wait_for_url(f"{site}/admin/images/{image.pk}/")
    assert "The area is hidden. The stored photo no longer holds it." in page.content()
    region = FaceRegion.objects.get(image=image)
    assert region.found_by == "editor" and region.created_by == editor
    assert region.left == pytest.approx((values["left"] + 1) * WIDTH / 100, abs=2)
    assert region.width == pytest.approx(values["width"] * WIDTH / 100, abs=2)
    image.refresh_from_db()
    assert image.file.name != old_name
    # The edit screen now outlines it, on the new preview.
    assert page.locator(".face-area--editor[data-face-region='1']").is_visible()
    violations = Axe().run(page, context="#faces").response["violations"]
    assert not violations, f"axe-core violations on the face areas:\n{describe(violations)}"
    assert not problems, problems
