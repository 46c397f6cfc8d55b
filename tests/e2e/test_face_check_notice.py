"""The image upload form says it is working while faces are found and hidden (issue 15).

A staff member signs in through the real forms, chooses a photo on the "Add an image" screen
and sends it: the form shows "Finding and hiding faces…" in a polite live region and its send
button is disabled, so the photo is not sent twice (the first sending is cancelled here to look
at the form as it is while the server works). Then the photo is sent and stored, face hidden.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from moderation.groups import STAFF
from privacy.images.models import PrivateImage
from tests.support import face_photos as faces

from .test_review_on_phone import member, sign_in_on_her_phone

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WORKING = "Finding and hiding faces… this can take a few seconds."


def test_the_add_image_form_says_it_is_finding_faces(site, new_context):
    staff = member("photo-staff", STAFF)
    photo = faces.planted_photo(900, 600, face_at=(20, 0), scale=0.6)
    context, _guard = new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    sign_in_on_her_phone(page, site, staff)
    page.wait_for_url(f"{site}/admin/")
    page.goto(site + reverse("wagtailimages:add"))
    # The form is kept on the page after the click (as while the server is still working): a
    # listener after every other one cancels the first sending.
    page.evaluate(
        "() => { window.holdOnce = (event) => { event.preventDefault();"
        " document.removeEventListener('submit', window.holdOnce); };"
        " document.addEventListener('submit', window.holdOnce); }"
    )
    page.set_input_files(
        'input[type="file"][name="file"]',
        files=[{"name": "group.jpg", "mimeType": "image/jpeg", "buffer": photo.encoded("JPEG")}],
    )
    page.fill('textarea[name="description"], input[name="description"]', "Women at a meeting")
    page.locator('form button[type="submit"]').last.click()

    status = page.locator(".face-check-status")
    expect(status).to_have_text(WORKING)
    expect(status).to_be_visible()
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_have_attribute("role", "status")
    expect(page.locator('form button[type="submit"]').last).to_be_disabled()

    # Now sent for real: the photo is stored with its face hidden.
    page.evaluate("() => document.querySelector('.face-check-status').closest('form').submit()")
    page.wait_for_url(f"{site}/admin/images/", wait_until="domcontentloaded")
    image = PrivateImage.objects.get(uploaded_by_user=staff)  # one: sent once
    assert image.faces_checked_at is not None and image.face_regions.exists()
