from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    """Rights resources: built in the events and resources issue."""

    name = "resources"
