"""Workflow e-mails never carry a story's title, pseudonym, text or a leader's comment.

Anyone who picks up a leader's phone can read her e-mail. Wagtail's own workflow and comment
e-mails name the page and quote the comment; ``moderation.notifications`` replaces them with
one neutral sentence and a link into the admin, in the recipient's language.
"""

from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation
from wagtail.models import (
    GroupApprovalTask,
    Page,
    PageSubscription,
    Task,
    TaskState,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)
from wagtail.users.models import UserProfile

from moderation import notifications
from tests.support.story_factories import (
    draftail_paragraph,
    make_consent,
    make_story,
    story_editor_data,
    story_index,
    stream_data,
)

# Unique tokens: none of them may appear in any e-mail, in any case.
TITLE = "Qzvtitlewq"
PSEUDONYM = "Pxqjpseudonymk"
SUMMARY = "Sjqxsummaryvw"
COMMENT = "Cwqzcommentjx"
STORYTELLER = "Member Kxqwstoryteller"
TOKENS = (TITLE, PSEUDONYM, SUMMARY, COMMENT, STORYTELLER)

REVIEW_STORY = "A story is waiting for your review"
REVIEW_PAGE = "A page is waiting for your review"
PUBLISHED = "Your story was approved and published"
SENT_BACK = "Your story was sent back"
COMMENTS = "Comments on a story you follow were updated"
SCRIPTS = {"gu": (0x0A80, 0x0AFF), "hi": (0x0900, 0x097F)}


# --- fixtures and helpers -------------------------------------------------------------------


@pytest.fixture(autouse=True)
def neutral_notifications():
    # ModerationConfig.ready() installs them; install() is idempotent either way.
    if not notifications.is_installed():
        notifications.install()
    assert notifications.is_installed()


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """Run the block and its on-commit callbacks, as a committed request would."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


def make_user(username, *, language="", email=True, active=True, superuser=False, groups=()):
    user = get_user_model().objects.create_user(
        username,
        email=f"{username}@example.org" if email else "",
        password="a-long-test-password",
        is_active=active,
        is_superuser=superuser,
        is_staff=superuser,
    )
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    user.groups.add(*groups)
    return user


@pytest.fixture
def team(db):
    """A reviewers' group (English, Gujarati, Hindi, no e-mail, inactive) and a staff author."""
    group = Group.objects.create(name="Test story reviewers")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return SimpleNamespace(
        group=group,
        en=make_user("rev_en", language="", groups=[group]),
        gu=make_user("rev_gu", language="gu", groups=[group]),
        hi=make_user("rev_hi", language="hi", groups=[group]),
        no_email=make_user("rev_no_email", language="gu", email=False, groups=[group]),
        inactive=make_user("rev_inactive", language="gu", active=False, groups=[group]),
        author=make_user("author", language="hi"),
    )


@pytest.fixture
def workflow(team):
    task = GroupApprovalTask.objects.create(name="Test leaders approve")
    task.groups.set([team.group])
    workflow = Workflow.objects.create(name="Test story approval")
    WorkflowTask.objects.create(workflow=workflow, task=Task.objects.get(pk=task.pk), sort_order=0)
    WorkflowPage.objects.update_or_create(page=story_index("en"), defaults={"workflow": workflow})
    return workflow


@pytest.fixture
def story(db):
    consent = make_consent(storyteller=STORYTELLER)  # covers text in en, gu and hi
    return make_story(consent, title=TITLE, pseudonym=PSEUDONYM, summary=SUMMARY)


def expected(message: str, language: str) -> str:
    with translation.override(language):
        return translation.gettext(message)


def edit_link(page) -> str:
    return "http://testserver" + reverse("wagtailadmin_pages:edit", args=[page.pk])


def to(user) -> list:
    return [message for message in mail.outbox if message.to == [user.email]]


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def assert_neutral(messages=None):
    """No subject, body or HTML alternative mentions the story or the comment."""
    messages = mail.outbox if messages is None else messages
    for message in messages:
        texts = [message.subject, message.body]
        texts += [content for content, _mimetype in getattr(message, "alternatives", [])]
        for text in texts:
            for token in TOKENS:
                assert token.lower() not in text.lower(), (token, message.subject, text)
            # Wagtail's own subjects: 'The page "…" has been submitted…', '… has updated comments…'
            assert "The page" not in text
            assert "has updated comments" not in text


def in_script(text: str, language: str) -> bool:
    low, high = SCRIPTS[language]
    return any(low <= ord(ch) <= high for ch in text)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def workflow_action(client, page, action, comment=""):
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])
    response = client.post(url, {"comment": comment})
    assert response.status_code in (200, 302), response.content.decode()[:2000]
    return response


def is_live(page) -> bool:
    return Page.objects.get(pk=page.pk).live


# --- submission: the reviewers --------------------------------------------------------------


def test_reviewers_get_a_neutral_email_in_their_language(team, workflow, story, sent):
    with sent():
        workflow.start(story, team.author)

    # Only active reviewers with an address; not the author, not the inactive one.
    assert recipients() == sorted([team.en.email, team.gu.email, team.hi.email])
    assert_neutral()
    for user, language in ((team.en, "en"), (team.gu, "gu"), (team.hi, "hi")):
        [message] = to(user)
        assert message.subject == expected(REVIEW_STORY, language)
        assert message.body.startswith(expected(REVIEW_STORY, language))
        assert edit_link(story) in message.body
        assert message.extra_headers.get("Auto-Submitted") == "auto-generated"
    # The Gujarati and Hindi e-mails really are in Gujarati and Hindi.
    assert in_script(to(team.gu)[0].subject, "gu")
    assert in_script(to(team.hi)[0].subject, "hi")
    assert to(team.gu)[0].subject != to(team.en)[0].subject != to(team.hi)[0].subject


def test_other_pages_say_page_not_story(team, workflow, site_pages, sent):
    page = next(p for p in site_pages.values() if type(p).__name__ == "StandardPage")
    with sent():
        workflow.start(page, team.author)
    [message] = to(team.en)
    assert message.subject == REVIEW_PAGE
    assert edit_link(page) in message.body
    assert page.title not in message.subject + message.body


def test_the_reviewer_who_submits_is_not_emailed_about_her_own_action(team, workflow, story, sent):
    with sent():
        workflow.start(story, team.gu)
    assert recipients() == sorted([team.en.email, team.hi.email])
    assert_neutral()


def test_superusers_follow_the_wagtail_setting(team, workflow, story, sent, settings):
    boss = make_user("boss", superuser=True)
    with sent():
        workflow.start(story, team.author)
    assert len(to(boss)) == 1
    assert_neutral()

    mail.outbox.clear()
    settings.WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
    with sent():
        WorkflowState.objects.get(requested_by=team.author).cancel(user=team.author)
        workflow.start(story, team.author)
    assert to(boss) == []
    assert len(mail.outbox) == 3


def test_a_reviewer_who_switched_submissions_off_gets_nothing(team, workflow, story, sent):
    UserProfile.objects.filter(user=team.hi).update(submitted_notifications=False)
    with sent():
        workflow.start(story, team.author)
    assert to(team.hi) == []
    assert len(mail.outbox) == 2


def test_a_task_can_name_its_reviewers(team, workflow, story, sent, monkeypatch):
    chosen = make_user("chosen", language="gu")
    monkeypatch.setattr(
        GroupApprovalTask,
        "get_reviewers",
        lambda self, task_state: [chosen, team.author, team.no_email],
        raising=False,
    )
    with sent():
        workflow.start(story, team.author)
    assert recipients() == [chosen.email]
    assert to(chosen)[0].subject == expected(REVIEW_STORY, "gu")


def test_the_review_link_can_come_from_the_task(team, workflow, story, sent, monkeypatch):
    monkeypatch.setattr(
        GroupApprovalTask,
        "get_review_url",
        lambda self, task_state: f"/admin/review/{task_state.pk}/",
        raising=False,
    )
    with sent():
        workflow.start(story, team.author)
    task_state = TaskState.objects.get(workflow_state__requested_by=team.author)
    assert f"http://testserver/admin/review/{task_state.pk}/" in to(team.en)[0].body


def test_html_alternative_when_wagtail_is_told_to_send_html(team, workflow, story, sent, settings):
    settings.WAGTAILADMIN_NOTIFICATION_USE_HTML = True
    with sent():
        workflow.start(story, team.author)
    [message] = to(team.gu)
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert 'lang="gu"' in html
    assert edit_link(story) in html
    assert_neutral()


# --- decisions: the author ------------------------------------------------------------------


def test_approval_tells_the_author_in_her_language(team, workflow, story, sent):
    with sent():
        workflow.start(story, team.author)
    mail.outbox.clear()
    story.refresh_from_db()
    with sent():
        story.current_workflow_task_state.approve(user=team.gu, comment=COMMENT)

    assert is_live(story)
    assert recipients() == [team.author.email]  # not the reviewer who acted, not the others
    [message] = mail.outbox
    assert message.subject == expected(PUBLISHED, "hi")
    assert in_script(message.subject, "hi")
    assert edit_link(story) in message.body
    assert_neutral()


def test_sending_back_tells_the_author_without_the_comment(team, workflow, story, sent):
    with sent():
        workflow.start(story, team.author)
    mail.outbox.clear()
    story.refresh_from_db()
    task_state = story.current_workflow_task_state
    with sent():
        task_state.reject(user=team.en, comment=COMMENT)

    task_state.refresh_from_db()
    assert task_state.comment == COMMENT  # the comment is kept, for the admin only
    assert recipients() == [team.author.email]
    [message] = mail.outbox
    assert message.subject == expected(SENT_BACK, "hi")
    assert expected("See the leader's comment in the admin:", "hi") in message.body
    assert edit_link(story) in message.body
    assert_neutral()


def test_resubmitting_after_changes_tells_the_reviewers_again(team, workflow, story, sent):
    with sent():
        workflow.start(story, team.author)
        story.refresh_from_db()
        story.current_workflow_task_state.reject(user=team.en, comment=COMMENT)
    mail.outbox.clear()
    with sent():
        WorkflowState.objects.get(requested_by=team.author).resume(user=team.author)
    assert recipients() == sorted([team.en.email, team.gu.email, team.hi.email])
    assert_neutral()


def test_an_author_who_switched_decisions_off_gets_nothing(team, workflow, story, sent):
    UserProfile.objects.filter(user=team.author).update(approved_notifications=False)
    with sent():
        workflow.start(story, team.author)
    mail.outbox.clear()
    story.refresh_from_db()
    with sent():
        story.current_workflow_task_state.approve(user=team.gu)
    assert is_live(story)
    assert mail.outbox == []


def test_a_refused_publication_is_not_announced(team, workflow, sent):
    # The consent does not allow English: approving cannot publish the English story.
    story = make_story(
        make_consent(languages=("gu",), storyteller=STORYTELLER),
        title=TITLE,
        pseudonym=PSEUDONYM,
        summary=SUMMARY,
    )
    with sent():
        workflow.start(story, team.author)
    mail.outbox.clear()
    story.refresh_from_db()
    with sent():
        workflow_action(client_for(team.gu), story, "approve")
    assert not is_live(story)
    assert to(team.author) == []


# --- the same through the admin -------------------------------------------------------------


def edit_form_data(client, story, **extra) -> dict:
    url = reverse("wagtailadmin_pages:edit", args=[story.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.pop("topics", None)
    data.update(
        story_editor_data(
            story, **stream_data("body", ("paragraph", draftail_paragraph("We went together.")))
        )
    )
    data.update(
        {
            "comments-TOTAL_FORMS": "0",
            "comments-INITIAL_FORMS": "0",
            "comments-MIN_NUM_FORMS": "0",
            "comments-MAX_NUM_FORMS": "",
        }
    )
    data.update(extra)
    return data


NEW_COMMENT = {
    "comments-TOTAL_FORMS": "1",
    "comments-0-DELETE": "",
    "comments-0-resolved": "",
    "comments-0-id": "",
    "comments-0-contentpath": "title",
    "comments-0-text": f"{COMMENT} mentions {PSEUDONYM}",
    "comments-0-position": "",
    "comments-0-replies-TOTAL_FORMS": "0",
    "comments-0-replies-INITIAL_FORMS": "0",
    "comments-0-replies-MIN_NUM_FORMS": "0",
    "comments-0-replies-MAX_NUM_FORMS": "0",
}


def test_admin_submit_approve_round_trip(team, workflow, story, sent, staff_client, staff_member):
    # A reviewer follows the story's comments: Wagtail would e-mail her the comment and title.
    PageSubscription.objects.create(page=story, user=team.gu, comment_notifications=True)
    url = reverse("wagtailadmin_pages:edit", args=[story.pk])
    data = edit_form_data(staff_client, story, **NEW_COMMENT, **{"action-submit": "Submit"})
    with sent():
        response = staff_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    story.refresh_from_db()
    assert story.current_workflow_task_state is not None
    assert story.wagtail_admin_comments.filter(text__contains=COMMENT).exists()

    # Reviewers: one review e-mail each; the follower also a neutral comments e-mail.
    assert sorted(recipients()) == sorted(
        [team.en.email, team.gu.email, team.gu.email, team.hi.email]
    )
    assert sorted(m.subject for m in to(team.gu)) == sorted(
        [expected(REVIEW_STORY, "gu"), expected(COMMENTS, "gu")]
    )
    assert to(staff_member) == []  # the staff member who submitted is not told of her own action
    assert_neutral()

    mail.outbox.clear()
    with sent():
        workflow_action(client_for(team.hi), story, "approve", comment=COMMENT)
    assert is_live(story)
    assert recipients() == [staff_member.email]
    assert mail.outbox[0].subject == PUBLISHED  # she chose English
    assert_neutral()


def test_admin_send_back(team, workflow, story, sent):
    with sent():
        workflow.start(story, team.author)
    mail.outbox.clear()
    story.refresh_from_db()
    with sent():
        workflow_action(client_for(team.en), story, "reject", comment=COMMENT)
    assert TaskState.objects.filter(comment=COMMENT, status=TaskState.STATUS_REJECTED).exists()
    assert recipients() == [team.author.email]
    assert mail.outbox[0].subject == expected(SENT_BACK, "hi")
    assert_neutral()


# --- Wagtail's own e-mails stay off ---------------------------------------------------------


def test_wagtail_handlers_are_disconnected_and_inert():
    import wagtail.admin.signal_handlers as wagtail_handlers
    from wagtail import signals

    for signal_name, _sender, dispatch_uid, attr in notifications.WAGTAIL_HANDLERS:
        signal = getattr(signals, signal_name)
        assert not any(key[0] == dispatch_uid for key, *_rest in signal.receivers)
        assert getattr(wagtail_handlers, attr)(instance=object()) is False


def test_wagtail_cannot_switch_its_emails_back_on(team, workflow, story, sent, admin_user):
    import wagtail.admin.signal_handlers as wagtail_handlers

    # What wagtail.admin's ready() calls; "moderation" comes before it in INSTALLED_APPS.
    wagtail_handlers.register_signal_handlers()
    assert notifications.is_installed()
    # Even Wagtail's original registration, called by hand, connects only muted notifiers.
    notifications._originals["register_signal_handlers"]()
    try:
        with sent():
            workflow.start(story, team.author)
            story.refresh_from_db()
            story.current_workflow_task_state.approve(user=team.gu)
        assert_neutral()
        # Ours only: three reviewers + the superuser (review), the author (decision).
        assert len(mail.outbox) == 5
    finally:
        notifications.install()
    assert notifications.is_installed()


def test_install_is_idempotent(team, workflow, story, sent):
    notifications.install()
    notifications.install()
    with sent():
        workflow.start(story, team.author)
    assert len(mail.outbox) == 3


# --- the language helper --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("preferred", "language"),
    [("", "en"), ("gu", "gu"), ("hi", "hi"), ("en", "en"), ("fr", "en"), ("gu-in", "gu")],
)
def test_language_for(db, preferred, language):
    user = make_user(f"lang_{preferred or 'none'}", language=preferred)
    user = get_user_model().objects.get(pk=user.pk)
    assert notifications.language_for(user) == language


def test_language_for_a_user_without_a_profile(db):
    user = get_user_model().objects.create_user("no_profile", email="np@example.org")
    UserProfile.objects.filter(user=user).delete()
    user = get_user_model().objects.get(pk=user.pk)
    assert notifications.language_for(user) == "en"
