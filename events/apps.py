from django.apps import AppConfig


class EventsConfig(AppConfig):
    """Event announcements and recaps: built in the events and resources issue."""

    name = "events"
