"""A leader withdraws consent from her phone, in Gujarati, and the story leaves the public site.

She signs in through the login form and her authenticator code, opens the consent records from
the menu, presses Withdraw consent and confirms. Nobody here is a superuser.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from wagtail.models import Page

from consent.models import ConsentRecord
from moderation.groups import LEADERS
from tests.support.story_factories import make_consent, make_story, publish_translation

from .test_review_on_phone import (
    assert_fits_the_phone,
    assert_no_axe_violations,
    member,
    sign_in_on_her_phone,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WITHDRAW_GU = "સંમતિ પાછી ખેંચો"  # "Withdraw consent"
CONFIRM_GU = "હા, હમણાં જ સંમતિ પાછી ખેંચો"  # "Yes, withdraw consent now"
ERASE_GU = "કાયમ માટે ભૂંસી નાખો"  # "Erase permanently"


def story_in_three_languages(consent):
    story = make_story(consent, title="Story she takes back", publish=True)
    return [
        story,
        publish_translation(story, "gu", "પાછી લીધેલી વાર્તા"),
        publish_translation(story, "hi", "वापस ली गई कहानी"),
    ]


def test_a_leader_withdraws_consent_on_her_phone_in_gujarati(site, new_context):
    consent = make_consent(storyteller="સભ્ય ક-12")
    pages = story_in_three_languages(consent)
    urls = [Page.objects.get(pk=page.pk).url for page in pages]
    leader = member("leader-withdraws", LEADERS)  # Gujarati, as every new leader

    context, _guard = new_context()
    reader = context.new_page()
    for url in urls:
        assert reader.goto(site + url).status == 200

    page = context.new_page()
    sign_in_on_her_phone(page, site, leader)
    page.wait_for_url(f"{site}/admin/")
    page.goto(f"{site}/admin/snippets/consent/consentrecord/")
    row = page.locator("tr", has_text="સભ્ય ક-12")
    withdraw = row.get_by_role("link", name=WITHDRAW_GU)
    assert withdraw.is_visible(), "Withdraw consent must be visible in the row, not in a menu"
    assert withdraw.bounding_box()["height"] >= 44
    # Erasing is not next to it: it waits in the row's "More" menu.
    assert not row.get_by_role("link", name=ERASE_GU).is_visible()

    withdraw.click()
    page.wait_for_url(f"**/admin/consent/{consent.pk}/withdraw/**")
    assert page.locator("html").get_attribute("lang") == "gu"
    confirm = page.get_by_role("button", name=CONFIRM_GU)
    erase = page.get_by_role("link", name=f"{ERASE_GU}…")
    assert confirm.bounding_box()["height"] >= 44
    assert confirm.bounding_box()["y"] < erase.bounding_box()["y"] - 100, "erase must be set apart"
    assert_fits_the_phone(page)
    assert_no_axe_violations(Axe(), page, "the withdraw confirmation")

    confirm.click()
    page.wait_for_url("**/admin/snippets/consent/consentrecord/**")
    assert "સંમતિ પાછી ખેંચી લેવાઈ. 3 પાનાં હવે જાહેર સાઇટ પર નથી." in page.content()
    assert ConsentRecord.objects.get(pk=consent.pk).status == ConsentRecord.Status.WITHDRAWN
    for url in urls:
        assert reader.goto(site + url).status in (404, 410), url


def test_erasing_asks_her_to_say_she_understands(site, new_context):
    consent = make_consent(storyteller="સભ્ય ક-13")
    pages = story_in_three_languages(consent)
    leader = member("leader-erases", LEADERS)
    context, _guard = new_context()
    page = context.new_page()
    sign_in_on_her_phone(page, site, leader, f"/admin/consent/{consent.pk}/withdraw/")
    page.wait_for_url(f"**/admin/consent/{consent.pk}/withdraw/")
    page.get_by_role("link", name=f"{ERASE_GU}…").click()
    page.wait_for_url(f"**/admin/consent/{consent.pk}/erase/**")
    assert_fits_the_phone(page)
    assert_no_axe_violations(Axe(), page, "the erase confirmation")
    assert "આ પાછું લાવી શકાતું નથી" in page.content()  # "This cannot be undone"

    button = page.get_by_role("button", name=ERASE_GU)
    button.click()  # the box is not ticked: the browser does not send the form
    assert Page.objects.filter(pk__in=[p.pk for p in pages]).count() == 3
    page.get_by_role("checkbox").check()
    button.click()
    page.wait_for_url("**/admin/snippets/consent/consentrecord/**")
    assert not Page.objects.filter(pk__in=[p.pk for p in pages]).exists()
    assert ConsentRecord.objects.get(pk=consent.pk).status == ConsentRecord.Status.ERASED
