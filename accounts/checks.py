"""Startup checks: the stored second-factor secrets open with the configured keys.

A missing or malformed OTP_SECRET_KEYS already stops the settings from loading. A well-formed
but wrong key (a new server given another key, the old key dropped too soon) is found here,
when `manage.py migrate` or `manage.py check --database default` runs at deployment: before
anyone's sign-in fails with it.
"""

from collections.abc import Iterable

from django.core import checks
from django.db import DatabaseError, connections

from . import otp_secrets


@checks.register(checks.Tags.database)
def otp_secrets_open(databases: Iterable[str] | None = None, **kwargs: object) -> list:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    errors: list = []
    table = TOTPDevice._meta.db_table
    for alias in databases or []:
        connection = connections[alias]
        quote = connection.ops.quote_name
        try:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT id, {quote('key')} FROM {quote(table)}")  # noqa: S608
                rows = cursor.fetchall()
        except DatabaseError:
            continue  # not migrated yet: nothing stored
        unreadable = [
            pk for pk, stored in rows if otp_secrets.is_encrypted(stored) and not _opens(stored)
        ]
        if unreadable:
            errors.append(
                checks.Error(
                    f"{len(unreadable)} TOTP secret(s) cannot be decrypted with any key in "
                    "OTP_SECRET_KEYS: those people cannot sign in.",
                    hint="Put the key that encrypted them back in OTP_SECRET_KEYS (after the "
                    "first key), then run `manage.py rotate_otp_key`.",
                    id="accounts.E001",
                )
            )
    return errors


def _opens(stored: str) -> bool:
    try:
        otp_secrets.decrypt(stored)
    except otp_secrets.OTPSecretError:
        return False
    return True
