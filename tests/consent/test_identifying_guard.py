"""Identifying details block publication unless a leader allows them, and warn on every save."""

import pytest
from django.urls import reverse
from wagtail.models import Page, PageLogEntry

from consent.guard import ConsentGuardError
from consent.models import IdentifyingDetailOverride
from tests.support.story_factories import make_consent, make_image, make_story, story_editor_data

pytestmark = pytest.mark.django_db

PHONE = "98765 43210"


def test_a_phone_number_in_the_summary_blocks_publishing_and_names_the_field():
    story = make_story(make_consent(), summary=f"Call me on {PHONE} any time.")
    with pytest.raises(ConsentGuardError) as refused:
        story.get_latest_revision().publish()
    message = str(refused.value.messages[0])
    assert "summary" in message.lower() and "mobile phone number" in message
    assert PHONE not in message  # reasons may reach logs: they never repeat the detail
    assert not Page.objects.get(pk=story.pk).live


@pytest.mark.parametrize(
    "body",
    [
        [{"type": "paragraph", "value": "<p>My number is <b>९८७६५ ४३२१०</b>.</p>"}],
        [{"type": "pull_quote", "value": {"quote": "Write to meena.k@gmail.com"}}],
        [{"type": "paragraph", "value": "<p>The van GJ-12-AB-1234 followed us.</p>"}],
        [{"type": "paragraph", "value": "<p>મારો આધાર ૪૯૯૧ ૧૮૬૫ ૪૨૦૧ છે.</p>"}],
    ],
    ids=["devanagari-mobile", "email-in-quote", "vehicle", "gujarati-aadhaar"],
)
def test_details_anywhere_in_the_body_block_publishing(body):
    from consent.identifying import verhoeff_is_valid

    assert verhoeff_is_valid("499118654201")  # the Gujarati number below
    story = make_story(make_consent(), body=body)
    with pytest.raises(ConsentGuardError, match="looks like"):
        story.get_latest_revision().publish()


def test_image_alt_text_and_captions_are_scanned():
    image = make_image(description=f"Meena at home, phone {PHONE}")
    body = [{"type": "image", "value": {"image": image.pk, "caption": "Outside"}}]
    story = make_story(make_consent(photo=True), body=body)
    with pytest.raises(ConsentGuardError, match=r"alt text|description"):
        story.get_latest_revision().publish()


def test_dates_money_and_helplines_do_not_block():
    story = make_story(
        make_consent(),
        summary="On 1 June 2023 over 150 of us met; call 181 or 1098; we paid ₹ 5,000.",
        publish=True,
    )
    assert Page.objects.get(pk=story.pk).live


def test_saving_a_draft_warns_the_editor_and_points_at_the_field(staff_client):
    story = make_story(make_consent())
    url = reverse("wagtailadmin_pages:edit", args=[story.pk])
    data = story_editor_data(story, summary=f"Call {PHONE}.")
    response = staff_client.post(url, data, follow=True)  # "Save draft"
    assert response.status_code == 200
    text = response.content.decode()
    assert "looks like a mobile phone number" in text
    assert PHONE in text  # the editor sees exactly what to remove
    assert not Page.objects.get(pk=story.pk).live


def test_a_leader_can_allow_a_flagged_detail_with_a_recorded_reason(leader_client, leader_member):
    story = make_story(make_consent(), summary="Call the KMVS office on 98250 12345.")
    url = reverse("consent_allow_identifying_details", args=[story.pk])
    page = leader_client.get(url)
    assert "98250 12345" in page.content.decode()
    assert leader_client.post(url, {"reason": "short"}).status_code == 200  # reason too short
    response = leader_client.post(url, {"reason": "This is the public KMVS office line."})
    assert response.status_code == 302
    story.get_latest_revision().publish()
    assert Page.objects.get(pk=story.pk).live
    entry = PageLogEntry.objects.get(action="samvedna.identifying.override", page_id=story.pk)
    assert entry.user_id == leader_member.pk
    assert entry.data["reason"] == "This is the public KMVS office line."
    override = IdentifyingDetailOverride.objects.get()
    assert "98250" not in override.fingerprint and "12345" not in str(override.__dict__)


def test_an_override_does_not_cover_a_different_number():
    story = make_story(make_consent(), summary="Office: 98250 12345.")
    from consent.scanning import scan_page

    (found,) = scan_page(story)
    IdentifyingDetailOverride.objects.create(
        translation_key=story.translation_key,
        fingerprint=found.fingerprint(story),
        kind=found.finding.kind,
        reason="The public office line.",
    )
    story.summary = "Office: 98250 12345. Meena: 91234 56789."
    with pytest.raises(ConsentGuardError, match="mobile phone number"):
        story.save_revision().publish()


def test_staff_without_the_permission_cannot_allow_details(staff_client):
    story = make_story(make_consent(), summary=f"Call {PHONE}.")
    response = staff_client.post(
        reverse("consent_allow_identifying_details", args=[story.pk]),
        {"reason": "I think it is fine really."},
    )
    # Wagtail's refusal: back to the dashboard with "you do not have permission".
    assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))
    assert not IdentifyingDetailOverride.objects.exists()


def test_every_page_type_is_guarded_not_only_stories(site_pages):
    about = site_pages[("en", "about")]
    about.intro = f"Reach Meena on {PHONE}."
    with pytest.raises(ConsentGuardError, match="mobile phone number"):
        about.save_revision().publish()
    assert Page.objects.get(pk=about.pk).specific.intro != about.intro


def test_the_editor_form_refuses_a_standard_page_publish_with_the_reason(
    administrator_client, site_pages
):
    # Site administrators publish standard pages directly; the scanner still stops them.
    about = site_pages[("en", "about")]
    url = reverse("wagtailadmin_pages:edit", args=[about.pk])
    response = administrator_client.post(
        url,
        {
            "title": about.title,
            "slug": about.slug,
            "intro": f"Reach Meena on {PHONE}.",
            "body-count": "0",
            "action-publish": "action-publish",
        },
    )
    assert response.status_code == 200
    assert "looks like a mobile phone number" in response.content.decode()
    assert PHONE not in Page.objects.get(pk=about.pk).specific.intro
