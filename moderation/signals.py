"""Every story index gets the leaders' "Story approval" workflow as soon as it exists."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.models import Workflow, WorkflowPage

from stories.models import StoryIndexPage

from .groups import STORY_WORKFLOW


@receiver(post_save, sender=StoryIndexPage)
def give_story_index_the_story_workflow(sender, instance, created, raw=False, **kwargs):
    if raw or WorkflowPage.objects.filter(page=instance).exists():
        return
    workflow = Workflow.objects.filter(name=STORY_WORKFLOW, active=True).first()
    if workflow is not None:
        WorkflowPage.objects.create(page=instance, workflow=workflow)
