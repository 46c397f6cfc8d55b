from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Admin accounts: two-factor authentication, recovery codes, lockout."""

    name = "accounts"
    verbose_name = "Admin accounts"
