"""Two-step sign-in in a real browser, on a phone-sized screen.

A password alone (no app yet) leads to a page saying only the invitation link sets up an app
(the link itself: tests/e2e/test_invitation.py). Later sign-ins: password → verify page →
dashboard. axe-core finds no violations on these pages at 360 by 740 pixels.
"""

import re
import time
from base64 import b32decode

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from moderation.groups import LEADERS, STAFF
from tests.accounts.test_two_factor import next_code

from .conftest import PHONE
from .test_accessibility import describe

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "a-long-password-for-tests-1"
NOT_SET_UP = re.compile(r".*/admin/two-factor/not-set-up/\?next=.*")
VERIFY = re.compile(r".*/admin/two-factor/\?next=.*")
CODES = re.compile(r".*/admin/two-factor/recovery-codes/\?next=.*")


def member(username: str, group: str):
    user = get_user_model().objects.create_user(username, password=PASSWORD)
    user.groups.add(Group.objects.get(name=group))
    return user


def sign_in_with_password(page, site: str, username: str) -> None:
    page.goto(f"{site}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


def code_from_secret(secret: str) -> str:
    """What her authenticator app shows for the key she typed from the page."""
    text = "".join(secret.split())
    totp = TOTP(b32decode(text + "=" * (-len(text) % 8)), step=30, digits=6)
    totp.time = time.time()
    return f"{totp.token():06d}"


def assert_no_axe_violations(page, where: str) -> None:
    violations = Axe().run(page).response["violations"]
    assert not violations, f"axe-core violations on {where}:\n{describe(violations)}"


def assert_fits_the_phone(page) -> None:
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"horizontal scroll of {overflow}px at 360px"


def test_a_password_alone_leads_to_the_invitation_notice_on_a_phone(site, new_context):
    """No app yet: the page says only the invitation link sets one up, and offers nothing to
    scan (tests/e2e/test_invitation.py walks the link itself)."""
    member("leader-one", LEADERS)
    context, guard = new_context(viewport=PHONE)
    page = context.new_page()
    sign_in_with_password(page, site, "leader-one")
    page.wait_for_url(NOT_SET_UP)
    assert page.locator("html").get_attribute("lang") == "gu"  # a leader's language
    assert page.locator("svg.two-factor-qr").count() == 0
    assert page.locator("[data-two-factor-secret], input[name=code]").count() == 0
    assert page.get_by_role("button", name="લૉગ આઉટ કરો").is_visible()  # "Sign out"
    assert_fits_the_phone(page)
    assert_no_axe_violations(page, "the not-set-up page")
    page.goto(f"{site}/admin/pages/")
    page.wait_for_url(NOT_SET_UP)
    assert not TOTPDevice.objects.exists()
    assert not guard.foreign


def test_later_sign_ins_ask_for_the_code_on_a_phone(site, new_context):
    writer = member("writer", STAFF)
    device = TOTPDevice.objects.create(user=writer, name="phone", confirmed=True)
    context, _guard = new_context(viewport=PHONE)
    page = context.new_page()
    sign_in_with_password(page, site, "writer")
    page.wait_for_url(VERIFY)
    code_field = page.locator("input[name=code]")
    assert code_field.get_attribute("autocomplete") == "one-time-code"
    assert code_field.get_attribute("inputmode") == "numeric"
    assert_fits_the_phone(page)
    assert_no_axe_violations(page, "the verify page")

    # A wrong code first: the message is shown, and axe is still satisfied.
    right = next_code(device)
    code_field.fill(f"{(int(right) + 1) % 1_000_000:06d}")
    page.click("form.two-factor__form button[type=submit]")
    page.wait_for_load_state()
    assert "That code is not right." in page.content()
    assert_no_axe_violations(page, "the verify page with an error")

    page.get_by_role("link", name="Lost your phone? Use a recovery code").click()
    page.wait_for_url(re.compile(r".*method=recovery.*"))
    assert page.locator("input[name=code]").get_attribute("inputmode") == "text"
    assert_no_axe_violations(page, "the recovery code page")


def test_a_locked_out_sign_in_shows_the_message_on_the_sign_in_page(site, new_context):
    member("writer", STAFF)
    context, _guard = new_context(viewport=PHONE)
    page = context.new_page()
    for _ in range(5):
        page.goto(f"{site}/admin/login/?lang=en")  # he reads English (Gujarati by default)
        page.fill("input[name=username]", "writer")
        page.fill("input[name=password]", "not-the-password")
        page.click("button[type=submit]")
        page.wait_for_load_state()
    alert = page.get_by_role("alert")
    assert "Too many failed attempts to sign in." in alert.inner_text()
    assert page.locator("input[name=password]").is_visible()
    assert_fits_the_phone(page)
    assert_no_axe_violations(page, "the sign-in page with the lockout message")
