from django.apps import AppConfig


class ConsentConfig(AppConfig):
    """Consent records, the publication guard, withdrawal, erasure and expiry."""

    name = "consent"
    verbose_name = "Consent"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from privacy.images.faces.shown import register_shown_faces

        from . import signals  # noqa: F401  (connects the receivers)
        from .erasure_traces import secure_delete_on_every_connection
        from .faces import faces_that_may_stay_shown

        connection_created.connect(secure_delete_on_every_connection)
        # A photo uploaded again leaves the faces a consent in force allows as they are.
        register_shown_faces(faces_that_may_stay_shown)
