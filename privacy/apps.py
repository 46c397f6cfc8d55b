from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = "Privacy-safe media"

    def ready(self) -> None:
        from . import signals  # noqa: F401 - connects the UploadedFile handler
