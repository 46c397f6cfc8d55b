"""Two-factor authentication for the admin: no app without the invitation link, verification,
recovery codes, reset.

Every test here signs in through the real forms (client.post to the sign-in page, then the code
pages): none relies on the force_login shortcut of tests/conftest.py. The helpers at the top are
shared by the other modules of tests/accounts/ (tests/accounts/test_invitations.py: setting up the
app with the invitation link is tested there).
"""

import logging
import re
import time
from binascii import unhexlify
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from accounts import two_factor
from accounts.otp_secrets import hash_recovery_code
from accounts.views import NEW_CODES_KEY
from moderation.groups import LEADERS, STAFF
from tests.support.helpers import parse

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-password-for-tests-1"
LOGIN = "/admin/login/"
MISSING = "/admin/two-factor/not-set-up/"
VERIFY = "/admin/two-factor/"
CODES = "/admin/two-factor/recovery-codes/"


# --- Shared helpers ------------------------------------------------------------------------------


def make_user(
    username: str = "leader", group: str | None = LEADERS, language: str | None = "en", **fields
):
    """A user whose admin speaks ``language`` (English, so the tests can read the messages;
    None keeps the leaders' Gujarati default)."""
    from wagtail.users.models import UserProfile

    user = get_user_model().objects.create_user(username, password=PASSWORD, **fields)
    if group:
        user.groups.add(Group.objects.get(name=group))
    if language:
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save(update_fields=["preferred_language"])
    return user


def sign_in_with_password(client, username: str, password: str = PASSWORD, **extra):
    """The Wagtail sign-in form, as a browser posts it; returns its response."""
    data = {"username": username, "password": password}
    if "next" in extra:
        data["next"] = extra.pop("next")
    return client.post(LOGIN, data, **extra)


def add_phone(user) -> TOTPDevice:
    """A confirmed authenticator app for ``user``, as after a finished enrolment."""
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def code_for(key_hex: str, steps_ahead: int = 0) -> str:
    """What the authenticator app shows now (or ``steps_ahead`` 30-second steps later)."""
    totp = TOTP(unhexlify(key_hex), step=30, digits=6)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def next_code(device: TOTPDevice) -> str:
    """A code the device accepts now: not one already used (django-otp refuses a replay)."""
    device.refresh_from_db()
    for ahead in (0, 1):
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time = time.time() + 30 * ahead
        if totp.t() > device.last_t:
            return f"{totp.token():06d}"
    pytest.fail("no unused code in the tolerance window")


def sign_in_fully(client, user, device: TOTPDevice | None = None):
    """Password, then the code from her app: a verified admin session."""
    device = device or TOTPDevice.objects.get(user=user, confirmed=True)
    sign_in_with_password(client, user.get_username())
    response = client.post(VERIFY, {"code": next_code(device)})
    assert response.status_code == 302, response.content[:500]
    assert client.session.get(DEVICE_ID_SESSION_KEY) == device.persistent_id
    return response


def is_signed_in(client) -> bool:
    return SESSION_KEY in client.session


def is_verified(client) -> bool:
    return DEVICE_ID_SESSION_KEY in client.session


def secret_on_page(html: str) -> str:
    match = re.search(r"<code data-two-factor-secret>([A-Z2-7 ]+)</code>", html)
    assert match, "the set-up page shows no secret key"
    return match.group(1)


def hex_key(secret: str) -> str:
    from base64 import b32decode

    text = secret.replace(" ", "")
    return b32decode(text + "=" * (-len(text) % 8)).hex()


# --- No app yet: a password alone cannot set one up ----------------------------------------------


def test_a_password_alone_cannot_set_up_an_app(client):
    """Whoever knows her password (or guessed it) must not put her account on their phone."""
    user = make_user()
    response = sign_in_with_password(client, "leader")
    assert response.status_code == 302 and response.url == "/admin/"
    assert is_signed_in(client) and not is_verified(client)

    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url == f"{MISSING}?next=%2Fadmin%2F"
    page = client.get(response.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Two-step sign-in is not set up yet" in html
    assert "can only be set up with the link in the e-mail" in html
    # Nothing to scan, copy or type: no secret, no QR code, no code field.
    assert "data-two-factor-secret" not in html and "otpauth://" not in html
    assert "two-factor-qr" not in html and 'name="code"' not in html
    assert client.post(MISSING, {"code": "123456"}).status_code == 405
    # The old set-up address is gone; every admin page still sends her to this one.
    response = client.get("/admin/two-factor/set-up/")
    assert response.status_code == 302 and response.url.startswith(MISSING)
    assert client.post("/admin/two-factor/set-up/", {"code": "123456"}).status_code == 403
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not is_verified(client)
    assert client.get("/admin/pages/").url.startswith(MISSING)


def test_the_not_set_up_page_sends_someone_with_an_app_to_the_code(client):
    user = make_user()
    add_phone(user)
    sign_in_with_password(client, "leader")
    response = client.get(MISSING)
    assert response.status_code == 302 and response.url.startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=user).count() == 1


# --- Verification ------------------------------------------------------------------------------


def test_sign_in_with_an_app_goes_through_the_verify_page(client):
    user = make_user()
    device = add_phone(user)
    sign_in_with_password(client, "leader")
    response = client.get("/admin/")
    assert response.status_code == 302 and response.url == f"{VERIFY}?next=%2Fadmin%2F"
    html = client.get(response.url).content.decode()
    code_input = parse(html).find("input", name="code")[0]
    assert code_input["autocomplete"] == "one-time-code"
    assert code_input["inputmode"] == "numeric"
    assert "Lost your phone? Use a recovery code" in html

    response = client.post(VERIFY, {"code": next_code(device), "next": "/admin/"})
    assert response.status_code == 302 and response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_used_app_code_cannot_be_used_again(client):
    from django.test import Client

    user = make_user()
    device = add_phone(user)
    code = next_code(device)
    sign_in_with_password(client, "leader")
    assert client.post(VERIFY, {"code": code}).status_code == 302
    other = Client()
    sign_in_with_password(other, "leader")
    response = other.post(VERIFY, {"code": code})
    assert response.status_code == 200
    assert "That code is not right." in response.content.decode()
    assert not is_verified(other)


def test_the_second_factor_keeps_where_she_was_going(client):
    user = make_user()
    device = add_phone(user)
    response = sign_in_with_password(client, "leader", next="/admin/stories-to-review/")
    assert response.url == "/admin/stories-to-review/"
    response = client.get(response.url)
    assert response.url == f"{VERIFY}?next=%2Fadmin%2Fstories-to-review%2F"
    response = client.post(response.url, {"code": next_code(device)})
    assert response.status_code == 302 and response.url == "/admin/stories-to-review/"


def test_a_next_address_on_another_site_is_ignored(client):
    user = make_user()
    device = add_phone(user)
    sign_in_with_password(client, "leader")
    response = client.post(f"{VERIFY}?next=https://evil.example/", {"code": next_code(device)})
    assert response.status_code == 302 and response.url == "/admin/"


def test_the_sign_in_page_sends_a_password_only_session_to_the_code(client):
    user = make_user()
    add_phone(user)
    sign_in_with_password(client, "leader")
    response = client.get(f"{LOGIN}?next=/admin/pages/")
    assert response.status_code == 302
    assert response.url == f"{VERIFY}?next=%2Fadmin%2Fpages%2F"


def test_repeated_wrong_codes_are_throttled_even_the_right_one(client):
    """django-otp's back-off: after n wrong codes, no code is checked for 2^(n-1) seconds."""
    user = make_user()
    device = add_phone(user)
    sign_in_with_password(client, "leader")
    right = next_code(device)
    wrong = f"{(int(right) + 500_000) % 1_000_000:06d}"
    for attempt in range(1, 4):
        response = client.post(VERIFY, {"code": wrong})
        assert "That code is not right." in response.content.decode()
        device.refresh_from_db()
        assert device.throttling_failure_count == attempt
        if attempt < 3:  # as if she waited before typing again
            TOTPDevice.objects.filter(pk=device.pk).update(
                throttling_failure_timestamp=timezone.now() - timedelta(minutes=5)
            )
    # Three wrong codes in a row: nothing is checked for the next 4 seconds.
    response = client.post(VERIFY, {"code": right})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Too many wrong codes." in html and "not even the right one" in html
    assert re.search(r"for [1-4] seconds?", html)
    assert not is_verified(client)
    assert client.get("/admin/").status_code == 302

    # Once the wait is over, the right code works (and the back-off starts again from zero).
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(seconds=5)
    )
    response = client.post(VERIFY, {"code": right})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 0
    assert client.get("/admin/").status_code == 200


def test_a_recovery_code_works_once(client):
    from django.test import Client

    user = make_user()
    add_phone(user)
    code = two_factor.new_recovery_codes(user)[0]
    sign_in_with_password(client, "leader")
    page = client.get(f"{VERIFY}?method=recovery").content.decode()
    code_input = parse(page).find("input", name="code")[0]
    assert code_input["inputmode"] == "text"  # letters: not the number pad
    assert code_input["autocomplete"] == "one-time-code"

    response = client.post(
        VERIFY, {"code": two_factor.format_recovery_code(code), "method": "recovery"}
    )
    assert response.status_code == 302 and response.url == "/admin/"
    dashboard = client.get("/admin/").content.decode()
    assert "You used a recovery code" in dashboard and "9 codes are left" in dashboard
    assert two_factor.recovery_codes_left(user) == 9

    other = Client()
    sign_in_with_password(other, "leader")
    response = other.post(VERIFY, {"code": code, "method": "recovery"})
    assert response.status_code == 200
    assert "That recovery code is not valid. Each code works only once." in (
        response.content.decode()
    )
    assert not is_verified(other)


def test_wrong_recovery_codes_are_throttled_too(client):
    user = make_user()
    add_phone(user)
    code = two_factor.new_recovery_codes(user)[0]
    sign_in_with_password(client, "leader")
    client.post(VERIFY, {"code": "aaaaaaaa", "method": "recovery"})
    StaticDevice.objects.filter(user=user).update(
        throttling_failure_timestamp=timezone.now(), throttling_failure_count=5
    )
    response = client.post(VERIFY, {"code": code, "method": "recovery"})
    assert "Too many wrong codes." in response.content.decode()
    assert not is_verified(client)
    assert two_factor.recovery_codes_left(user) == 10  # the right code was not used up


def test_recovery_codes_can_be_replaced_from_the_account(client):
    user = make_user()
    device = add_phone(user)
    old = two_factor.new_recovery_codes(user)
    sign_in_fully(client, user, device)
    account = client.get(reverse("wagtailadmin_account")).content.decode()
    assert f'href="{CODES}"' in account

    response = client.post(CODES)
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    shown = re.findall(r"<li><code>([A-Z2-7]{4}-[A-Z2-7]{4})</code></li>", page)
    assert len(shown) == 10
    new = {code.replace("-", "").lower() for code in shown}
    assert not new & set(old)
    stored = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert stored == {hash_recovery_code(code) for code in new}  # the old ones stopped working
    client.post(reverse("wagtailadmin_logout"))

    sign_in_with_password(client, "leader")
    response = client.post(VERIFY, {"code": old[0], "method": "recovery"})
    assert response.status_code == 200 and not is_verified(client)
    StaticDevice.objects.filter(user=user).update(throttling_failure_count=0)
    response = client.post(VERIFY, {"code": shown[0], "method": "recovery"})
    assert response.status_code == 302 and is_verified(client)


def test_recovery_codes_cannot_be_replaced_before_the_second_factor(client):
    user = make_user()
    add_phone(user)
    old = set(two_factor.new_recovery_codes(user))
    sign_in_with_password(client, "leader")
    assert client.post(CODES).status_code == 403
    assert client.get(CODES).status_code == 302
    assert set(StaticToken.objects.values_list("token", flat=True)) == {
        hash_recovery_code(code) for code in old
    }


# --- Who may use these pages -----------------------------------------------------------------


def test_signed_out_visitors_go_to_the_sign_in_page(client):
    for url in (MISSING, VERIFY, CODES):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(LOGIN), url


def test_a_user_without_admin_access_gets_no_second_step(client):
    make_user("reader", group=None)
    sign_in_with_password(client, "reader")
    response = client.get(MISSING)
    assert response.status_code == 302 and response.url.startswith(LOGIN)
    assert not TOTPDevice.objects.exists()


def test_the_pages_speak_the_users_admin_language(client):
    # Leaders get Gujarati (moderation/signals.py); the <html lang> follows it.
    make_user(language=None)
    sign_in_with_password(client, "leader")
    html = client.get(MISSING).content.decode()
    assert '<html lang="gu"' in html


def test_staff_need_the_second_factor_too(client):
    user = make_user("writer", group=STAFF)
    sign_in_with_password(client, "writer")
    response = client.get("/admin/")
    assert response.status_code == 302 and response.url.startswith(MISSING)
    add_phone(user)
    assert client.get("/admin/").url.startswith(VERIFY)


# --- Password reset ----------------------------------------------------------------------------


def test_a_password_reset_does_not_skip_the_second_factor(client):
    user = make_user(email="leader@example.org")
    device = add_phone(user)
    response = client.post(reverse("wagtailadmin_password_reset"), {"email": "leader@example.org"})
    assert response.status_code == 302
    link = re.search(r"https?://[^\s]+/admin/password_reset/confirm/[^\s]+/", mail.outbox[0].body)
    assert link
    path = link.group(0).split("testserver", 1)[1]
    response = client.get(path)  # Django swaps the token for a session value and redirects
    assert response.status_code == 302
    new_password = "another-long-password-2"
    response = client.post(
        response.url, {"new_password1": new_password, "new_password2": new_password}
    )
    assert response.status_code == 302
    assert not is_signed_in(client), "a password reset must not sign anyone in"
    assert client.get("/admin/").url.startswith(LOGIN)

    sign_in_with_password(client, "leader", password=new_password)
    assert client.get("/admin/").url.startswith(VERIFY)
    assert TOTPDevice.objects.filter(pk=device.pk, confirmed=True).exists()


def test_password_reset_pages_open_for_a_password_only_session(client):
    make_user()
    sign_in_with_password(client, "leader")
    assert client.get(reverse("wagtailadmin_password_reset")).status_code == 200


# --- Lost phone: reset by an administrator ------------------------------------------------------


def test_reset_two_factor_removes_devices_ends_sessions_and_logs(client, caplog):
    user = make_user(email="leader@example.org")
    device = add_phone(user)
    two_factor.new_recovery_codes(user)
    sign_in_fully(client, user, device)
    bystander = make_user("leader-two")
    add_phone(bystander)
    assert client.get("/admin/").status_code == 200

    with caplog.at_level(logging.INFO, logger="accounts"):
        call_command("reset_two_factor", "leader", stdout=(out := StringIO()))
    assert "2 device(s) removed, 1 session(s) ended" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()
    assert TOTPDevice.objects.filter(user=bystander).exists()
    # The lost phone's session is over.
    assert client.get("/admin/").url.startswith(LOGIN)
    # Logged: in the application log by user id, and in the admin's audit log.
    records = [r for r in caplog.records if r.name == "accounts"]
    assert len(records) == 1 and f"user id {user.pk}" in records[0].getMessage()
    assert "leader" not in records[0].getMessage()
    entry = ModelLogEntry.objects.get(action="samvedna.accounts.two_factor_reset")
    assert entry.object_id == str(user.pk)
    assert entry.data == {"devices": 2, "sessions": 1}

    # She gets a one-time link by e-mail (tests/accounts/test_invitations.py follows it); her
    # password alone sets up nothing, so whoever has the phone and a saved password gets nowhere.
    assert [message.to for message in mail.outbox] == [["leader@example.org"]]
    assert "http://testserver/admin/welcome/" in mail.outbox[0].body
    assert "e-mailed to leader@example.org" in out.getvalue()
    sign_in_with_password(client, "leader")
    assert client.get("/admin/").url.startswith(MISSING)


def test_reset_two_factor_can_print_the_link_for_your_own_account(client):
    """Right after createsuperuser on the server: the link comes to the screen, not by e-mail."""
    get_user_model().objects.create_superuser("root", password=PASSWORD)
    call_command("reset_two_factor", "root", "--print-link", stdout=(out := StringIO()))
    link = re.search(r"http://testserver(/admin/welcome/[\w-]+/)", out.getvalue())
    assert link and not mail.outbox
    response = client.get(link.group(1))
    assert response.status_code == 302 and response.url == "/admin/welcome/password/"


def test_reset_two_factor_needs_an_address_or_print_link():
    user = make_user()
    add_phone(user)
    with pytest.raises(CommandError, match="has no e-mail address"):
        call_command("reset_two_factor", "leader")
    assert TOTPDevice.objects.filter(user=user).exists()  # nothing was done


def test_reset_two_factor_refuses_an_unknown_username():
    with pytest.raises(CommandError, match="No user is called"):
        call_command("reset_two_factor", "nobody")


# --- The test shortcut itself -----------------------------------------------------------------


def test_force_login_in_tests_counts_as_a_verified_session(client, staff_member):
    client.force_login(staff_member)
    assert is_verified(client)
    assert client.get("/admin/").status_code == 200


@pytest.mark.real_two_factor
def test_without_the_shortcut_force_login_is_password_only(client, staff_member):
    client.force_login(staff_member)
    assert not is_verified(client)
    assert client.get("/admin/").url.startswith(MISSING)


def test_pending_codes_are_not_kept_in_the_session_after_display(client):
    user = make_user()
    device = add_phone(user)
    sign_in_fully(client, user, device)
    client.post(CODES)
    assert NEW_CODES_KEY in client.session
    client.get(CODES)
    assert NEW_CODES_KEY not in client.session
