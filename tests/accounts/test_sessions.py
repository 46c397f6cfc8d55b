"""Admin sessions, cookies, passwords and privacy settings of the admin accounts."""

import json
import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from accounts.middleware import LAST_ACTIVITY_KEY
from accounts.otp_secrets import new_key
from tests.accounts.test_two_factor import (
    PASSWORD,
    add_phone,
    is_signed_in,
    make_user,
    sign_in_fully,
    sign_in_with_password,
)

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
TWO_HOURS = 2 * 60 * 60


def set_last_activity(client, seconds_ago: int) -> None:
    session = client.session
    session[LAST_ACTIVITY_KEY] = int(time.time()) - seconds_ago
    session.save()


# --- Two hours idle -----------------------------------------------------------------------------


def test_session_settings():
    assert settings.SESSION_COOKIE_AGE == TWO_HOURS
    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.CSRF_COOKIE_HTTPONLY is True
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"
    assert settings.CSRF_COOKIE_SAMESITE == "Lax"
    # Sliding expiry comes from the admin-only middleware, not from saving every request.
    assert settings.SESSION_SAVE_EVERY_REQUEST is False


def test_an_admin_session_ends_after_two_hours_without_activity(staff_client):
    assert staff_client.get("/admin/").status_code == 200
    set_last_activity(staff_client, TWO_HOURS + 5)
    response = staff_client.get("/admin/pages/")
    assert response.status_code == 302
    assert response.url == "/admin/login/?next=/admin/pages/"
    assert not is_signed_in(staff_client)
    page = staff_client.get(response.url).content.decode()
    assert "You were signed out after two hours without activity." in page


def test_activity_slides_the_expiry(staff_client):
    staff_client.get("/admin/")
    set_last_activity(staff_client, TWO_HOURS - 60)  # almost two hours ago…
    assert staff_client.get("/admin/pages/").status_code == 200  # …still in time
    last = staff_client.session[LAST_ACTIVITY_KEY]
    assert abs(last - time.time()) < 5
    # The session store's own expiry moved too, so a forgotten session is dropped by it.
    key = staff_client.cookies[settings.SESSION_COOKIE_NAME].value
    expires = Session.objects.get(session_key=key).expire_date
    assert abs((expires - timezone.now()) - timedelta(seconds=TWO_HOURS)) < timedelta(seconds=10)


def test_activity_is_written_at_most_once_a_minute(staff_client):
    staff_client.get("/admin/")
    first = staff_client.session[LAST_ACTIVITY_KEY]
    staff_client.get("/admin/pages/")
    assert staff_client.session[LAST_ACTIVITY_KEY] == first


def test_background_pings_do_not_keep_a_session_alive(staff_client, site_pages):
    page = site_pages[("en", "about")]
    staff_client.get("/admin/")
    set_last_activity(staff_client, 10 * 60)
    before = staff_client.session[LAST_ACTIVITY_KEY]
    ping = reverse(
        "wagtailadmin_editing_sessions:ping", args=["wagtailcore", "page", str(page.pk), 0]
    )
    staff_client.post(ping)
    assert staff_client.session[LAST_ACTIVITY_KEY] == before


def test_an_expired_session_answers_scripts_with_403(staff_client):
    staff_client.get("/admin/")
    set_last_activity(staff_client, TWO_HOURS + 5)
    response = staff_client.get(
        "/admin/api/main/pages/", headers={"X-Requested-With": "XMLHttpRequest"}
    )
    assert response.status_code == 403


def test_public_pages_stay_cookie_free_for_a_signed_in_editor(staff_client):
    staff_client.get("/admin/")
    set_last_activity(staff_client, 30 * 60)
    for url in ("/en/", "/gu/", "/en/stories/"):
        response = staff_client.get(url)
        assert not response.cookies, url
        assert "cookie" not in response.headers.get("Vary", "").lower(), url


# --- Cookies ------------------------------------------------------------------------------------


def test_sign_in_cookies_are_httponly_and_samesite(client):
    user = make_user()
    device = add_phone(user)
    client.get("/admin/login/")  # the CSRF cookie
    csrf = client.cookies[settings.CSRF_COOKIE_NAME]
    assert csrf["httponly"] is True and csrf["samesite"] == "Lax"
    sign_in_fully(client, user, device)
    session = client.cookies[settings.SESSION_COOKIE_NAME]
    assert session["httponly"] is True and session["samesite"] == "Lax"
    assert not session["max-age"]  # without "remember me": ends with the browser


def test_remember_me_keeps_the_cookie_two_hours_at_most(client):
    make_user()
    client.post("/admin/login/", {"username": "leader", "password": PASSWORD, "remember": "on"})
    assert int(client.cookies[settings.SESSION_COOKIE_NAME]["max-age"]) == TWO_HOURS


def test_production_cookies_are_secure():
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "SECRET_KEY"}}
    env.update(
        DJANGO_SETTINGS_MODULE="samvedna.settings.production",
        SECRET_KEY="x" * 60,
        OTP_SECRET_KEYS=new_key(),
        ALLOWED_HOSTS="samvedna.example.org",
    )
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE, s.SESSION_COOKIE_AGE]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [True, True, True, "Lax", 7200]


# --- Passwords ----------------------------------------------------------------------------------


WEAK = {
    "too short": "Kutch-2024",
    "common": "password1234",
    "numbers only": "918273645091",
    "like the username": "priyaleader2024",
}


def invited_priya() -> str:
    """An invited leader, signing in as priyaleader2024@example.org; returns her link's path."""
    from django.contrib.auth.models import Group

    from accounts import invitations
    from moderation.groups import LEADERS

    _user, token = invitations.invite(
        display_name="Priya",
        email="priyaleader2024@example.org",
        group=Group.objects.get(name=LEADERS),
        language="en",
        sent_by=None,
    )
    return f"/admin/welcome/{token}/"


@pytest.mark.parametrize("password", WEAK.values(), ids=WEAK.keys())
def test_her_own_password_is_checked_by_the_password_rules(client, password):
    """Passwords are only ever chosen by their owner: on the invitation link's first step."""
    client.get(invited_priya())
    response = client.post(
        "/admin/welcome/password/", {"password1": password, "password2": password}
    )
    assert response.status_code == 200
    assert response.context["form"].errors.get("password1"), response.context["form"].errors
    user = get_user_model().objects.get(username="priyaleader2024@example.org")
    assert not user.has_usable_password()


def test_a_strong_password_takes_her_to_the_app_step(client):
    client.get(invited_priya())
    password = "rann-of-kutch-salt-desert-7"
    response = client.post(
        "/admin/welcome/password/", {"password1": password, "password2": password}
    )
    assert response.status_code == 302 and response.url == "/admin/welcome/app/"


def test_the_admin_user_forms_set_no_password(client):
    """An administrator can neither choose nor see another person's password."""
    from django.contrib.auth.models import Group

    from moderation.groups import ADMINISTRATORS, STAFF

    admin = make_user("site-admin", group=ADMINISTRATORS)
    client.force_login(admin)
    password = "rann-of-kutch-salt-desert-7"
    response = client.post(
        reverse("wagtailusers_users:add"),
        {
            "first_name": "New",
            "email": "new@example.org",
            "group": STAFF,
            "password1": password,
            "password2": password,
        },
    )
    assert response.status_code == 302
    new = get_user_model().objects.get(username="new@example.org")
    assert not new.has_usable_password()
    response = client.post(
        reverse("wagtailusers_users:edit", args=[new.pk]),
        {
            "username": "new@example.org",
            "email": "new@example.org",
            "first_name": "New",
            "is_active": "on",
            "groups": [Group.objects.get(name=STAFF).pk],
            "password1": password,
            "password2": password,
        },
    )
    assert response.status_code == 302
    new.refresh_from_db()
    assert not new.has_usable_password()
    for url in (
        reverse("wagtailusers_users:add"),
        reverse("wagtailusers_users:edit", args=[new.pk]),
    ):
        assert 'type="password"' not in client.get(url).content.decode(), url


def test_the_account_page_refuses_a_weak_new_password(client):
    user = make_user()
    device = add_phone(user)
    sign_in_fully(client, user, device)
    response = client.post(
        reverse("wagtailadmin_account"),
        {
            "password-old_password": PASSWORD,
            "password-new_password1": "password1234",
            "password-new_password2": "password1234",
        },
    )
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


# --- Privacy settings of the admin --------------------------------------------------------------


def test_the_page_privacy_dialog_offers_no_shared_password(administrator_client, site_pages):
    # Restricting who may read a page is a publishing decision: site administrators make it.
    page = site_pages[("en", "about")]
    url = reverse("wagtailadmin_pages:set_privacy", args=[page.pk])
    response = administrator_client.get(url, headers={"X-Requested-With": "XMLHttpRequest"})
    assert response.status_code == 200
    html = response.json()["html"]
    assert 'value="login"' in html and 'value="groups"' in html
    assert 'value="password"' not in html
    assert 'name="password"' not in html
    # Posting one anyway is refused.
    response = administrator_client.post(
        url,
        {"restriction_type": "password", "password": "shared-secret-1"},
        headers={"X-Requested-With": "XMLHttpRequest"},
    )
    from wagtail.models import PageViewRestriction

    assert not PageViewRestriction.objects.filter(page=page).exists()
    assert settings.WAGTAIL_PRIVATE_PAGE_OPTIONS == {"SHARED_PASSWORD": False}


def test_the_dashboard_asks_no_other_site(staff_client):
    assert settings.WAGTAIL_ENABLE_UPDATE_CHECK is False
    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None
    for url in ("/admin/", reverse("wagtailadmin_account")):
        html = staff_client.get(url).content.decode()
        assert "w-upgrade" not in html, url  # no "new Wagtail version" check from the browser
        assert "gravatar" not in html.lower(), url


def test_the_account_page_opens_in_gujarati(client):
    # Django's LANG_INFO lacks Gujarati; without accounts.apps.register_gujarati the Account
    # page (and its link to the recovery codes) fails for everyone.
    user = make_user()
    device = add_phone(user)
    sign_in_fully(client, user, device)
    response = client.get(reverse("wagtailadmin_account"))
    assert response.status_code == 200
    assert "ગુજરાતી" in response.content.decode()


def test_a_leader_signing_in_with_the_wrong_password_gets_no_session(client):
    make_user()
    sign_in_with_password(client, "leader", "wrong-password")
    assert not is_signed_in(client)
