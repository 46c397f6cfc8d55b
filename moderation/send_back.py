"""The leaders' send-back comment, shown at the top of the page editor until it is resubmitted.

E-mails never quote a comment (moderation/notifications.py), so the author reads it here: on
every opening of the edit screen of a page whose workflow is waiting for changes, a message at
the top names the leader who sent it back, the date, and what she wrote, in the viewer's admin
language. Once the page is submitted again the workflow is no longer waiting for changes and
the message goes.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpRequest
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join, linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from wagtail.models import TaskState, WorkflowState

DATE_FORMAT = "j F Y"  # month names from the catalogues, as everywhere in the admin


@dataclass(frozen=True)
class SendBackComment:
    author: str
    date: str
    text: str


def display_name(user) -> str:
    """What the admin calls a person: her display name, else her username."""
    if user is None:
        return _("a leader")
    return user.get_full_name() or user.get_username()


def latest_send_back(page) -> list[SendBackComment]:
    """The comments of the latest send-back, while the page waits for changes; else nothing.

    That is every comment given in the round of review that ended with the latest send-back
    (the send-back itself, and any comment a leader added while approving in that round),
    oldest first; comments of earlier rounds are settled.
    """
    workflow_state = (
        WorkflowState.objects.for_instance(page)
        .filter(status=WorkflowState.STATUS_NEEDS_CHANGES)
        .order_by("-created_at")
        .first()
    )
    if workflow_state is None:
        return []
    send_backs = list(
        workflow_state.task_states.filter(
            status=TaskState.STATUS_REJECTED, finished_at__isnull=False
        ).order_by("-finished_at", "-pk")[:2]
    )
    if not send_backs:
        return []
    this_round = workflow_state.task_states.exclude(comment="").filter(
        finished_at__lte=send_backs[0].finished_at
    )
    if len(send_backs) > 1:
        this_round = this_round.filter(finished_at__gt=send_backs[1].finished_at)
    return [
        SendBackComment(
            author=display_name(state.finished_by),
            date=formats.date_format(timezone.localtime(state.finished_at), DATE_FORMAT),
            text=state.comment,
        )
        for state in this_round.select_related("finished_by").order_by("finished_at", "pk")
    ]


def send_back_message(comments: list[SendBackComment]) -> SafeString:
    """The message: a heading, then each comment with its author and date (all escaped)."""
    return format_html(
        "<strong>{}</strong>{}",
        _("The leaders sent this back. Please change it, then submit it again."),
        format_html_join(
            "",
            '<div class="send-back-comment"><strong>{}</strong> {}</div>',
            (
                (
                    _("%(name)s wrote on %(date)s:") % {"name": c.author, "date": c.date},
                    # linebreaks() escapes her text first; only <p> and <br> are added.
                    mark_safe(linebreaks(c.text, autoescape=True)),  # noqa: S308
                )
                for c in comments
            ),
        ),
    )


def show_send_back_comments(request: HttpRequest, page) -> None:
    """``before_edit_page`` hook: the message, on the editor's own GET (not autosave, not POST).

    A message added to a POST would be shown once more on the page after it.
    """
    if request.method != "GET" or not request.accepts("text/html"):
        return
    comments = latest_send_back(page)
    if comments:
        messages.warning(request, send_back_message(comments))
