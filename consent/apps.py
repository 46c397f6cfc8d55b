from django.apps import AppConfig


class ConsentConfig(AppConfig):
    """Consent records, the publication guard, withdrawal, erasure and expiry."""

    name = "consent"
    verbose_name = "Consent"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the receivers)
