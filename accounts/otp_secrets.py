"""Second-factor secrets at rest: TOTP keys encrypted, recovery codes hashed.

The keys come from the environment (OTP_SECRET_KEYS, samvedna/settings/accounts.py), never
from the database, so a copy of the database alone gives nobody a code.

- A TOTP key (django-otp's ``TOTPDevice.key``, hex) is stored as ``v1$`` + base64 of
  nonce | AES-256-GCM ciphertext | tag, made with the first key; every key in the list is tried
  when reading. AES-GCM and not Fernet because the result must fit django-otp's column
  (``varchar(80)``): a Fernet token of a 20-byte key is 140 characters, and widening another
  app's column would be undone by its next migration. The keys have Fernet's format (32 bytes,
  URL-safe base64), so ``Fernet.generate_key()`` makes one.
- A recovery code (django-otp's ``StaticToken.token``, 16 characters) is stored as a two-letter
  tag of the key + 14 characters of HMAC-SHA256(key, code). Codes have only 40 bits, so an
  unkeyed hash could be reversed by trying them all; keyed, a dump alone is useless. A hash
  cannot be re-made with a new key: codes made under an older key work while that key stays in
  the list (``rotate_otp_key`` counts them).

The field swap in ``install()`` makes django-otp read and write the key through this module
everywhere (its own views, ``TOTPDevice.objects.create``, ``values_list``, ``update``).
"""

import base64
import binascii
import hashlib
import hmac
import json
import os
from collections.abc import Iterable

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

PREFIX = "v1$"
_NONCE_BYTES = 12
_COLUMN_LENGTH = 80  # django-otp's TOTPDevice.key max_length
_TAG_LENGTH = 2
_AAD = b"samvedna otp_totp.TOTPDevice.key"  # a ciphertext moved to another column fails


class OTPSecretError(ImproperlyConfigured):
    """A stored secret cannot be read with the configured keys: a configuration error, which
    must stop the request (never be taken for a wrong code or for a plain key)."""


def parse_keys(values: Iterable[str]) -> list[bytes]:
    """The keys as bytes; a clear error for a missing or malformed one (shown at startup)."""
    keys = []
    for position, text in enumerate(values, start=1):
        try:
            key = base64.urlsafe_b64decode(text.strip().encode("ascii"))
        except (binascii.Error, UnicodeEncodeError, ValueError):
            key = b""
        if len(key) != 32:  # AES-256
            raise ImproperlyConfigured(
                f"OTP_SECRET_KEYS: key number {position} is not 32 bytes of URL-safe base64 "
                '(make one with: python -c "from cryptography.fernet import Fernet; '
                'print(Fernet.generate_key().decode())").'
            )
        keys.append(key)
    if not keys:
        raise ImproperlyConfigured("The environment variable OTP_SECRET_KEYS must be set.")
    return keys


def keys() -> list[bytes]:
    """The configured keys, first one used for new secrets."""
    return parse_keys(getattr(settings, "OTP_SECRET_KEYS", None) or [])


def new_key() -> str:
    """A fresh key in the format OTP_SECRET_KEYS expects."""
    return base64.urlsafe_b64encode(os.urandom(32)).decode("ascii")


# --- TOTP keys ---------------------------------------------------------------------------------


def is_encrypted(stored: str | None) -> bool:
    return bool(stored) and stored.startswith(PREFIX)


def encrypt(key_hex: str, with_keys: list[bytes] | None = None) -> str:
    """The stored form of a hex TOTP key, encrypted with the first key."""
    key = (with_keys or keys())[0]
    nonce = os.urandom(_NONCE_BYTES)
    # The hex text is encrypted as bytes (half the length): the column holds 80 characters.
    sealed = AESGCM(key).encrypt(nonce, bytes.fromhex(key_hex), _AAD)
    stored = PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode("ascii")
    if len(stored) > _COLUMN_LENGTH:
        raise ValueError("This TOTP key is too long to store encrypted (at most 29 bytes).")
    return stored


def decrypt(stored: str, with_keys: list[bytes] | None = None) -> str:
    """The hex TOTP key; OTPSecretError if it is not encrypted or no key opens it."""
    if not is_encrypted(stored):
        raise OTPSecretError(
            "A TOTP secret is stored unencrypted: run `python manage.py migrate` "
            "(accounts 0002 encrypts them)."
        )
    raw = base64.urlsafe_b64decode(stored[len(PREFIX) :].encode("ascii"))
    nonce, sealed = raw[:_NONCE_BYTES], raw[_NONCE_BYTES:]
    for key in with_keys or keys():
        try:
            return AESGCM(key).decrypt(nonce, sealed, _AAD).hex()
        except InvalidTag:
            continue
    raise OTPSecretError(
        "A TOTP secret cannot be decrypted with any key in OTP_SECRET_KEYS: the key that "
        "encrypted it is missing (keep the old keys in the list, after the new first one)."
    )


def opens_with_first_key(stored: str, with_keys: list[bytes] | None = None) -> bool:
    key = (with_keys or keys())[0]
    try:
        decrypt(stored, [key])
    except OTPSecretError:
        return False
    return True


class EncryptedTOTPKeyField(models.CharField):
    """django-otp's key field, encrypted in the database and plain hex in Python."""

    def from_db_value(self, value: str | None, expression: object, connection: object) -> str:
        return value if value is None else decrypt(value)

    def to_python(self, value: object) -> object:
        # loaddata reads the encrypted form that value_to_string wrote.
        value = super().to_python(value)
        return decrypt(value) if isinstance(value, str) and is_encrypted(value) else value

    def get_prep_value(self, value: object) -> object:
        value = super().get_prep_value(value)
        return value if value is None else encrypt(value)

    def value_to_string(self, obj: models.Model) -> str:
        # dumpdata (a backup made with it) holds the encrypted form too, never the hex key.
        value = self.value_from_object(obj)
        return value if value is None else encrypt(value)

    def deconstruct(self) -> tuple:
        # Still django-otp's CharField to the migration framework: no migration for otp_totp.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.CharField", args, kwargs


def install() -> None:
    """Make TOTPDevice.key encrypted (AccountsConfig.ready, before any query)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    field = TOTPDevice._meta.get_field("key")
    if type(field) is models.CharField:
        field.__class__ = EncryptedTOTPKeyField


# --- In the session ------------------------------------------------------------------------------


def seal(value: object, purpose: str) -> str:
    """``value`` (JSON-able) encrypted for a session: sessions live in the database too, and
    hold a new app's secret during enrolment and new recovery codes until they are shown."""
    key = keys()[0]
    nonce = os.urandom(_NONCE_BYTES)
    sealed = AESGCM(key).encrypt(nonce, json.dumps(value).encode("utf-8"), purpose.encode())
    return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode("ascii")


def unseal(text: object, purpose: str) -> object:
    """What ``seal`` sealed; None for anything else (an old session, another key): the
    enrolment starts again with a new secret, or the codes are not shown again."""
    if not isinstance(text, str) or not is_encrypted(text):
        return None
    raw = base64.urlsafe_b64decode(text[len(PREFIX) :].encode("ascii"))
    for key in keys():
        try:
            plain = AESGCM(key).decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], purpose.encode())
        except InvalidTag:
            continue
        return json.loads(plain)
    return None


# --- Recovery codes ----------------------------------------------------------------------------


def _tag(key: bytes) -> str:
    """Which key hashed a code (for rotate_otp_key's count; all keys are tried anyway)."""
    digest = hmac.new(key, b"samvedna recovery-code key tag", hashlib.sha256).digest()
    return base64.b32encode(digest).decode("ascii")[:_TAG_LENGTH].lower()


def hash_recovery_code(code: str, key: bytes | None = None) -> str:
    """The stored form of a (normalised) recovery code: 16 characters."""
    key = key or keys()[0]
    digest = hmac.new(key, b"samvedna recovery-code:" + code.encode("utf-8"), hashlib.sha256)
    text = base64.urlsafe_b64encode(digest.digest()).decode("ascii")
    return _tag(key) + text[:14]


def recovery_code_candidates(code: str) -> list[str]:
    """The stored forms this code may have, one for each configured key, first key first."""
    return [hash_recovery_code(code, key) for key in keys()]


def hashed_with_first_key(stored: str) -> bool:
    return stored.startswith(_tag(keys()[0]))
