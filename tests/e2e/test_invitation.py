"""Adding a leader by invitation, in a real browser.

A member of Site administrators signs in through the login form and her code and invites a
leader on the one-screen form. The leader opens the link from the e-mail on her phone (360 by
740): chooses her password, types the secret into her "app" (the code is computed here from the
secret the page shows), sees her recovery codes and lands on the dashboard in Gujarati. No page
scrolls sideways, axe-core finds nothing, and no request leaves the live server. The used link
then gets the clear "already used" page.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django.core import mail
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.otp_secrets import hash_recovery_code
from moderation.groups import ADMINISTRATORS, LEADERS

from .admin_walk import content_strings, english_words, read_screen
from .conftest import DESKTOP, PHONE
from .test_accessibility import describe
from .test_review_on_phone import member, sign_in_on_her_phone
from .test_two_factor import code_from_secret

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

HER_PASSWORD = "mango tree by the well 7"
LINK = re.compile(r"http://testserver(/admin/welcome/[A-Za-z0-9_-]+/)")


def assert_fits_the_phone(page, where: str) -> None:
    widths = page.evaluate(
        "({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
    )
    assert widths["scroll"] <= widths["inner"], f"{where} scrolls sideways: {widths}"


def assert_in_her_language(page, where: str) -> None:
    """No English interface word on the screen (as the leaders' admin walk reads screens)."""
    english = english_words(read_screen(page), content_strings())
    assert not english, f"English words on {where}: {english}"


def assert_no_axe_violations(axe: Axe, page, where: str) -> None:
    violations = axe.run(page).response["violations"]
    assert not violations, f"axe-core violations on {where}:\n{describe(violations)}"


def invite_on_the_admin(site: str, new_context, email: str) -> str:
    """A Site administrator fills in the invite form; returns the path of the link sent."""
    admin = member("site-admin", ADMINISTRATORS)
    context, _guard = new_context(viewport=DESKTOP)
    page = context.new_page()
    sign_in_on_her_phone(page, site, admin, next_path="/admin/users/")
    page.wait_for_url(f"{site}/admin/users/")
    page.get_by_role("link", name="Invite a person").first.click()
    page.wait_for_url(f"{site}/admin/users/new/")
    page.fill("input[name=first_name]", "Meena")
    page.fill("input[name=email]", email)
    page.check(f"input[name=group][value='{LEADERS}']")  # on this screen, no tab to find
    page.click("form#w-editor-form button[type=submit]")
    page.wait_for_url(f"{site}/admin/users/")
    assert f"Invitation sent to {email}." in page.content()
    context.close()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [email]
    found = LINK.search(mail.outbox[0].body)
    assert found, mail.outbox[0].body
    return found.group(1)


def test_an_invited_leader_sets_up_her_sign_in_on_her_phone(site, new_context):
    path = invite_on_the_admin(site, new_context, "meena@example.org")
    leader = get_user_model().objects.get(email="meena@example.org")
    axe = Axe()

    context, guard = new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(site + path)
    page.wait_for_url(f"{site}/admin/welcome/password/")
    assert page.locator("html").get_attribute("lang") == "gu"
    assert "meena@example.org" in page.locator("main").inner_text()
    assert_fits_the_phone(page, "the password step")
    assert_in_her_language(page, "the password step")
    assert_no_axe_violations(axe, page, "the password step")
    page.fill("input[name=password1]", HER_PASSWORD)
    page.fill("input[name=password2]", HER_PASSWORD)
    page.click("form.two-factor__form button[type=submit]")

    page.wait_for_url(f"{site}/admin/welcome/app/")
    qr = page.locator("svg.two-factor-qr")
    assert qr.is_visible() and 150 <= qr.bounding_box()["width"] <= PHONE["width"]
    assert_fits_the_phone(page, "the app step")
    assert_in_her_language(page, "the app step")
    assert_no_axe_violations(axe, page, "the app step")
    # She types the key into her app by hand, then the six digits the app shows.
    secret = page.locator("[data-two-factor-secret]").inner_text()
    page.fill("input[name=code]", code_from_secret(secret))
    page.click("form.two-factor__form button[type=submit]")

    page.wait_for_url(re.compile(r".*/admin/two-factor/recovery-codes/\?next=.*"))
    codes = page.locator("ol.recovery-codes code").all_inner_texts()
    stored = set(StaticToken.objects.filter(device__user=leader).values_list("token", flat=True))
    shown = {hash_recovery_code(code.replace("-", "").lower()) for code in codes}
    assert len(codes) == 10 and shown == stored
    assert_fits_the_phone(page, "the recovery codes")
    assert_in_her_language(page, "the recovery codes")
    assert_no_axe_violations(axe, page, "the recovery codes")
    page.locator("main a.button[href='/admin/']").click()

    page.wait_for_url(f"{site}/admin/")
    assert page.locator("html").get_attribute("lang") == "gu"  # her dashboard, in Gujarati
    assert_fits_the_phone(page, "the dashboard")
    assert_in_her_language(page, "the dashboard")
    leader.refresh_from_db()
    assert leader.check_password(HER_PASSWORD)
    assert TOTPDevice.objects.get(user=leader).confirmed

    # The link is spent: opened again, it says so, in her language, and sets nothing up.
    again = new_context(viewport=PHONE)[0].new_page()
    response = again.goto(site + path)
    assert response.status == 410
    assert "આ લિંક પહેલાં જ વપરાઈ ગઈ છે" in again.locator("h1").inner_text()  # "already used"
    assert_fits_the_phone(again, "the used link's page")
    assert_in_her_language(again, "the used link's page")
    assert_no_axe_violations(axe, again, "the used link's page")
    assert not guard.foreign
