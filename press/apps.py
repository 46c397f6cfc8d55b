from django.apps import AppConfig


class PressConfig(AppConfig):
    """The press room: press releases and statements, quotable voices from stories whose consent
    covers the press, the fact sheet, the media kit and the reporting guidance."""

    name = "press"
    verbose_name = "Press"

    def ready(self) -> None:
        from moderation.groups import EVENT_WORKFLOW
        from moderation.registry import attach_workflow_to_new, review_with_leaders
        from moderation.reviewing import PRESS_RELEASE

        from .models import PressIndexPage, PressReleasePage
        from .review_screen import release_content

        # A release speaks for the collective: one leader approves it, as for an event. New
        # press rooms get the one-step "Leader review"; its releases inherit it.
        attach_workflow_to_new(PressIndexPage, EVENT_WORKFLOW)
        review_with_leaders(
            PressReleasePage,
            kind=PRESS_RELEASE,
            template_name="moderation/review/review_press_release.html",
            content=release_content,
        )
