"""Every event index has the leaders' one-step "Leader review" workflow: the ones load_demo
created, new ones, and those that existed before this app's data migration ran."""

import importlib

import pytest
from django.apps import apps as global_apps
from wagtail.models import WorkflowPage

from events.models import EventIndexPage
from moderation.groups import EVENT_WORKFLOW
from tests.support.event_factories import add_event, new_index

pytestmark = pytest.mark.django_db


def workflow_name(page) -> str | None:
    workflow = page.get_workflow()
    return workflow.name if workflow is not None else None


def test_demo_event_indexes_have_the_leader_review_in_every_language():
    indexes = EventIndexPage.objects.filter(slug="events")
    assert {index.locale.language_code for index in indexes} == {"en", "gu", "hi"}
    for index in indexes:
        assert WorkflowPage.objects.get(page=index).workflow.name == EVENT_WORKFLOW


def test_a_new_event_index_and_its_events_get_the_leader_review():
    index = new_index(slug="brand-new-events")
    assert WorkflowPage.objects.get(page=index).workflow.name == EVENT_WORKFLOW
    event = add_event(index, "Under review", live=False)
    assert workflow_name(event) == EVENT_WORKFLOW
    assert [task.name for task in event.get_workflow().tasks] == ["Leader review"]


def test_a_translated_index_gets_it_too():
    new_index(slug="translated-events")
    gujarati = new_index("gu", slug="translated-events")
    assert gujarati.locale.language_code == "gu"
    assert WorkflowPage.objects.get(page=gujarati).workflow.name == EVENT_WORKFLOW


def test_a_workflow_chosen_by_an_administrator_is_not_replaced():
    from wagtail.models import Workflow

    index = new_index(slug="custom-events")
    custom = Workflow.objects.create(name="Custom")
    WorkflowPage.objects.filter(page=index).update(workflow=custom)
    index.title = "Renamed"
    index.save_revision().publish()
    assert WorkflowPage.objects.get(page=index).workflow == custom


def test_the_data_migration_gives_existing_indexes_the_workflow():
    index = new_index(slug="older-events")
    WorkflowPage.objects.filter(page=index).delete()
    # Without it, only Wagtail's default workflow on the root would apply.
    assert workflow_name(EventIndexPage.objects.get(pk=index.pk)) != EVENT_WORKFLOW
    migration = importlib.import_module("events.migrations.0002_leader_review_on_event_indexes")
    migration.give_event_indexes_the_leader_review(global_apps, None)
    assert WorkflowPage.objects.get(page=index).workflow.name == EVENT_WORKFLOW
    # Running it again changes nothing.
    migration.give_event_indexes_the_leader_review(global_apps, None)
    assert WorkflowPage.objects.filter(page=index).count() == 1
