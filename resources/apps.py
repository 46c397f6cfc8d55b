from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    """Rights resources: the guide index, guides and the helpline snippets."""

    name = "resources"
