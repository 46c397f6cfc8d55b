from django.apps import AppConfig


class PressConfig(AppConfig):
    """The press room: press releases and statements, quotable voices from stories whose consent
    covers the press, the fact sheet, the media kit and the reporting guidance."""

    name = "press"
    verbose_name = "Press"
