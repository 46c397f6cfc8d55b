"""Encrypt the TOTP secrets and hash the recovery codes already in the database.

With the key from the environment (OTP_SECRET_KEYS; settings/accounts.py). The historical
models read and write the raw column, so the values are converted here explicitly.
"""

from django.db import migrations

from accounts import otp_secrets

_HASHED_LENGTH = 16


def encrypt_and_hash(apps, schema_editor) -> None:
    keys = otp_secrets.keys()
    TOTPDevice = apps.get_model("otp_totp", "TOTPDevice")
    for device in TOTPDevice.objects.only("key").iterator():
        if not otp_secrets.is_encrypted(device.key):
            TOTPDevice.objects.filter(pk=device.pk).update(
                key=otp_secrets.encrypt(device.key, keys)
            )
    StaticToken = apps.get_model("otp_static", "StaticToken")
    for token in StaticToken.objects.only("token").iterator():
        if len(token.token) != _HASHED_LENGTH:
            StaticToken.objects.filter(pk=token.pk).update(
                token=otp_secrets.hash_recovery_code(token.token.lower(), keys[0])
            )


def decrypt(apps, schema_editor) -> None:
    """Back to plain keys. Hashed recovery codes cannot be turned back: they stop working, and
    each person makes new ones from her account page."""
    keys = otp_secrets.keys()
    TOTPDevice = apps.get_model("otp_totp", "TOTPDevice")
    for device in TOTPDevice.objects.only("key").iterator():
        if otp_secrets.is_encrypted(device.key):
            TOTPDevice.objects.filter(pk=device.pk).update(
                key=otp_secrets.decrypt(device.key, keys)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("otp_totp", "0003_add_timestamps"),
        ("otp_static", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(encrypt_and_hash, decrypt)]
