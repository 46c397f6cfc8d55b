from django.apps import AppConfig


class EventsConfig(AppConfig):
    """Event announcements and recaps, their feeds (RSS, iCalendar) and structured data."""

    name = "events"
    verbose_name = "Events"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the receivers)
