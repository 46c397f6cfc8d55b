from django.apps import AppConfig


class StoriesConfig(AppConfig):
    """Consented testimonies (StoryIndexPage, StoryPage): built in the testimonies issue."""

    name = "stories"

    def ready(self) -> None:
        from moderation.groups import STORY_WORKFLOW
        from moderation.registry import attach_workflow_to_new, review_with_leaders
        from moderation.reviewing import STORY

        from .models import StoryIndexPage, StoryPage
        from .review_screen import story_content

        # New story indexes get "Story approval" (existing ones: moderation's migration 0002);
        # the leaders' screens show the stories under it.
        attach_workflow_to_new(StoryIndexPage, STORY_WORKFLOW)
        review_with_leaders(
            StoryPage,
            kind=STORY,
            template_name="moderation/review/review.html",
            content=story_content,
        )
