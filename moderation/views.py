"""Leaders' review screens: "Stories to review" and one screen per story or event under review.

Built for leaders on phones, in Gujarati unless they chose another admin language. Every
decision goes through the workflow task itself (``on_action``), so the quorum, the author rule,
the consent guard and the audit log apply exactly as they do in Wagtail's own screens. The
review e-mails link here (``LeaderTaskMixin.get_review_url``, ``reviewing.review_path``).
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.forms import TaskStateCommentForm
from wagtail.models import Page, TaskState, WorkflowState

from consent.forms import OverrideForm
from consent.guard import PublicationRefused
from consent.lifecycle import may_withdraw
from consent.scanning import allow_findings, unresolved_findings

from .groups import is_leader
from .models import ConsentConfirmedTask, LeadersApproveTask, has_approved
from .review_content import event_content, language_name, story_content
from .reviewing import (
    EVENT,
    STORY,
    can_moderate,
    kind_of,
    review_language,
    waiting_states,
)
from .send_back import show_send_back_comments

TEMPLATES = {STORY: "moderation/review/review.html", EVENT: "moderation/review/review_event.html"}


def _in_review_language(user):
    return translation.override(review_language(user) or translation.get_language())


# --- Forms ------------------------------------------------------------------------------------


class SendBackForm(TaskStateCommentForm):
    comment = forms.CharField(
        label=gettext_lazy("What must change? (the author reads this)"),
        max_length=500,
        widget=forms.Textarea({"rows": 3}),
    )


def decision_form(task, action: str, data=None) -> forms.Form:
    if action == "reject":
        return SendBackForm(data, prefix="reject")
    # The consent step's two ticks (ConfirmConsentForm), else Wagtail's optional comment.
    form_class = task.get_form_for_action("approve") or TaskStateCommentForm
    return form_class(data, prefix="approve")


# --- "Stories to review" ------------------------------------------------------------------------


def waiting_items(states: list[TaskState]) -> list[dict]:
    """What a leader needs to pick one: its title in its language, the step, the progress."""
    page_ids = [int(state.workflow_state.object_id) for state in states]
    pages = Page.objects.filter(pk__in=page_ids).select_related("locale").in_bulk()
    items = []
    for state in states:
        page = pages.get(int(state.workflow_state.object_id))
        if page is None:
            continue
        task = state.task.specific_class
        kind = kind_of(state)
        if kind == EVENT:
            step = _("Event")
        elif task is ConsentConfirmedTask:
            step = _("Check consent")
        else:
            step = _("Leaders approve")
        items.append(
            {
                "state": state,
                "kind": kind,
                "title": state.revision.content.get("title") or page.title,
                "language": language_name(page.locale.language_code),
                "language_code": page.locale.language_code,
                "step": step,
                "is_quorum": task is LeadersApproveTask,
                "approvals": getattr(state, "approvals", 0),
                "url": reverse("moderation_review", args=[state.pk]),
            }
        )
    return items


def waiting_for_me(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not (user.is_superuser or is_leader(user)):
        raise PermissionDenied
    with _in_review_language(user):
        states = waiting_states(user).annotate(approvals=Count("leader_approvals"))
        items = waiting_items(list(states))
        # Rendered now (not a lazy TemplateResponse) so the whole page is in her language.
        return render(
            request,
            "moderation/review/waiting.html",
            {
                "stories": [item for item in items if item["kind"] == STORY],
                "events": [item for item in items if item["kind"] == EVENT],
                "page_title": _("Stories to review"),
            },
        )


# --- One story or event -------------------------------------------------------------------------


def outcome_message(state: TaskState, task, action: str, kind: str = STORY) -> str:
    """What the leader is told after deciding: what her decision did and what happens next."""
    if action == "reject":
        return _("Sent back. The author will read your comment.")
    state.refresh_from_db()
    if state.status == TaskState.STATUS_CANCELLED:
        return _("The story was changed, so the review starts again from the first step.")
    if state.status == TaskState.STATUS_IN_PROGRESS and isinstance(task, LeadersApproveTask):
        remaining = max(task.approvals_still_needed(state), 1)
        return ngettext(
            "Approved by you. Waiting for %(count)s more leader.",
            "Approved by you. Waiting for %(count)s more leaders.",
            remaining,
        ) % {"count": remaining}
    workflow_state = WorkflowState.objects.select_related("current_task_state__task").get(
        pk=state.workflow_state_id
    )
    if workflow_state.status == WorkflowState.STATUS_IN_PROGRESS:
        next_task = workflow_state.current_task_state.task.specific
        if isinstance(next_task, LeadersApproveTask):
            needed = next_task.required_approvals
            return ngettext(
                "Consent confirmed. Next, %(count)s leader must approve the story. "
                "Then it is published.",
                "Consent confirmed. Next, %(count)s different leaders must approve the story. "
                "Then it is published.",
                needed,
            ) % {"count": needed}
        return _("Approved. The next step has started.")
    published = Page.objects.filter(pk=state.workflow_state.object_id, live=True).exists()
    if kind == EVENT:  # "Published." agrees with "story" in Gujarati and Hindi
        return _("The event is published.") if published else _("The event is approved.")
    return _("Published.") if published else _("Approved.")


class ReviewScreen:
    """One leader deciding one step: what she may do, her POSTs, and the page she sees."""

    def __init__(self, request: HttpRequest, state: TaskState, kind: str):
        self.request = request
        self.user = request.user
        self.state = state
        self.kind = kind
        self.task = state.task.specific
        self.page = state.revision.as_object()
        live_page = state.workflow_state.content_object
        actions = {name for name, *_rest in self.task.get_actions(live_page, self.user)}
        self.is_quorum = isinstance(self.task, LeadersApproveTask)
        self.is_author = state.revision.user_id == self.user.pk
        self.has_approved = self.is_quorum and has_approved(state, self.user)
        self.can_approve = "approve" in actions and not (
            self.is_quorum and (self.is_author or self.has_approved)
        )
        self.can_reject = "reject" in actions
        self.may_allow_details = self.user.has_perm("consent.add_identifyingdetailoverride")
        self.forms = {action: decision_form(self.task, action) for action in ("approve", "reject")}
        self.allow_form = OverrideForm(prefix="allow")

    def post(self) -> HttpResponse | None:
        """A redirect once something was done; None when a form has errors (shown again)."""
        action = self.request.POST.get("action")
        if action == "allow_details":
            return self.allow_details()
        if (action == "approve" and not self.can_approve) or (
            action == "reject" and not self.can_reject
        ):
            raise PermissionDenied
        if action not in ("approve", "reject"):
            return self.redirect_here()
        return self.decide(action)

    def allow_details(self) -> HttpResponse | None:
        if not self.may_allow_details:
            raise PermissionDenied
        self.allow_form = OverrideForm(self.request.POST, prefix="allow")
        if not self.allow_form.is_valid():
            return None
        findings = unresolved_findings(self.page)
        if findings:
            allow_findings(self.page, findings, self.allow_form.cleaned_data["reason"], self.user)
            messages.success(
                self.request, _("The marked details may now be published with this story.")
            )
        return self.redirect_here()

    def decide(self, action: str) -> HttpResponse | None:
        form = decision_form(self.task, action, self.request.POST)
        self.forms[action] = form
        if not form.is_valid():
            return None
        try:
            with transaction.atomic():
                self.task.on_action(self.state, self.user, action, **form.cleaned_data)
        except PublicationRefused as error:
            messages.error(self.request, " ".join(str(m) for m in error.messages))
            return self.redirect_here()
        messages.success(self.request, outcome_message(self.state, self.task, action, self.kind))
        return redirect("moderation_waiting")

    def redirect_here(self) -> HttpResponse:
        return redirect("moderation_review", task_state_id=self.state.pk)

    def render(self, status: int = 200) -> HttpResponse:
        findings = unresolved_findings(self.page)
        texts = {found.finding.text for found in findings}
        if self.kind == STORY:
            content = story_content(self.request, self.page, texts)
        else:
            content = event_content(self.request, self.page, texts)
        context = {
            **content,
            "page_title": _("Review a story") if self.kind == STORY else _("Check an event"),
            "state": self.state,
            "task": self.task,
            "page": self.page,
            "content_language": self.page.locale.language_code,
            "findings": findings,
            "is_consent_step": isinstance(self.task, ConsentConfirmedTask),
            "can_approve": self.can_approve,
            "can_reject": self.can_reject,
            "is_author": self.is_author,
            "has_approved": self.has_approved,
            "approve_form": self.forms["approve"],
            "reject_form": self.forms["reject"],
            "allow_form": self.allow_form,
            "can_allow_details": self.may_allow_details and bool(findings),
        }
        if self.is_quorum:
            context["required"] = self.task.required_approvals
            context["still_needed"] = self.task.approvals_still_needed(self.state)
            context["approvals"] = context["required"] - context["still_needed"]
        consent = content.get("consent")
        context["can_withdraw"] = (
            consent is not None
            and consent.status == consent.Status.ACTIVE
            and may_withdraw(self.user)
        )
        return render(self.request, TEMPLATES[self.kind], context, status=status)


def review(request: HttpRequest, task_state_id: int) -> HttpResponse:
    user = request.user
    state = get_object_or_404(
        TaskState.objects.select_related("task", "revision", "workflow_state"), pk=task_state_id
    )
    kind = kind_of(state)
    if kind is None:
        raise PermissionDenied
    if state.status != TaskState.STATUS_IN_PROGRESS:
        with _in_review_language(user):
            if kind == STORY:
                messages.info(request, _("This story has already been decided."))
            else:
                messages.info(request, _("This event has already been decided."))
        return redirect("moderation_waiting")
    if not can_moderate(user, state):
        raise PermissionDenied
    with _in_review_language(user):
        screen = ReviewScreen(request, state, kind)
        if request.method == "POST":
            response = screen.post()
            if response is not None:
                return response
            return screen.render(status=400)
        return screen.render()


# --- Dashboard --------------------------------------------------------------------------------


class StoriesWaitingPanel(Component):
    """First thing a leader sees after logging in: how many stories wait for her, and one button."""

    name = "stories_waiting_for_you"
    order = 10  # before Wagtail's own panels
    template_name = "moderation/stories_waiting_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        return {
            "count": waiting_states(self.user, STORY).count(),
            "event_count": waiting_states(self.user, EVENT).count(),
            "items": waiting_items(list(waiting_states(self.user)[:5])),
        }


@hooks.register("construct_homepage_panels")
def add_stories_waiting_panel(request, panels):
    user = request.user
    if user.is_superuser or is_leader(user):
        panels.append(StoriesWaitingPanel(user))


# --- Registration -----------------------------------------------------------------------------


class ReviewMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser or is_leader(request.user)


@hooks.register("register_admin_urls")
def review_urls():
    return [
        path("stories-to-review/", waiting_for_me, name="moderation_waiting"),
        path("stories-to-review/<int:task_state_id>/", review, name="moderation_review"),
    ]


@hooks.register("register_admin_menu_item")
def review_menu_item():
    return ReviewMenuItem(
        gettext_lazy("Stories to review"),
        reverse("moderation_waiting"),
        name="stories-to-review",
        icon_name="tasks",
        order=150,
    )


# The send-back comment at the top of the page editor (moderation/send_back.py).
hooks.register("before_edit_page", show_send_back_comments)
