"""python manage.py rotate_otp_key: re-encrypt every TOTP secret with the first key.

To change the key of the second-factor secrets (a key seen by someone who should not have,
or a routine change):

1. ``python manage.py rotate_otp_key --new-key`` prints a new key.
2. Put it FIRST in OTP_SECRET_KEYS, the old key after it (comma-separated), restart the site.
3. ``python manage.py rotate_otp_key``: every TOTP secret is re-encrypted with the new key. The
   command then says whether recovery codes still need the old key: they are hashed, so they
   cannot be re-made, and work while their key stays in the list. Drop the old key when nothing
   needs it (or when those people have made new recovery codes from their account page).
"""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import otp_secrets


class Command(BaseCommand):
    help = (
        "Re-encrypt every TOTP secret with the first key in OTP_SECRET_KEYS and say whether "
        "the older keys are still needed (--new-key: print a new key and stop)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--new-key", action="store_true", help="Print a new key for OTP_SECRET_KEYS."
        )

    def handle(self, *args: object, **options: object) -> None:
        if options["new_key"]:
            self.stdout.write(otp_secrets.new_key())
            return
        try:
            moved, total = self.reencrypt()
        except otp_secrets.OTPSecretError as exc:
            raise CommandError(f"{exc} Nothing was changed.") from exc
        self.stdout.write(
            f"{total} TOTP secret(s) encrypted with the first key ({moved} re-encrypted)."
        )
        old_codes = [
            token
            for token in StaticToken.objects.values_list("token", flat=True)
            if not otp_secrets.hashed_with_first_key(token)
        ]
        if old_codes:
            people = (
                StaticToken.objects.filter(token__in=old_codes)
                .values("device__user")
                .distinct()
                .count()
            )
            self.stdout.write(
                f"{len(old_codes)} recovery code(s) of {people} person(s) were made with an "
                "older key: keep it in OTP_SECRET_KEYS until they make new ones."
            )
        else:
            self.stdout.write("The older keys are no longer needed: remove them.")

    @transaction.atomic
    def reencrypt(self) -> tuple[int, int]:
        """All or nothing: a secret no key opens stops the command before anything changes."""
        table = connection.ops.quote_name(TOTPDevice._meta.db_table)
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id, {connection.ops.quote_name('key')} FROM {table}{lock}")  # noqa: S608
            rows = cursor.fetchall()
        moved = 0
        for pk, stored in rows:
            if otp_secrets.is_encrypted(stored) and otp_secrets.opens_with_first_key(stored):
                continue
            # The field decrypts with any key and encrypts with the first one.
            TOTPDevice.objects.filter(pk=pk).update(key=otp_secrets.decrypt(stored))
            moved += 1
        return moved, len(rows)
