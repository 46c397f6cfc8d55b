"""Workflow e-mails that say nothing about the story.

Anyone who picks up a leader's phone can read her e-mail, so an e-mail about moderation never
carries a page's title, a pseudonym, any text of the story or a reviewer's comment, in the
subject or in the body. It says one neutral sentence and gives a link into the admin, where
the details are shown after logging in.

Wagtail sends its own workflow e-mails (``wagtail.admin.signal_handlers``), and they name the
page and quote the comment; it also e-mails page comments to their subscribers
(``wagtail.admin.views.pages.edit`` calls ``wagtail.admin.mail.send_notification``), quoting
the comments and the title. ``install()`` (called from ``ModerationConfig.ready()``) turns all
of these off and connects neutral replacements:

* ``task_submitted``: the reviewers of the task (``task.get_reviewers(task_state)`` when the
  task defines it, otherwise the members of the task's ``groups`` and, unless
  ``WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS`` is False, superusers; only those the task
  lets moderate this task state) get "A story is waiting for your review", with a link to the
  leaders' review screen of that step (``review_url``).
* ``workflow_approved`` / ``workflow_rejected``: the person who submitted and the author of
  the submitted revision are told it was approved (and published) or sent back.
* comment notifications: "Comments on a story you follow were updated".

Nobody is e-mailed about their own action; inactive users, users without an e-mail address
and users who switched the notification off in their Wagtail account settings get nothing.
Each e-mail is written in the recipient's admin language and sent only once the database
transaction commits, so a refused publication never announces itself as published. A mail
server that refuses or cannot be reached never undoes the action: the failure is logged by kind
and count and shown to site administrators on the dashboard (base/mail.py says why not retried).

``moderation`` comes before ``wagtail.admin`` in ``INSTALLED_APPS``, so Wagtail's ``ready()``
runs after ours and would connect its handlers again: ``install()`` therefore also replaces
the ``register_signal_handlers`` function Wagtail's ``ready()`` imports, and makes Wagtail's
notifier objects inert, so their e-mails stay off whatever the order.
"""

import sys
from dataclasses import dataclass
from html import escape

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from base.mail import send_notifications

from .registry import reviewed_page_types
from .reviewing import EVENT, PRESS_RELEASE, STORY
from .reviewing import review_path as leaders_review_path

# E-mails about stories, events and press releases say so (the page types registered in
# registry.py); others say "page".
PAGE = "page"

# gettext_noop marks the strings for makemessages; they are translated when an e-mail is written.
REVIEW_SUBJECT = {
    STORY: gettext_noop("A story is waiting for your review"),
    EVENT: gettext_noop("An event is waiting for your review"),
    PRESS_RELEASE: gettext_noop("A press release is waiting for your review"),
    PAGE: gettext_noop("A page is waiting for your review"),
}
REVIEW_ACTION = gettext_noop("Open it in the admin to review it:")
PUBLISHED_SUBJECT = {
    STORY: gettext_noop("Your story was approved and published"),
    EVENT: gettext_noop("Your event was approved and published"),
    PRESS_RELEASE: gettext_noop("Your press release was approved and published"),
    PAGE: gettext_noop("Your page was approved and published"),
}
APPROVED_SUBJECT = {
    STORY: gettext_noop("Your story was approved"),
    EVENT: gettext_noop("Your event was approved"),
    PRESS_RELEASE: gettext_noop("Your press release was approved"),
    PAGE: gettext_noop("Your page was approved"),
}
APPROVED_ACTION = gettext_noop("Open it in the admin:")
SENT_BACK_SUBJECT = {
    STORY: gettext_noop("Your story was sent back"),
    EVENT: gettext_noop("Your event was sent back"),
    PRESS_RELEASE: gettext_noop("Your press release was sent back"),
    PAGE: gettext_noop("Your page was sent back"),
}
SENT_BACK_ACTION = {
    STORY: gettext_noop("See the leader's comment in the admin:"),
    EVENT: gettext_noop("See the leader's comment in the admin:"),
    PRESS_RELEASE: gettext_noop("See the leader's comment in the admin:"),
    PAGE: gettext_noop("See the reviewer's comment in the admin:"),
}
COMMENTS_SUBJECT = {
    STORY: gettext_noop("Comments on a story you follow were updated"),
    EVENT: gettext_noop("Comments on an event you follow were updated"),
    PRESS_RELEASE: gettext_noop("Comments on a press release you follow were updated"),
    PAGE: gettext_noop("Comments on a page you follow were updated"),
}
COMMENTS_ACTION = gettext_noop("Read them in the admin:")
FOOTER = gettext_noop(
    "For safety, this e-mail leaves out all details. Log in to the admin to see them."
)

_DISPATCH_PREFIX = "samvedna_moderation_"

# Wagtail's own receivers: (signal name, sender model name, dispatch_uid, notifier attribute).
WAGTAIL_HANDLERS = (
    (
        "task_submitted",
        "TaskState",
        "group_approval_task_submitted_email_notification",
        "task_submission_email_notifier",
    ),
    (
        "workflow_submitted",
        "WorkflowState",
        "workflow_state_submitted_email_notification",
        "workflow_submission_email_notifier",
    ),
    (
        "workflow_rejected",
        "WorkflowState",
        "workflow_state_rejected_email_notification",
        "workflow_rejection_email_notifier",
    ),
    (
        "workflow_approved",
        "WorkflowState",
        "workflow_state_approved_email_notification",
        "workflow_approval_email_notifier",
    ),
)

_originals: dict[str, object] = {}


# --- Who, in which language ----------------------------------------------------------------


def _profile(user):
    try:
        return user.wagtail_userprofile
    except (AttributeError, ObjectDoesNotExist):
        return None


def language_for(user) -> str:
    """The recipient's admin language (Wagtail account settings), else ``LANGUAGE_CODE``."""
    code = getattr(_profile(user), "preferred_language", "") or settings.LANGUAGE_CODE
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return settings.LANGUAGE_CODE


def wants(user, notification: str) -> bool:
    """Wagtail's per-user switches: submitted/approved/rejected/updated_comments_notifications."""
    profile = _profile(user)
    return profile is None or getattr(profile, f"{notification}_notifications", True)


def _can_receive(user, acting_user, notification: str) -> bool:
    return bool(
        user is not None
        and user.is_active
        and user.email
        and not (acting_user is not None and user.pk == acting_user.pk)
        and wants(user, notification)
    )


def _unique(users) -> list:
    seen, result = set(), []
    for user in users:
        if user is not None and user.pk not in seen:
            seen.add(user.pk)
            result.append(user)
    return result


def _include_superusers() -> bool:
    return getattr(settings, "WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS", True)


def reviewers_for(task_state, acting_user=None) -> list:
    """The users to tell that ``task_state`` waits for them.

    A task may define ``get_reviewers(task_state)`` (an iterable of users) and is then
    trusted as is. Otherwise: members of the task's ``groups`` (plus superusers unless
    ``WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS`` is False), kept only if the task's
    ``get_task_states_user_can_moderate(user)`` includes this task state, when the task
    implements it.
    """
    from wagtail.models import Task

    task = task_state.task.specific
    get_reviewers = getattr(task, "get_reviewers", None)
    if callable(get_reviewers):
        candidates = list(get_reviewers(task_state) or [])
        check = None
    else:
        who = Q()
        groups = getattr(task, "groups", None)
        if groups is not None and hasattr(groups, "all"):
            who |= Q(groups__in=groups.all())
        if _include_superusers():
            who |= Q(is_superuser=True)
        if not who:
            return []
        candidates = list(
            get_user_model()
            .objects.filter(who)
            .distinct()
            .select_related("wagtail_userprofile")
            .order_by("pk")
        )
        overridden = (
            type(task).get_task_states_user_can_moderate
            is not Task.get_task_states_user_can_moderate
        )
        check = task.get_task_states_user_can_moderate if overridden else None
    return [
        user
        for user in _unique(candidates)
        if _can_receive(user, acting_user, "submitted")
        and (check is None or check(user).filter(pk=task_state.pk).exists())
    ]


def authors_of(workflow_state) -> list:
    """The person who submitted and the author of the revision under review."""
    users = [workflow_state.requested_by]
    task_state = workflow_state.current_task_state
    revision = getattr(task_state, "revision", None)
    if revision is not None:
        users.append(revision.user)
    return _unique(users)


# --- What the e-mail says -------------------------------------------------------------------


def kind_of(obj) -> str:
    """What the e-mail calls it: "story", "event", "press_release" or "page"."""
    label = (getattr(obj, "specific_class", None) or type(obj))._meta.label_lower
    reviewed = reviewed_page_types().get(label)
    return reviewed.kind if reviewed is not None else PAGE


def _absolute(path: str) -> str:
    base = (getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "").rstrip("/")
    return base + path


def admin_url(obj) -> str:
    """The admin page of ``obj`` (a page id in the URL is fine, a title is not)."""
    from wagtail.models import Page

    if isinstance(obj, Page):
        return _absolute(reverse("wagtailadmin_pages:edit", args=[obj.pk]))
    try:
        from wagtail.admin.admin_url_finder import AdminURLFinder

        path = AdminURLFinder().get_edit_url(obj)
    except (ImportError, NoReverseMatch):
        path = None
    return _absolute(path or reverse("wagtailadmin_home"))


def review_url(task_state, obj) -> str:
    """Where a reviewer acts: ``task.get_review_url(task_state)`` if the task has one (both
    story steps), else the leaders' review screen for a leaders' step on a story or an event
    (Wagtail's own group approval task of the events), else the page editor."""
    url = None
    get_review_url = getattr(task_state.task.specific, "get_review_url", None)
    if callable(get_review_url):
        url = get_review_url(task_state)
    url = url or leaders_review_path(task_state)
    if url:
        return url if "://" in url else _absolute(url)
    return admin_url(obj)


@dataclass(frozen=True)
class Email:
    to: str
    language: str
    subject: str
    body: str
    html: str | None


def compose(user, subject: str, action: str, link: str) -> Email:
    """Translate the fixed sentences into ``user``'s language; nothing else goes in."""
    language = language_for(user)
    with translation.override(language):
        subject_text = gettext(subject)
        action_text = gettext(action)
        footer_text = gettext(FOOTER)
    body = f"{subject_text}\n\n{action_text}\n{link}\n\n{footer_text}\n"
    html = None
    if getattr(settings, "WAGTAILADMIN_NOTIFICATION_USE_HTML", False):
        html = (
            f'<!DOCTYPE html><html lang="{escape(language)}"><body>'
            f"<p>{escape(subject_text)}</p>"
            f'<p>{escape(action_text)}<br><a href="{escape(link)}">{escape(link)}</a></p>'
            f"<p><small>{escape(footer_text)}</small></p>"
            "</body></html>"
        )
    return Email(user.email, language, subject_text, body, html)


def deliver(emails: list[Email], notification: str) -> None:
    """Send once the current transaction commits (at once outside a transaction).

    ``notification`` names the kind in the log and the administrators' panel when the mail
    server refuses (base/mail.py): the action itself has committed and stays done.
    """
    if emails:
        transaction.on_commit(lambda: _send(emails, notification), robust=True)


def _message(email: Email) -> EmailMultiAlternatives:
    """As ``wagtail.admin.mail.send_mail`` writes it: Wagtail's sender, marked automatic."""
    from_email = getattr(settings, "WAGTAILADMIN_NOTIFICATION_FROM_EMAIL", None) or getattr(
        settings, "DEFAULT_FROM_EMAIL", "webmaster@localhost"
    )
    message = EmailMultiAlternatives(
        email.subject,
        email.body,
        from_email,
        [email.to],
        headers={"Auto-Submitted": "auto-generated"},
    )
    if email.html:
        message.attach_alternative(email.html, "text/html")
    return message


def _send(emails: list[Email], notification: str) -> int:
    return send_notifications(notification, [_message(email) for email in emails])


# --- Signal receivers -----------------------------------------------------------------------


def on_task_submitted(sender, instance=None, user=None, **kwargs):
    """A page reached a task: tell the people who can act on it."""
    task_state = instance
    if task_state is None:
        return
    obj = task_state.workflow_state.content_object
    kind = kind_of(obj)
    link = review_url(task_state, obj)
    deliver(
        [
            compose(reviewer, REVIEW_SUBJECT[kind], REVIEW_ACTION, link)
            for reviewer in reviewers_for(task_state, acting_user=user)
        ],
        "review request",
    )


def _is_published(obj) -> bool:
    """Live with the latest revision, read from the database (the instance may be stale)."""
    model = type(obj)
    fields = {field.attname for field in model._meta.concrete_fields}
    if not {"live", "live_revision_id", "latest_revision_id"} <= fields:
        return False
    row = (
        model._default_manager.filter(pk=obj.pk)
        .values("live", "live_revision_id", "latest_revision_id")
        .first()
    )
    return bool(row and row["live"] and row["live_revision_id"] == row["latest_revision_id"])


def on_workflow_approved(sender, instance=None, user=None, **kwargs):
    workflow_state = instance
    if workflow_state is None:
        return
    obj = workflow_state.content_object
    kind = kind_of(obj)
    subject = (PUBLISHED_SUBJECT if _is_published(obj) else APPROVED_SUBJECT)[kind]
    link = admin_url(obj)
    deliver(
        [
            compose(author, subject, APPROVED_ACTION, link)
            for author in authors_of(workflow_state)
            if _can_receive(author, user, "approved")
        ],
        "approval notice",
    )


def on_workflow_rejected(sender, instance=None, user=None, **kwargs):
    workflow_state = instance
    if workflow_state is None:
        return
    obj = workflow_state.content_object
    kind = kind_of(obj)
    link = admin_url(obj)
    deliver(
        [
            compose(author, SENT_BACK_SUBJECT[kind], SENT_BACK_ACTION[kind], link)
            for author in authors_of(workflow_state)
            if _can_receive(author, user, "rejected")
        ],
        "send-back notice",
    )


def send_comment_notification(recipient_users, notification, extra_context):
    """Stands in for ``wagtail.admin.mail.send_notification``: no title, no comment text."""
    if notification != "updated_comments":
        return _originals["send_notification"](recipient_users, notification, extra_context)
    page = extra_context.get("page")
    if page is None:
        return True
    editor = extra_context.get("editor")
    kind = kind_of(page)
    link = admin_url(page)
    deliver(
        [
            compose(user, COMMENTS_SUBJECT[kind], COMMENTS_ACTION, link)
            for user in _unique(recipient_users)
            if _can_receive(user, editor, "updated_comments")
        ],
        "comment notice",
    )
    return True


# --- Installing -----------------------------------------------------------------------------

OUR_HANDLERS = (
    ("task_submitted", on_task_submitted),
    ("workflow_approved", on_workflow_approved),
    ("workflow_rejected", on_workflow_rejected),
)


def _wagtail_registration_disabled():
    """Replaces ``wagtail.admin.signal_handlers.register_signal_handlers``: connects nothing.

    Wagtail's e-mails name the page and quote comments; ``moderation.notifications`` sends
    neutral ones instead.
    """


def _never(*args, **kwargs) -> bool:
    return False


def disconnect_wagtail_handlers() -> None:
    from wagtail import models as wagtail_models
    from wagtail import signals

    for signal_name, sender_name, dispatch_uid, _attr in WAGTAIL_HANDLERS:
        getattr(signals, signal_name).disconnect(
            sender=getattr(wagtail_models, sender_name), dispatch_uid=dispatch_uid
        )


def _patch_wagtail() -> None:
    import wagtail.admin.mail as wagtail_mail
    import wagtail.admin.signal_handlers as wagtail_handlers

    # Wagtail's ready() imports this function when it runs (after ours): make it connect nothing.
    if wagtail_handlers.register_signal_handlers is not _wagtail_registration_disabled:
        _originals["register_signal_handlers"] = wagtail_handlers.register_signal_handlers
        wagtail_handlers.register_signal_handlers = _wagtail_registration_disabled
    # Whoever connects Wagtail's notifier objects anyway, they send nothing.
    for *_rest, attr in WAGTAIL_HANDLERS:
        getattr(wagtail_handlers, attr).can_handle = _never
    # Comment notifications: the edit view imported send_notification by name.
    if wagtail_mail.send_notification is not send_comment_notification:
        _originals["send_notification"] = wagtail_mail.send_notification
        wagtail_mail.send_notification = send_comment_notification
    edit_views = sys.modules.get("wagtail.admin.views.pages.edit")
    if edit_views is not None:
        edit_views.send_notification = send_comment_notification


def install() -> None:
    """Turn Wagtail's workflow and comment e-mails off and ours on. Safe to call again."""
    from wagtail import signals

    _patch_wagtail()
    disconnect_wagtail_handlers()
    for signal_name, receiver in OUR_HANDLERS:
        getattr(signals, signal_name).connect(
            receiver, weak=False, dispatch_uid=_DISPATCH_PREFIX + signal_name
        )


def is_installed() -> bool:
    """Ours connected, Wagtail's neither connected nor able to send."""
    import wagtail.admin.mail as wagtail_mail
    import wagtail.admin.signal_handlers as wagtail_handlers
    from wagtail import signals

    def connected(signal, dispatch_uid) -> bool:
        return any(key[0] == dispatch_uid for key, *_ in signal.receivers)

    ours = all(
        connected(getattr(signals, name), _DISPATCH_PREFIX + name) for name, _r in OUR_HANDLERS
    )
    theirs_silent = all(
        not connected(getattr(signals, name), uid)
        and getattr(wagtail_handlers, attr).can_handle is _never
        for name, _sender, uid, attr in WAGTAIL_HANDLERS
    )
    edit_views = sys.modules.get("wagtail.admin.views.pages.edit")
    comments = wagtail_mail.send_notification is send_comment_notification and (
        edit_views is None or edit_views.send_notification is send_comment_notification
    )
    return ours and theirs_silent and comments
