"""The demo note of a section index is data an editor controls (base/section_index.py)."""

import pytest
from django.urls import reverse

from stories.models import StoryIndexPage
from tests.support.helpers import form_data

pytestmark = pytest.mark.django_db

NOTE = "Example text for a demonstration site, to be replaced before real use."


def test_an_administrator_can_empty_the_demo_note_in_the_editor(administrator_client, client):
    index = StoryIndexPage.objects.get(locale__language_code="en")
    index.demo_note = NOTE
    index.save_revision().publish()
    assert NOTE in client.get(index.url).content.decode()
    url = reverse("wagtailadmin_pages:edit", args=[index.pk])
    editor = administrator_client.get(url)
    assert editor.status_code == 200
    assert "Demo note" in editor.content.decode()
    form = form_data(editor.content, "page-edit-form")
    assert form["demo_note"] == NOTE

    response = administrator_client.post(url, {**form, "demo_note": "", "action-publish": "1"})

    assert response.status_code == 302, response.content.decode()[:2000]
    assert StoryIndexPage.objects.get(pk=index.pk).demo_note == ""
    assert NOTE not in client.get(index.url).content.decode()
