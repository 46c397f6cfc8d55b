"""A leader's send-back comment is at the top of the story's edit screen, for its author and
anyone editing it, attributed to her, in the viewer's admin language, until it is resubmitted."""

import pytest
from django.urls import reverse
from django.utils import dateformat, timezone, translation
from wagtail.models import Page, TaskState, Workflow, WorkflowState

from moderation.groups import LEADERS, STAFF
from moderation.models import LeadersApproveTask
from tests.moderation.test_notifications import edit_form_data
from tests.support import people as people_module
from tests.support.story_factories import make_consent, make_story

pytestmark = pytest.mark.django_db

CONFIRM = {"action": "approve", "approve-heard_final_text": "on", "approve-consent_covers_it": "on"}
COMMENT = "Please leave out the name of her village.\nAnd the bus stop."


@pytest.fixture
def people(db):
    def member(username, group, language="en", **names):
        return people_module.member(username, group, language, **names)

    return {
        "author": member("writer", STAFF),
        "other_staff": member("colleague", STAFF, "hi"),
        "leader": member("leader-kanta", LEADERS, first_name="Kanta", last_name="Ben"),
        "leader2": member("leader-two", LEADERS),
        "no_name": member("leader-without-name", LEADERS),
    }


def submitted(author):
    story = make_story(make_consent(), title="A story to send back")
    story.save_revision(user=author)
    Workflow.objects.get(name="Story approval").start(story, author)
    return story


def review_url(story) -> str:
    state = Page.objects.get(pk=story.pk).specific.current_workflow_task_state
    return reverse("moderation_review", args=[state.pk])


def edit_url(story) -> str:
    return reverse("wagtailadmin_pages:edit", args=[story.pk])


def send_back(client, leader, story, comment=COMMENT):
    client.force_login(leader)
    response = client.post(review_url(story), {"action": "reject", "reject-comment": comment})
    assert response.status_code == 302
    return response


def comment_box(html: str) -> str:
    """The messages area at the top of the edit screen."""
    start = html.index('class="messages"')
    return html[start : html.index("</ul>", start)]


def test_the_author_reads_the_comment_at_the_top_of_the_edit_screen(client, people):
    story = submitted(people["author"])
    send_back(client, people["leader"], story)

    client.force_login(people["author"])
    response = client.get(edit_url(story))
    assert response.status_code == 200
    box = comment_box(response.content.decode())
    assert "The leaders sent this back. Please change it, then submit it again." in box
    today = dateformat.format(timezone.localdate(), "j F Y")
    assert f"Kanta Ben wrote on {today}:" in box
    # Her words, line breaks kept, escaped like everything she typed.
    assert "Please leave out the name of her village.<br>And the bus stop." in box
    # At the top: before the form.
    html = response.content.decode()
    assert html.index("Kanta Ben wrote on") < html.index('id="page-edit-form"')


def test_anyone_editing_it_sees_it_in_her_own_admin_language(client, people):
    story = submitted(people["author"])
    send_back(client, people["no_name"], story)

    client.force_login(people["other_staff"])  # chose Hindi
    box = comment_box(client.get(edit_url(story)).content.decode())
    with translation.override("hi"):
        heading = translation.gettext(
            "The leaders sent this back. Please change it, then submit it again."
        )
    assert heading != "The leaders sent this back. Please change it, then submit it again."
    assert heading in box
    # No display name: her username names her.
    assert "leader-without-name" in box
    assert "Please leave out the name of her village." in box


def test_a_comment_cannot_inject_markup(client, people):
    story = submitted(people["author"])
    send_back(client, people["leader"], story, comment='<script>alert("x")</script> fix it')
    client.force_login(people["author"])
    box = comment_box(client.get(edit_url(story)).content.decode())
    assert "<script>alert" not in box
    assert "&lt;script&gt;" in box


def test_only_the_latest_send_back_is_shown(client, people):
    story = submitted(people["author"])
    send_back(client, people["leader"], story, comment="First round: change the title.")
    WorkflowState.objects.get(status=WorkflowState.STATUS_NEEDS_CHANGES).resume(
        user=people["author"]
    )
    # The consent step again, then the quorum step, where another leader sends it back.
    client.force_login(people["leader"])
    client.post(review_url(story), CONFIRM)
    assert isinstance(
        Page.objects.get(pk=story.pk).specific.current_workflow_task_state.task.specific,
        LeadersApproveTask,
    )
    send_back(client, people["leader2"], story, comment="Second round: shorten the summary.")

    client.force_login(people["author"])
    box = comment_box(client.get(edit_url(story)).content.decode())
    assert "Second round: shorten the summary." in box
    assert "leader-two wrote on" in box
    assert "First round" not in box


def test_the_comment_goes_once_the_author_submits_again(client, people):
    story = submitted(people["author"])
    send_back(client, people["leader"], story)
    client.force_login(people["author"])
    url = edit_url(story)
    data = edit_form_data(client, story, **{"action-submit": "Submit"})
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    state = Page.objects.get(pk=story.pk).specific.current_workflow_task_state
    assert state is not None and state.status == TaskState.STATUS_IN_PROGRESS

    html = client.get(url).content.decode()
    assert "Kanta Ben wrote on" not in html
    assert "The leaders sent this back" not in html


def test_autosave_and_saves_do_not_pile_up_the_message(client, people):
    story = submitted(people["author"])
    send_back(client, people["leader"], story)
    client.force_login(people["author"])
    url = edit_url(story)
    # A draft saved (not submitted): the page after the save shows the comment once.
    response = client.post(url, edit_form_data(client, story), follow=True)
    html = response.content.decode()
    assert html.count("Kanta Ben wrote on") == 1
    # Autosave asks for JSON: no message is queued for a later page.
    client.post(url, edit_form_data(client, story), HTTP_ACCEPT="application/json")
    html = client.get(url).content.decode()
    assert html.count("Kanta Ben wrote on") == 1


def test_no_message_without_a_send_back(client, people):
    story = submitted(people["author"])
    client.force_login(people["author"])
    html = client.get(edit_url(story)).content.decode()
    assert "The leaders sent this back" not in html
