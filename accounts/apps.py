from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Admin accounts: two-factor authentication, recovery codes, lockout."""

    name = "accounts"
    verbose_name = "Admin accounts"

    def ready(self) -> None:
        from . import checks, otp_secrets  # noqa: F401 (checks: registers them)

        register_gujarati()
        otp_secrets.install()


def register_gujarati() -> None:
    """Teach Django the name of Gujarati, which its LANG_INFO lacks (Hindi is there).

    Without it the admin's Account page (language choice, and the way to the recovery codes)
    fails with "Unknown language code gu" for every user: Wagtail lists each permitted admin
    language by get_language_info(code)["name_local"].
    """
    from django.conf.locale import LANG_INFO

    LANG_INFO.setdefault(
        "gu", {"bidi": False, "code": "gu", "name": "Gujarati", "name_local": "ગુજરાતી"}
    )
