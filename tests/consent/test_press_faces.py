"""The face rule for the press (consent.faces, ``press=True``): what the media kit may give.

A face left shown must be linked to a consent in force that covers photos AND the press AND the
language; every face hidden, or an image said to show nobody, passes; an image never checked
for faces does not. The faces are real (the astronaut portrait of tests/consent/
test_shown_faces.py, found by the real face check) and staff link them through the admin view.
"""

from __future__ import annotations

import pytest
from wagtail.images import get_image_model
from wagtail.models import Locale

from consent.faces import face_verdicts, passing_images_q
from tests.consent.test_shown_faces import link_face, store_photo, upload_again
from tests.support.story_factories import make_consent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def staff_client(staff_client, staff_member):
    staff_client.user = staff_member
    return staff_client


def locale(code: str) -> int:
    return Locale.objects.get(language_code=code).pk


def passes(image, language: str = "en", *, press: bool) -> bool:
    query = get_image_model().objects.filter(pk=image.pk)
    found = query.filter(passing_images_q(locale(language), press=press)).exists()
    # The one-query verdict says the same.
    assert face_verdicts([image.pk], locale(language), press=press)[image.pk].passes is found
    return found


def face_shown_under(staff_client, **consent):
    image, region, original = store_photo(by=staff_client.user)
    record = make_consent(photo=True, storyteller="Member P-1", **consent)
    link_face(staff_client, region, record)
    upload_again(image, original)
    region.refresh_from_db()
    assert not region.hidden
    return image, record


def test_a_face_shown_without_press_consent_is_on_pages_but_not_for_the_press(staff_client):
    image, _record = face_shown_under(staff_client, press=False)
    assert passes(image, press=False)  # the site's pages may show it
    assert not passes(image, press=True)


def test_a_face_shown_with_press_consent_is_for_the_press_in_its_languages_only(staff_client):
    image, _record = face_shown_under(staff_client, press=True, languages=("en", "gu"))
    assert passes(image, "en", press=True)
    assert passes(image, "gu", press=True)
    assert not passes(image, "hi", press=True)


def test_a_press_consent_past_its_review_date_lets_no_face_go_to_the_press(staff_client):
    image, record = face_shown_under(staff_client, press=True)
    type(record).objects.filter(pk=record.pk).update(review_by="2020-01-01")
    assert not passes(image, press=True)


def test_every_face_hidden_or_nobody_shown_passes_and_unchecked_does_not(staff_client):
    hidden, _region, _original = store_photo(by=staff_client.user)  # its face filled
    assert passes(hidden, press=True)
    nobody = get_image_model().objects.get(pk=hidden.pk)
    type(nobody).objects.filter(pk=nobody.pk).update(shows_people=False)
    assert passes(nobody, press=True)
    type(nobody).objects.filter(pk=nobody.pk).update(shows_people=True, faces_checked_at=None)
    assert not passes(nobody, press=True)
