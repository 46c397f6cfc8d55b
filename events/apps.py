from django.apps import AppConfig


class EventsConfig(AppConfig):
    """Event announcements and recaps, their feeds (RSS, iCalendar) and structured data."""

    name = "events"
    verbose_name = "Events"

    def ready(self) -> None:
        from moderation.groups import EVENT_WORKFLOW
        from moderation.registry import attach_workflow_to_new, review_with_leaders
        from moderation.reviewing import EVENT

        from . import signals  # noqa: F401  (connects the receivers)
        from .models import EventIndexPage, EventPage
        from .review_screen import event_content

        # New event indexes get the one-step "Leader review" (existing ones: migration 0002);
        # the leaders' screens show the events under it.
        attach_workflow_to_new(EventIndexPage, EVENT_WORKFLOW)
        review_with_leaders(
            EventPage,
            kind=EVENT,
            template_name="moderation/review/review_event.html",
            content=event_content,
        )
