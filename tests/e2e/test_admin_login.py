"""An editor can log in to the admin in a real browser (CSRF and the referrer policy agree)."""

import pytest
from django.contrib.auth import get_user_model

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_login_form_works_in_chromium(site, new_context):
    get_user_model().objects.create_user(
        "editor", password="a-long-password-1", is_staff=True, is_superuser=True
    )
    context, _guard = new_context()
    page = context.new_page()
    page.goto(f"{site}/admin/login/")
    page.fill("input[name=username]", "editor")
    page.fill("input[name=password]", "a-long-password-1")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert page.url.rstrip("/").endswith("/admin"), page.url
    assert "Forbidden" not in page.content()
