from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The labelled demo site (``manage.py load_demo``) and all its text. Nothing imports it."""

    name = "demo"
    verbose_name = "Demo content"
