"""Second-factor secrets at rest: a copy of the database alone gives nobody a code.

TOTP secrets are encrypted and recovery codes hashed with OTP_SECRET_KEYS, a key from the
environment (accounts/otp_secrets.py); `manage.py rotate_otp_key` moves them to a new key;
production refuses to start without one, and a wrong one is an error, never a quiet fallback.
"""

import base64
import re
import secrets
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import otp_secrets, two_factor
from accounts.otp_secrets import new_key
from tests.accounts.test_invitations import (
    APP_STEP,
    administrator,
    choose_password,
    invited,
    open_link,
)
from tests.accounts.test_two_factor import (
    VERIFY,
    add_phone,
    code_for,
    hex_key,
    is_verified,
    make_user,
    next_code,
    secret_on_page,
    sign_in_with_password,
)
from tests.samvedna.test_settings import PRODUCTION, run_manage

pytestmark = pytest.mark.django_db


def raw_rows(table: str) -> str:
    """Every row of ``table`` as the database holds it, as a dump would print it."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
        return repr(cursor.fetchall())


def dumped_secrets() -> str:
    return raw_rows("otp_totp_totpdevice") + raw_rows("otp_static_statictoken")


def base32(key_hex: str) -> str:
    return base64.b32encode(bytes.fromhex(key_hex)).decode("ascii").rstrip("=")


def sign_in_with_her_app(client, user) -> bool:
    """Password, then the six digits her app shows, through the sign-in pages."""
    sign_in_with_password(client, user.get_username())
    client.post(VERIFY, {"code": next_code(TOTPDevice.objects.get(user=user))})
    return is_verified(client)


def sign_in_with_a_recovery_code(client, user, code: str) -> bool:
    sign_in_with_password(client, user.get_username())
    client.post(VERIFY, {"code": code, "method": "recovery"})
    return is_verified(client)


def sign_out(client) -> None:
    client.post("/admin/logout/")


# --- At rest -------------------------------------------------------------------------------------


def test_a_dump_of_the_tables_holds_no_secret_and_a_leader_still_signs_in(client):
    leader = make_user()
    key_hex = add_phone(leader).key
    codes = two_factor.new_recovery_codes(leader)

    dump = dumped_secrets().lower()
    assert key_hex.lower() not in dump
    assert base32(key_hex).lower() not in dump
    assert not [code for code in codes if code.lower() in dump]

    assert sign_in_with_her_app(client, leader)
    sign_out(client)
    assert sign_in_with_a_recovery_code(client, leader, codes[0])


def test_the_stored_secret_is_useless_without_the_key():
    add_phone(make_user())
    with connection.cursor() as cursor:
        cursor.execute("SELECT key FROM otp_totp_totpdevice")
        [(stored,)] = cursor.fetchall()
    assert otp_secrets.decrypt(stored) == TOTPDevice.objects.get().key
    with pytest.raises(otp_secrets.OTPSecretError, match="cannot be decrypted"):
        otp_secrets.decrypt(stored, [base64.urlsafe_b64decode(new_key())])


def sessions_as_stored() -> str:
    """Every session's data as a dump holds it: signed, not encrypted, so readable without any
    key (base64 and zlib); get_decoded() is the shortest way to read it here."""
    from django.contrib.sessions.models import Session

    return repr([session.get_decoded() for session in Session.objects.all()]).lower()


def test_sessions_hold_no_secret_during_enrolment_nor_new_recovery_codes(client):
    administrator(client)
    _leader, path = invited(client)
    browser = open_link(path)
    choose_password(browser)
    key_hex = hex_key(secret_on_page(browser.get(APP_STEP).content.decode()))
    stored = sessions_as_stored()
    assert key_hex not in stored and base32(key_hex).lower() not in stored

    response = browser.post(APP_STEP, {"code": code_for(key_hex)})
    assert response.status_code == 302
    stored = sessions_as_stored()  # the codes wait in her session until the page shows them
    page = browser.get(response.url).content.decode()
    shown = [c.replace("-", "").lower() for c in re.findall(r"<code>([A-Z2-7-]{9})</code>", page)]
    assert len(shown) == 10
    assert not [code for code in shown if code in stored]


def test_dumpdata_holds_the_encrypted_form_and_loaddata_reads_it_back(tmp_path):
    leader = make_user()
    key_hex = add_phone(leader).key
    dump = tmp_path / "otp.json"
    call_command("dumpdata", "otp_totp", output=str(dump), stdout=StringIO())
    text = dump.read_text()
    assert key_hex not in text and base32(key_hex) not in text
    assert otp_secrets.PREFIX in text

    TOTPDevice.objects.all().delete()
    call_command("loaddata", str(dump), stdout=StringIO())
    assert TOTPDevice.objects.get(user=leader).key == key_hex


# --- Rotation ----------------------------------------------------------------------------------


def test_rotation_moves_every_secret_to_the_new_key_and_codes_keep_working(client, settings):
    leader, other = make_user(), make_user("second-leader")
    add_phone(leader), add_phone(other)
    codes = two_factor.new_recovery_codes(leader)
    old = settings.OTP_SECRET_KEYS[0]
    before = raw_rows("otp_totp_totpdevice")

    settings.OTP_SECRET_KEYS = [new_key(), old]  # the operator puts a new key first
    out = StringIO()
    call_command("rotate_otp_key", stdout=out)
    assert "2 TOTP secret(s) encrypted with the first key (2 re-encrypted)" in out.getvalue()
    assert "10 recovery code(s) of 1 person(s) were made with an older key" in out.getvalue()
    assert raw_rows("otp_totp_totpdevice") != before
    assert sign_in_with_a_recovery_code(client, leader, codes[0])  # old key still listed
    sign_out(client)

    settings.OTP_SECRET_KEYS = settings.OTP_SECRET_KEYS[:1]  # the old key dropped
    assert sign_in_with_her_app(client, leader)
    sign_out(client)
    assert sign_in_with_her_app(client, other)
    sign_out(client)
    two_factor.new_recovery_codes(leader)
    out = StringIO()
    call_command("rotate_otp_key", stdout=out)
    assert "(0 re-encrypted)" in out.getvalue()
    assert "The older keys are no longer needed" in out.getvalue()


def test_rotation_changes_nothing_when_a_secret_cannot_be_opened(settings):
    add_phone(make_user())
    before = raw_rows("otp_totp_totpdevice")
    settings.OTP_SECRET_KEYS = [new_key()]  # the old key forgotten
    with pytest.raises(Exception, match="cannot be decrypted with any key"):
        call_command("rotate_otp_key", stdout=StringIO())
    assert raw_rows("otp_totp_totpdevice") == before


def test_new_key_prints_a_key_the_settings_accept():
    out = StringIO()
    call_command("rotate_otp_key", "--new-key", stdout=out)
    assert len(otp_secrets.parse_keys([out.getvalue().strip()])) == 1


# --- A wrong or missing key --------------------------------------------------------------------


def test_a_wrong_key_stops_the_sign_in_loudly_never_as_a_wrong_code(client, settings):
    leader = make_user()
    add_phone(leader)
    code = next_code(TOTPDevice.objects.get(user=leader))
    settings.OTP_SECRET_KEYS = [new_key()]
    sign_in_with_password(client, "leader")
    with pytest.raises(otp_secrets.OTPSecretError):
        client.post(VERIFY, {"code": code})
    assert not is_verified(client)


def test_the_deployment_check_finds_secrets_no_key_opens(settings):
    add_phone(make_user())
    call_command("check", "--database", "default", stdout=StringIO())  # the right key: clean
    settings.OTP_SECRET_KEYS = [new_key()]
    with pytest.raises(SystemCheckError, match=r"accounts\.E001"):
        call_command("check", "--database", "default", stdout=StringIO())


def production(**env: str):
    return run_manage(
        "check",
        **PRODUCTION,
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="samvedna.example.org",
        **env,
    )


def test_production_refuses_to_start_without_the_key():
    result = production()
    assert result.returncode != 0
    assert "OTP_SECRET_KEYS must be set" in result.stderr


def test_production_refuses_a_malformed_key_or_the_development_key():
    result = production(OTP_SECRET_KEYS=f"{new_key()},not-a-key")
    assert result.returncode != 0
    assert "key number 2 is not 32 bytes" in result.stderr
    assert "not-a-key" not in result.stderr  # a key is never printed

    from samvedna.settings.accounts import DEV_ONLY_OTP_SECRET_KEY

    result = production(OTP_SECRET_KEYS=DEV_ONLY_OTP_SECRET_KEY)
    assert result.returncode != 0
    assert "holds the development key" in result.stderr


# --- Existing secrets ----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_existing_secrets_and_hashes_existing_codes(client):
    executor = MigrationExecutor(connection)
    executor.migrate([("accounts", "0001_initial")])
    leader = make_user()
    key_hex = secrets.token_hex(20)
    device = StaticDevice.objects.create(user=leader, name="Recovery codes", confirmed=True)
    with connection.cursor() as cursor:  # as django-otp stored them before
        cursor.execute(
            "INSERT INTO otp_totp_totpdevice (user_id, name, confirmed, key, step, t0, digits, "
            "tolerance, drift, last_t, throttling_failure_timestamp, "
            "throttling_failure_count) VALUES (%s, 'phone', %s, %s, 30, 0, 6, 1, 0, -1, NULL, 0)",
            [leader.pk, True, key_hex],
        )
        cursor.execute(
            "INSERT INTO otp_static_statictoken (device_id, token) VALUES (%s, 'abcd2345')",
            [device.pk],
        )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert key_hex not in dumped_secrets() and "abcd2345" not in dumped_secrets()
    assert TOTPDevice.objects.get(user=leader).key == key_hex
    assert sign_in_with_her_app(client, leader)
    sign_out(client)
    assert sign_in_with_a_recovery_code(client, leader, "ABCD-2345")
