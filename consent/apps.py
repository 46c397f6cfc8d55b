from django.apps import AppConfig


class ConsentConfig(AppConfig):
    """Consent records, the publication guard, withdrawal, erasure and expiry."""

    name = "consent"
    verbose_name = "Consent"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from . import signals  # noqa: F401  (connects the receivers)
        from .erasure_traces import secure_delete_on_every_connection

        connection_created.connect(secure_delete_on_every_connection)
