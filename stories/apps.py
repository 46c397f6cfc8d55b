from django.apps import AppConfig


class StoriesConfig(AppConfig):
    """Consented testimonies (StoryIndexPage, StoryPage): built in the testimonies issue."""

    name = "stories"
