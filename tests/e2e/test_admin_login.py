"""An editor can log in to the admin in a real browser (CSRF and the referrer policy agree),
through both steps: her password, then the code from her authenticator app."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.test_two_factor import next_code
from tests.support import people

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TWO_FACTOR_STEP = re.compile(r".*/admin/two-factor/\?next=.*")


def test_login_form_works_in_chromium(site, new_context):
    editor = people.staff("editor")
    device = TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)
    context, _guard = new_context()
    page = context.new_page()
    page.goto(f"{site}/admin/login/")
    page.fill("input[name=username]", "editor")
    page.fill("input[name=password]", people.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(TWO_FACTOR_STEP)
    assert "Forbidden" not in page.content()
    page.fill("input[name=code]", next_code(device))
    page.click("form.two-factor__form button[type=submit]")
    page.wait_for_load_state()
    assert page.url.rstrip("/").endswith("/admin"), page.url
    assert "Forbidden" not in page.content()
