"""The site's workflow and task names: shown in each person's admin language, stored in English."""

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.models import Task, Workflow

from moderation.groups import EVENT_WORKFLOW, STORY_WORKFLOW
from moderation.workflow_names import SITE_NAMES
from tests.support import people
from tests.support.story_factories import submitted_for_review

pytestmark = pytest.mark.django_db


def stored_name(model, pk) -> str:
    return model.objects.filter(pk=pk).values_list("name", flat=True).get()


def test_the_site_workflows_and_their_tasks_are_the_translated_names():
    assert {STORY_WORKFLOW, EVENT_WORKFLOW} <= SITE_NAMES
    tasks = Task.objects.filter(workflow_tasks__workflow__name__in=[STORY_WORKFLOW, EVENT_WORKFLOW])
    assert tasks.count() == 3
    assert set(tasks.values_list("name", flat=True)) <= SITE_NAMES


def test_a_leader_reads_the_workflow_status_of_a_story_in_gujarati(client):
    story = submitted_for_review(people.staff())
    client.force_login(people.leader())  # Gujarati, as every new leader
    html = client.get(reverse("wagtailadmin_pages:edit", args=[story.pk])).content.decode()
    assert "વાર્તાની મંજૂરી" in html  # "Story approval"
    assert "સંમતિની ખાતરી થઈ" in html  # "Consent confirmed", the step it waits at
    assert "Story approval" not in html
    history = client.get(reverse("wagtailadmin_pages:workflow_history", args=[story.pk]))
    assert "વાર્તાની મંજૂરી" in history.content.decode()


def test_in_hindi_and_english_too():
    for language, expected in (("hi", "कहानी की मंज़ूरी"), ("en", "Story approval")):
        with translation.override(language):
            assert Workflow.objects.get(name=STORY_WORKFLOW).name == expected


def test_saving_a_shown_name_stores_english():
    with translation.override("gu"):
        workflow = Workflow.objects.get(name=STORY_WORKFLOW)
        task = Task.objects.get(name="Leaders approve").specific
        assert workflow.name == "વાર્તાની મંજૂરી"
        workflow.save()
        task.save()
    assert stored_name(Workflow, workflow.pk) == STORY_WORKFLOW
    assert stored_name(Task, task.pk) == "Leaders approve"


def test_a_name_an_administrator_changes_is_kept_as_she_typed_it():
    with translation.override("gu"):
        workflow = Workflow.objects.get(name=EVENT_WORKFLOW)
        workflow.name = "Event check by one leader"
        workflow.save()
    assert stored_name(Workflow, workflow.pk) == "Event check by one leader"
    with translation.override("gu"):
        assert Workflow.objects.get(pk=workflow.pk).name == "Event check by one leader"


def test_the_storys_history_tells_the_workflow_steps_in_her_language(client):
    story = submitted_for_review(people.staff())  # logged in English, outside any request
    client.force_login(people.leader())
    html = client.get(reverse("wagtailadmin_pages:history", args=[story.pk])).content.decode()
    assert "વાર્તાની મંજૂરી&#x27; શરૂ થયું" in html  # "'Story approval' started"
    assert "&#x27;સંમતિની ખાતરી થઈ&#x27;" in html  # "'Consent confirmed'", the next step
    assert "Story approval" not in html and "Consent confirmed" not in html
