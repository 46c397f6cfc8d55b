"""Adding people by invitation: the administrator's screen, the e-mail, and the one-time link.

The administrator is a member of Site administrators (never a superuser) and acts through the
views the admin's forms post to; the invited person follows the link from the e-mail with her
own client, as her browser would.
"""

import hashlib
import re
from datetime import timedelta
from io import StringIO
from smtplib import SMTPServerDisconnected
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry
from wagtail.users.models import UserProfile

from accounts import invitations, two_factor
from accounts.models import Invitation
from accounts.otp_secrets import hash_recovery_code
from moderation.groups import ADMINISTRATORS, LEADERS, STAFF
from tests.accounts.test_two_factor import (
    LOGIN,
    MISSING,
    VERIFY,
    add_phone,
    code_for,
    hex_key,
    is_signed_in,
    is_verified,
    make_user,
    next_code,
    secret_on_page,
    sign_in_fully,
    sign_in_with_password,
)
from tests.support.helpers import parse

pytestmark = pytest.mark.django_db

INVITE = "/admin/users/new/"
USERS = "/admin/users/"
PASSWORD_STEP = "/admin/welcome/password/"
APP_STEP = "/admin/welcome/app/"
HER_PASSWORD = "mango tree by the well 7"
LINK = re.compile(r"http://testserver(/admin/welcome/([A-Za-z0-9_-]+)/)")

# The e-mail's sentences as the catalogues translate them.
SENTENCE = {
    "en": "You have been added to the website. Open this link to choose your password and set "
    "up the app on your phone:",
}


# --- Helpers -----------------------------------------------------------------------------------


def administrator(client, username: str = "site-admin"):
    """A member of Site administrators, signed in with both factors (force_login's shortcut)."""
    user = make_user(username, group=ADMINISTRATORS)
    client.force_login(user)
    return user


def invite(client, email: str = "meena@example.org", group: str = LEADERS, **fields):
    data = {"first_name": "Meena", "email": email, "group": group, "language": ""}
    data.update(fields)
    return client.post(INVITE, data)


def link_in(message) -> tuple[str, str]:
    """(path, token) of the one link in an invitation e-mail."""
    found = LINK.findall(message.body)
    assert len(found) == 1, message.body
    return found[0]


def open_link(path: str, browser: Client | None = None) -> Client:
    browser = browser or Client()
    response = browser.get(path)
    assert response.status_code == 302 and response.url == PASSWORD_STEP, response
    return browser


def choose_password(browser: Client, password: str = HER_PASSWORD):
    return browser.post(PASSWORD_STEP, {"password1": password, "password2": password})


def set_up_app(browser: Client):
    """Type the secret shown into an "app" and send the code it shows."""
    page = browser.get(APP_STEP)
    assert page.status_code == 200
    key = hex_key(secret_on_page(page.content.decode()))
    return key, browser.post(APP_STEP, {"code": code_for(key)})


def follow_link_to_the_end(path: str, browser: Client | None = None) -> Client:
    browser = open_link(path, browser)
    assert choose_password(browser).url == APP_STEP
    _key, response = set_up_app(browser)
    assert response.status_code == 302, response.content.decode()[:3000]
    return browser


def invited(client, email: str = "meena@example.org", group: str = LEADERS, **fields):
    """Invite through the admin; returns the new user and the link's path."""
    response = invite(client, email, group, **fields)
    assert response.status_code == 302, response.content.decode()[:3000]
    user = get_user_model().objects.get(email=email)
    path, _token = link_in(mail.outbox[-1])
    return user, path


# --- The administrator's screen ------------------------------------------------------------------


def test_the_invite_screen_asks_for_name_address_group_and_language_only(client):
    administrator(client)
    listing = client.get(USERS).content.decode()
    assert f'href="{INVITE}"' in listing and "Invite a person" in listing

    page = client.get(INVITE)
    assert page.status_code == 200
    html = page.content.decode()
    tags = parse(html)
    names = {tag["name"] for tag in tags.tags_with_attr("input", "name")}
    assert {"first_name", "email", "group", "language"} <= names
    assert not names & {"password1", "password2", "last_name", "username", "is_superuser"}
    assert "Display name" in html and "A pseudonym is fine" in html
    # The group is on this screen, as three required radio buttons: no second tab to miss.
    groups = tags.find("input", name="group")
    assert [radio["value"] for radio in groups] == [LEADERS, STAFF, ADMINISTRATORS]
    assert all(radio["type"] == "radio" for radio in groups)
    assert 'role="tablist"' not in html
    assert "works only once, for 72 hours" in html


def test_an_administrator_invites_a_leader(client):
    admin = administrator(client)
    response = invite(client, email="Meena@Example.org", group=LEADERS, first_name="Meena K")
    assert response.status_code == 302 and response.url == USERS
    listing = client.get(USERS).content.decode()
    assert "Invitation sent to meena@example.org." in listing

    user = get_user_model().objects.get(email="meena@example.org")
    assert user.get_username() == "meena@example.org"  # she signs in with her address
    assert user.get_full_name() == "Meena K" and user.last_name == ""
    assert list(user.groups.values_list("name", flat=True)) == [LEADERS]
    assert not user.has_usable_password(), "nobody knows a password for her account"
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert UserProfile.get_for_user(user).preferred_language == "gu"  # leaders: Gujarati

    invitation = Invitation.objects.get(user=user)
    assert invitation.sent_by == admin and invitation.used_at is None
    entry = ModelLogEntry.objects.get(action=invitations.SENT_ACTION)
    assert entry.object_id == str(user.pk) and entry.user_id == admin.pk

    # One e-mail, to her, in Gujarati: a sentence, the link, when it stops working. Nothing
    # about her name, group or the site's purpose.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["meena@example.org"]
    assert message.subject == "તમારું લૉગ ઇન ચાલુ કરો"  # "Set up your sign-in"
    lines = message.body.splitlines()
    assert len(lines) == 4 and lines[2] == ""
    assert LINK.fullmatch(lines[1])
    assert "72" in lines[3] and "એક જ વાર" in lines[3]
    assert re.search(r"[\u0A80-\u0AFF]", lines[0]) and not re.search(r"[A-Za-z]", lines[0])
    for detail in ("Meena", "Samvedna", LEADERS, "leader", "sex"):
        assert detail.lower() not in (message.subject + message.body).lower()


def test_an_administrator_invites_a_staff_member_in_english_or_hindi(client):
    administrator(client)
    staff, _path = invited(client, "writer@example.org", STAFF)
    assert list(staff.groups.values_list("name", flat=True)) == [STAFF]
    assert UserProfile.get_for_user(staff).get_preferred_language() == "en"
    message = mail.outbox[-1]
    assert message.subject == "Set up your sign-in"
    assert message.body.splitlines()[0] == SENTENCE["en"]
    assert message.body.splitlines()[3] == "The link works only once, for 72 hours."

    hindi, _path = invited(client, "didi@example.org", STAFF, language="hi")
    assert UserProfile.get_for_user(hindi).preferred_language == "hi"
    assert re.search(r"[\u0900-\u097F]", mail.outbox[-1].subject)
    # A leader may be given Hindi instead of Gujarati.
    leader, _path = invited(client, "behen@example.org", LEADERS, language="hi")
    assert UserProfile.get_for_user(leader).preferred_language == "hi"
    assert re.search(r"[\u0900-\u097F]", mail.outbox[-1].body.splitlines()[0])


def test_the_invite_form_refuses_a_missing_group_and_a_known_address(client):
    administrator(client)
    make_user("someone", email="taken@example.org")
    response = invite(client, email="TAKEN@example.org")
    assert response.status_code == 200
    assert "already has an account" in response.content.decode()
    response = client.post(
        INVITE, {"first_name": "Asha", "email": "asha@example.org", "language": ""}
    )
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not get_user_model().objects.filter(email="asha@example.org").exists()
    assert not mail.outbox


def test_nobody_is_added_when_the_e_mail_cannot_be_sent(client):
    administrator(client)
    with mock.patch("accounts.invitations.send_mail", side_effect=SMTPServerDisconnected("gone")):
        response = invite(client)
    assert response.status_code == 200
    assert "could not be sent, so nobody was added" in response.content.decode()
    assert not get_user_model().objects.filter(email="meena@example.org").exists()
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("group", [STAFF, LEADERS])
def test_staff_and_leaders_cannot_invite_or_send_links(client, group):
    member = make_user("member", group=group)
    client.force_login(member)
    target = make_user("other", group=STAFF, email="other@example.org")
    refused = "Sorry, you do not have permission to access this area."
    for attempt in (
        lambda: invite(client),
        lambda: client.get(INVITE),
        lambda: client.post(f"/admin/users/{target.pk}/sign-in-link/"),
    ):
        response = attempt()
        assert response.status_code == 302 and response.url == "/admin/"
        assert refused in client.get("/admin/").content.decode()
    assert not get_user_model().objects.filter(email="meena@example.org").exists()
    assert not Invitation.objects.exists() and not mail.outbox


# --- The link ------------------------------------------------------------------------------------


def test_the_link_sets_her_password_and_app_once_and_signs_her_in(client):
    administrator(client)
    user, path = invited(client)

    browser = open_link(path)
    page = browser.get(PASSWORD_STEP)
    html = page.content.decode()
    assert '<html lang="gu"' in html  # her language, before she has signed in
    assert "meena@example.org" in html  # the name she will sign in with
    assert path not in html  # the token does not stay on the page

    # The site's password rules, in plain words.
    response = browser.post(PASSWORD_STEP, {"password1": "short", "password2": "short"})
    assert response.status_code == 200
    assert "12" in response.content.decode()
    response = browser.post(
        PASSWORD_STEP, {"password1": HER_PASSWORD, "password2": HER_PASSWORD + "x"}
    )
    assert response.status_code == 200
    assert choose_password(browser).url == APP_STEP
    assert not get_user_model().objects.get(pk=user.pk).has_usable_password()  # not yet

    page = browser.get(APP_STEP).content.decode()
    assert '<html lang="gu"' in page
    secret = secret_on_page(page)
    key = hex_key(secret)
    assert re.search(r'<svg class="two-factor-qr" role="img" aria-label="[^"]+"', page)
    assert f"secret={secret.replace(' ', '')}" in page  # the otpauth:// link for this phone
    code_input = parse(page).find("input", name="code")[0]
    assert code_input["autocomplete"] == "one-time-code"
    assert code_input["inputmode"] == "numeric"
    wrong = f"{(int(code_for(key)) + 1) % 1_000_000:06d}"
    response = browser.post(APP_STEP, {"code": wrong})
    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(user=user).exists()

    # Gujarati digits are fine.
    gujarati = "".join("૦૧૨૩૪૫૬૭૮૯"[int(d)] for d in code_for(key))
    response = browser.post(APP_STEP, {"code": gujarati})
    assert response.status_code == 302
    assert response.url == "/admin/two-factor/recovery-codes/?next=%2Fadmin%2F"
    assert is_signed_in(browser) and is_verified(browser)
    user.refresh_from_db()
    assert user.check_password(HER_PASSWORD)
    device = TOTPDevice.objects.get(user=user)
    assert device.confirmed and device.key == key
    codes = browser.get(response.url).content.decode()
    shown = re.findall(r"<li><code>([A-Z2-7]{4}-[A-Z2-7]{4})</code></li>", codes)
    stored = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    shown_codes = {c.replace("-", "").lower() for c in shown}
    assert len(shown) == 10 and {hash_recovery_code(c) for c in shown_codes} == stored
    dashboard = browser.get("/admin/")
    assert dashboard.status_code == 200 and '<html lang="gu"' in dashboard.content.decode()
    assert Invitation.objects.get(user=user).used_at is not None
    assert ModelLogEntry.objects.filter(action=invitations.USED_ACTION, user=user).exists()

    # Used: the same link opens nothing for anyone, in her browser or another.
    for again in (browser, Client()):
        response = again.get(path)
        assert response.status_code == 410
        assert "આ લિંક પહેલાં જ વપરાઈ ગઈ છે" in response.content.decode()  # "already used"
    # And she signs in as anyone does: password, then the code from her app.
    other = Client()
    sign_in_with_password(other, "meena@example.org", password=HER_PASSWORD)
    assert other.get("/admin/").url.startswith(VERIFY)
    assert other.post(VERIFY, {"code": next_code(device)}).status_code == 302


def test_the_link_stops_working_72_hours_after_it_was_sent(client):
    administrator(client)
    user, path = invited(client)
    invitation = Invitation.objects.get(user=user)
    sent = timezone.now() - timedelta(hours=72) + timedelta(seconds=30)
    Invitation.objects.filter(pk=invitation.pk).update(sent_at=sent)
    browser = open_link(path)  # 71 h 59 min 30 s: still works

    Invitation.objects.filter(pk=invitation.pk).update(
        sent_at=timezone.now() - timedelta(hours=72, seconds=1)
    )
    response = Client().get(path)
    assert response.status_code == 410
    assert '<html lang="gu"' in response.content.decode()
    # Half-way through, too: the open page refuses to go on.
    response = choose_password(browser)
    assert response.status_code == 410
    assert not get_user_model().objects.get(pk=user.pk).has_usable_password()
    with_english(user)
    html = Client().get(path).content.decode()
    assert "This link has expired" in html and "Ask the site administrator who added you" in html


def test_sending_the_invitation_again_makes_the_old_link_useless(client):
    administrator(client)
    user, old_path = invited(client)
    with_english(user)
    listing = client.get(USERS).content.decode()
    send_again = f"/admin/users/{user.pk}/sign-in-link/"
    assert send_again in listing and "Send the invitation again" in listing

    assert "Send the link" in client.get(send_again).content.decode()
    response = client.post(send_again)
    assert response.status_code == 302 and response.url == USERS
    assert len(mail.outbox) == 2 and mail.outbox[1].to == ["meena@example.org"]
    new_path, _token = link_in(mail.outbox[1])
    assert new_path != old_path

    response = Client().get(old_path)
    assert response.status_code == 410
    assert "This link was replaced by a newer one" in response.content.decode()
    follow_link_to_the_end(new_path)
    assert TOTPDevice.objects.filter(user=user, confirmed=True).count() == 1


def test_a_second_person_with_the_link_is_refused_after_she_used_it(client):
    administrator(client)
    user, path = invited(client)
    # Someone else opened the same link before she finished, and gets to the last step.
    intruder = open_link(path)
    choose_password(intruder, "someone elses password 99")
    intruder_page = intruder.get(APP_STEP).content.decode()

    her = follow_link_to_the_end(path)
    her_key = TOTPDevice.objects.get(user=user).key
    assert secret_on_page(intruder_page) != two_factor.secret_for_typing(her_key)  # each her own

    key = hex_key(secret_on_page(intruder_page))
    response = intruder.post(APP_STEP, {"code": code_for(key)})
    assert response.status_code == 410
    assert not is_signed_in(intruder)
    user.refresh_from_db()
    assert user.check_password(HER_PASSWORD)
    assert list(TOTPDevice.objects.filter(user=user).values_list("key", flat=True)) == [her_key]
    assert is_verified(her)


def test_the_link_is_not_stored_in_the_database(client):
    administrator(client)
    user, path = invited(client)
    _path, token = link_in(mail.outbox[0])
    invitation = Invitation.objects.get(user=user)
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    open_link(path)  # the session holds the invitation's number, not the token
    dump = StringIO()
    call_command("dumpdata", stdout=dump)
    assert token not in dump.getvalue()
    # The hash itself is no link.
    assert Client().get(f"/admin/welcome/{invitation.token_hash}/").status_code == 410


@pytest.mark.parametrize(
    "path",
    [
        "/admin/welcome/not-a-real-token/",
        "/admin/welcome/" + "A" * 43 + "/",
        "/admin/welcome/%E0%AA%95%00/",
        "/admin/welcome/" + "x" * 500 + "/",
    ],
)
def test_a_malformed_link_gets_a_clear_page_in_three_languages(client, path):
    response = client.get(path)
    assert response.status_code == 410
    html = response.content.decode()
    assert "This link does not work" in html
    assert 'lang="gu"' in html and 'lang="hi"' in html  # every language: whose link is unknown
    assert "ask the site administrator who added you" in html
    assert "@" not in html.split('id="main"')[1]


def test_steps_without_a_link_get_the_same_page(client):
    for step in (PASSWORD_STEP, APP_STEP):
        response = client.get(step)
        assert response.status_code == 410
        assert "This link does not work" in response.content.decode()
    assert client.post(APP_STEP, {"code": "123456"}).status_code == 410
    assert not TOTPDevice.objects.exists()


def test_a_deactivated_persons_link_does_not_work(client):
    administrator(client)
    user, path = invited(client)
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)
    response = Client().get(path)
    assert response.status_code == 410
    assert "This link does not work" in response.content.decode()


def test_a_password_only_sign_in_cannot_enrol_even_with_a_reset_password(client):
    """An invited person has no usable password; the password reset e-mail skips her, and an
    old account with a password but no app only gets the "use your link" page."""
    administrator(client)
    user, _path = invited(client)
    assert not user.has_usable_password()
    mail.outbox.clear()
    Client().post("/admin/password_reset/", {"email": "meena@example.org"})
    assert not mail.outbox, "no password reset for an account that was never set up"

    old = make_user("old-account", group=STAFF)
    browser = Client()
    sign_in_with_password(browser, "old-account")
    response = browser.get("/admin/")
    assert response.url.startswith(MISSING)
    html = browser.get(response.url).content.decode()
    assert "data-two-factor-secret" not in html
    assert not TOTPDevice.objects.filter(user=old).exists()


# --- The list of users, lost phones, and editing ------------------------------------------------


def test_the_list_shows_each_persons_status(client):
    administrator(client)
    active = make_user("active-one", group=STAFF, email="active@example.org")
    add_phone(active)
    invited_user, _path = invited(client, "invited@example.org", STAFF)
    expired, _path = invited(client, "late@example.org", STAFF)
    Invitation.objects.filter(user=expired).update(sent_at=timezone.now() - timedelta(days=4))
    make_user("never", group=STAFF, email="never@example.org")  # e.g. made on the server
    gone = make_user("gone", group=STAFF, email="gone@example.org", is_active=False)

    html = client.get(USERS).content.decode()
    rows = {
        name: row
        for row in re.findall(r"<tr.*?</tr>", html, flags=re.S)
        for name in ("active-one", "invited@", "late@", "never", "gone")
        if name in row
    }
    for key, status in (
        ("active-one", "Active"),
        ("invited@", "Invited"),
        ("late@", "Invitation expired"),
        ("never", "Not set up"),
        ("gone", "Deactivated"),
    ):
        assert re.search(rf'<td class="status">\s*{status}\s*</td>', rows[key]), key
    assert "Lost phone: send a new set-up link" in rows["active-one"]
    assert "Send the invitation again" in rows["late@"]
    assert f"/admin/users/{gone.pk}/sign-in-link/" not in html
    # Edit screen: one screen, the status, no password, no superuser box.
    page = client.get(edit_url(invited_user)).content.decode()
    names = {tag["name"] for tag in parse(page).tags_with_attr("input", "name")}
    assert "first_name" in names and "email" in names and "groups" in names
    assert not names & {"password1", "password2", "is_superuser", "last_name"}
    assert "Invited" in page and f"/admin/users/{invited_user.pk}/sign-in-link/" in page


def test_the_list_costs_the_same_queries_for_many_people(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    administrator(client)
    client.get(USERS)
    with CaptureQueriesContext(connection) as few:
        client.get(USERS)
    for number in range(15):
        invited(client, f"person{number}@example.org", STAFF)
    with CaptureQueriesContext(connection) as many:
        assert "person14@example.org" in client.get(USERS).content.decode()
    assert len(many.captured_queries) <= len(few.captured_queries)


def test_lost_phone_a_new_link_from_the_admin(client):
    admin = administrator(client)
    leader = make_user("leader-x", group=LEADERS, email="x@example.org")
    device = add_phone(leader)
    phone = Client()
    sign_in_fully(phone, leader, device)

    url = f"/admin/users/{leader.pk}/sign-in-link/"
    assert "stop working at once" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=leader).exists()
    assert phone.get("/admin/").url.startswith(LOGIN), "the lost phone is signed out"
    reset = ModelLogEntry.objects.get(action="samvedna.accounts.two_factor_reset")
    assert reset.user_id == admin.pk and reset.object_id == str(leader.pk)
    path, _token = link_in(mail.outbox[-1])
    assert mail.outbox[-1].to == ["x@example.org"]
    follow_link_to_the_end(path)
    assert TOTPDevice.objects.filter(user=leader, confirmed=True).count() == 1


def test_the_reset_commands_link_sets_a_new_password_and_app(client):
    user = make_user(email="leader@example.org")
    add_phone(user)
    call_command("reset_two_factor", "leader", stdout=StringIO())
    path, _token = link_in(mail.outbox[0])
    assert mail.outbox[0].subject == "Set up your sign-in again"
    browser = follow_link_to_the_end(path)
    assert is_verified(browser)
    user.refresh_from_db()
    assert user.check_password(HER_PASSWORD)


def test_administrators_cannot_reach_superusers_or_make_them(client):
    administrator(client)
    boss = get_user_model().objects.create_superuser("boss", "boss@example.org", "x" * 20)
    response = client.get(edit_url(boss))
    assert response.status_code == 302 and response.url == "/admin/"
    response = client.post(f"/admin/users/{boss.pk}/sign-in-link/")
    assert response.status_code == 302 and response.url == "/admin/"
    assert not mail.outbox
    staff = make_user("writer", group=STAFF, email="writer@example.org")
    response = client.post(
        edit_url(staff),
        {
            "username": "writer",
            "email": "writer@example.org",
            "first_name": "Writer",
            "is_active": "on",
            "is_superuser": "on",
            "groups": [Group.objects.get(name=STAFF).pk],
        },
    )
    assert response.status_code == 302 and response.url == USERS, response.content.decode()[:2000]
    staff.refresh_from_db()
    assert staff.first_name == "Writer"  # the edit went through, without the superuser box
    assert not staff.is_superuser


def edit_url(user) -> str:
    return reverse("wagtailusers_users:edit", args=[user.pk])


def with_english(user) -> None:
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save(update_fields=["preferred_language"])


def test_a_new_address_becomes_her_sign_in_name(client):
    administrator(client)
    user, _path = invited(client, "old@example.org", STAFF)
    response = client.post(
        edit_url(user),
        {
            "username": "old@example.org",
            "email": "New@Example.org",
            "first_name": "Meena",
            "is_active": "on",
            "groups": [Group.objects.get(name=STAFF).pk],
        },
    )
    assert response.status_code == 302 and response.url == USERS
    user.refresh_from_db()
    assert (user.email, user.get_username()) == ("new@example.org", "new@example.org")
    # Another person's address is refused.
    make_user("someone", group=STAFF, email="taken@example.org")
    response = client.post(
        edit_url(user),
        {
            "username": "new@example.org",
            "email": "taken@example.org",
            "first_name": "Meena",
            "is_active": "on",
            "groups": [Group.objects.get(name=STAFF).pk],
        },
    )
    assert response.status_code == 200
    assert "Someone else already has an account" in response.content.decode()
