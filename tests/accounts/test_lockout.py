"""Sign-in lockout (django-axes): by username *and* address, with a clear message, no traces.

AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]: five wrong passwords for one username
from one address lock that pair for 15 minutes. The same leader elsewhere, and other people at
the same address, are not affected (see samvedna/settings/accounts.py for why).
"""

import logging
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.test import RequestFactory, override_settings
from django.utils import timezone

from accounts.lockout import client_ip, lockout_message
from accounts.sign_in_language import COOKIE as SIGN_IN_LANGUAGE_COOKIE
from tests.accounts.test_two_factor import (
    PASSWORD,
    is_signed_in,
    make_user,
    sign_in_with_password,
)

pytestmark = pytest.mark.django_db

HOME = "198.51.100.7"  # the leader's phone
ELSEWHERE = "203.0.113.9"  # somebody else, somewhere else
LOCKED = "Too many failed attempts to sign in."
WRONG = "Your username and password didn"  # Wagtail: "…didn't match. Please try again."


@pytest.fixture
def client(client):
    # These tests read the English messages: she chose English with the sign-in page's
    # language links (the sign-in pages speak Gujarati until someone chooses).
    client.cookies[SIGN_IN_LANGUAGE_COOKIE] = "en"
    return client


def fail(client, username: str, address: str, times: int, **extra) -> list:
    return [
        sign_in_with_password(client, username, "not-the-password", REMOTE_ADDR=address, **extra)
        for _ in range(times)
    ]


def test_the_settings_lock_the_pair_of_username_and_address():
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AXES_FAILURE_LIMIT == 5
    assert timedelta(minutes=15) == settings.AXES_COOLOFF_TIME
    assert settings.AXES_RESET_ON_SUCCESS is True
    assert settings.AXES_VERBOSE is False
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"


def test_five_failures_lock_with_a_clear_message_and_the_right_password_is_refused(client):
    make_user()
    responses = fail(client, "leader", HOME, 4)
    for response in responses:
        assert response.status_code == 200
        assert WRONG in response.content.decode()

    response = fail(client, "leader", HOME, 1)[0]
    assert response.status_code == 429
    html = response.content.decode()
    # Wagtail's sign-in page with the message on top, not a bare text.
    assert LOCKED in html and "paused for 15 minutes" in html
    assert 'role="alert"' in html
    assert 'class="login-form"' in html and 'name="password"' in html
    assert 'value="leader"' in html  # her username stays in the form

    response = sign_in_with_password(client, "leader", PASSWORD, REMOTE_ADDR=HOME)
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert not is_signed_in(client)


def test_the_lockout_ends_after_the_cool_off(client):
    make_user()
    fail(client, "leader", HOME, 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    response = sign_in_with_password(client, "leader", PASSWORD, REMOTE_ADDR=HOME)
    assert response.status_code == 302
    assert is_signed_in(client)


def test_attempts_while_locked_do_not_extend_the_lockout(client):
    make_user()
    fail(client, "leader", HOME, 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=14))
    assert fail(client, "leader", HOME, 3)[-1].status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    response = sign_in_with_password(client, "leader", PASSWORD, REMOTE_ADDR=HOME)
    assert response.status_code == 302


def test_a_successful_sign_in_resets_the_count(client):
    make_user()
    fail(client, "leader", HOME, 4)
    response = sign_in_with_password(client, "leader", PASSWORD, REMOTE_ADDR=HOME)
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    client.logout()
    for response in fail(client, "leader", HOME, 4):
        assert response.status_code == 200  # four more are allowed again


def test_an_attacker_elsewhere_cannot_lock_the_leader_out(client):
    from django.test import Client

    make_user()
    fail(Client(), "leader", ELSEWHERE, 10)
    response = sign_in_with_password(client, "leader", PASSWORD, REMOTE_ADDR=HOME)
    assert response.status_code == 302
    assert is_signed_in(client)


def test_other_people_are_not_affected(client):
    from django.test import Client

    make_user()
    make_user("leader-two")
    fail(Client(), "leader", HOME, 5)
    # A different user at the same address (the KMVS office, a shared mobile connection)…
    response = sign_in_with_password(Client(), "leader-two", PASSWORD, REMOTE_ADDR=HOME)
    assert response.status_code == 302
    # …and a different user from another address.
    response = sign_in_with_password(client, "leader-two", PASSWORD, REMOTE_ADDR=ELSEWHERE)
    assert response.status_code == 302


def test_unknown_usernames_are_counted_the_same_way(client):
    responses = fail(client, "nobody", HOME, 5)
    assert responses[-1].status_code == 429  # no hint whether the account exists


def test_the_lockout_message_is_translatable():
    from django.utils import translation

    with translation.override("en"):
        english = lockout_message(None)
    assert english.startswith(LOCKED) and "15 minutes" in english
    # It goes through gettext (the lead adds the Gujarati and Hindi entries): no error, and
    # the same sentence until translated.
    with translation.override("gu"):
        assert "15" in lockout_message(None)


def test_script_requests_get_the_message_as_json(client):
    make_user()
    fail(client, "leader", HOME, 4)
    response = sign_in_with_password(
        client, "leader", "wrong", REMOTE_ADDR=HOME, headers={"X-Requested-With": "XMLHttpRequest"}
    )
    assert response.status_code == 429
    assert response.json()["error"].startswith(LOCKED)


# --- No traces of visitors ---------------------------------------------------------------------


def test_no_address_browser_or_username_reaches_the_log_or_is_stored_needlessly(client, caplog):
    make_user()
    browser = "SecretPhoneBrowser/9.9 (Android; Kutch)"
    with caplog.at_level(logging.DEBUG, logger="axes"):
        fail(client, "leader", HOME, 6, HTTP_USER_AGENT=browser)
        AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
        sign_in_with_password(client, "leader", PASSWORD, REMOTE_ADDR=HOME, HTTP_USER_AGENT=browser)
        client.post("/admin/logout/")
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert caplog.records, "axes logged nothing at all: is the capture working?"
    for secret in (HOME, browser, "SecretPhoneBrowser", "leader"):
        assert secret not in logged, f"{secret!r} in the log:\n{logged}"
    # The lockout rows keep the username and address while they matter, never the browser;
    # successful sign-ins leave no row at all.
    fail(client, "leader", HOME, 1, HTTP_USER_AGENT=browser)
    assert AccessAttempt.objects.exists()
    assert set(AccessAttempt.objects.values_list("user_agent", flat=True)) == {""}
    assert not AccessLog.objects.exists()


def test_the_project_log_configuration_keeps_axes_quiet():
    # logs.py sends axes' records through the filter that blanks addresses; axes itself is not
    # verbose and describes a client by the path only.
    from accounts.lockout import client_str

    assert logging.getLogger("axes").getEffectiveLevel() >= logging.WARNING
    text = client_str("leader", HOME, "Browser/1.0", "/admin/login/", None)
    assert text == '{path_info: "/admin/login/"}'


# --- The client's address ----------------------------------------------------------------------


def test_the_address_is_remote_addr_without_a_proxy():
    request = RequestFactory().post(
        "/admin/login/", REMOTE_ADDR=HOME, HTTP_X_FORWARDED_FOR="10.9.9.9"
    )
    assert client_ip(request) == HOME  # a header the client wrote is ignored


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_the_address_is_the_one_it_appended():
    factory = RequestFactory()
    spoofed = factory.post(
        "/admin/login/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"1.2.3.4, {HOME}"
    )
    assert client_ip(spoofed) == HOME
    direct = factory.post("/admin/login/", REMOTE_ADDR="10.0.0.2")
    assert client_ip(direct) == "10.0.0.2"
    garbage = factory.post("/admin/login/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="nope")
    assert client_ip(garbage) == "10.0.0.2"


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_behind_two_proxies_the_address_is_two_from_the_right():
    request = RequestFactory().post(
        "/admin/login/",
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR=f"1.2.3.4, {HOME}, 10.0.0.1",
    )
    assert client_ip(request) == HOME


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_the_pair_still_separates_people(client):
    from django.test import Client

    make_user()
    proxy = "10.0.0.2"
    fail(Client(), "leader", proxy, 5, HTTP_X_FORWARDED_FOR=ELSEWHERE)
    response = sign_in_with_password(
        client, "leader", PASSWORD, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=HOME
    )
    assert response.status_code == 302
