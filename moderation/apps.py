from django.apps import AppConfig


class ModerationConfig(AppConfig):
    """Leaders' workflow, groups and review screens: built in the moderation issue."""

    name = "moderation"
