from django.apps import AppConfig


class ConsentConfig(AppConfig):
    """Consent records and the publication guard: built in the testimonies issue."""

    name = "consent"
