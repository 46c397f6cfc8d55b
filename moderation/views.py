"""Leaders' review screens: "Stories to review" and one screen per story or event under review.

Built for leaders on phones, in Gujarati unless they chose another admin language. Every
decision goes through the workflow task itself (``on_action``), so the quorum, the author rule,
the consent guard and the audit log apply exactly as they do in Wagtail's own screens. The
review e-mails link here (``LeaderTaskMixin.get_review_url``, ``reviewing.review_path``).
The URLs are in admin_urls.py, the dashboard panel in panels.py.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from wagtail.models import Page, TaskState, WorkflowState

from consent.forms import OverrideForm
from consent.guard import PublicationRefused
from consent.lifecycle import may_withdraw
from consent.scanning import allow_findings, unresolved_findings

from .forms import decision_form
from .models import ConsentConfirmedTask, LeadersApproveTask, has_approved
from .reviewing import (
    EVENT,
    PRESS_RELEASE,
    STORY,
    can_moderate,
    review_language,
    reviewed_type,
    sees_review_screens,
    waiting_items,
    waiting_states,
)


def in_review_language(user):
    """The screens speak the leader's review language, whatever the request's language is."""
    return translation.override(review_language(user) or translation.get_language())


class WaitingForMeView(View):
    """ "Stories to review": the stories and the events waiting for this leader's decision."""

    template_name = "moderation/review/waiting.html"

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not sees_review_screens(request.user):
            raise PermissionDenied
        with in_review_language(request.user):
            return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        states = waiting_states(request.user).annotate(approvals=Count("leader_approvals"))
        items = waiting_items(list(states))
        # Rendered now (not a lazy TemplateResponse) so the whole page is in her language.
        return render(request, self.template_name, self.get_context_data(items))

    def get_context_data(self, items: list[dict]) -> dict:
        return {
            "stories": [item for item in items if item["kind"] == STORY],
            "events": [item for item in items if item["kind"] == EVENT],
            "press_releases": [item for item in items if item["kind"] == PRESS_RELEASE],
            "page_title": _("Stories to review"),
        }


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
        return _next_step_message(workflow_state.current_task_state.task.specific)
    published = Page.objects.filter(pk=state.workflow_state.object_id, live=True).exists()
    if kind == EVENT:  # "Published." agrees with "story" in Gujarati and Hindi
        return _("The event is published.") if published else _("The event is approved.")
    if kind == PRESS_RELEASE:
        if published:
            return _("The press release is published.")
        return _("The press release is approved.")
    return _("Published.") if published else _("Approved.")


def _next_step_message(next_task) -> str:
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


class ReviewView(View):
    """One leader deciding one step of a story or an event: the page she sees and her POSTs.

    Shaped like Wagtail's generic workflow views (``BaseWorkflowFormView``): ``setup`` finds
    the task state, ``dispatch`` checks it may be decided here, ``check_action`` refuses what she
    may not do, and each POST action has its own method.
    """

    def setup(self, request: HttpRequest, *args, task_state_id: int, **kwargs) -> None:
        super().setup(request, *args, **kwargs)
        self.user = request.user
        self.state = self.get_task_state(task_state_id)
        # How the page's own app registered it (moderation/registry.py); None: not shown here.
        self.reviewed = reviewed_type(self.state)
        self.kind = self.reviewed.kind if self.reviewed is not None else None

    def get_task_state(self, task_state_id: int) -> TaskState:
        return get_object_or_404(
            TaskState.objects.select_related("task", "revision", "workflow_state"),
            pk=task_state_id,
        )

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if self.kind is None:
            raise PermissionDenied
        if self.state.status != TaskState.STATUS_IN_PROGRESS:
            return self.already_decided()
        if not can_moderate(self.user, self.state):
            raise PermissionDenied
        with in_review_language(self.user):
            self.set_up_decision()
            return super().dispatch(request, *args, **kwargs)

    def already_decided(self) -> HttpResponse:
        with in_review_language(self.user):
            if self.kind == STORY:
                messages.info(self.request, _("This story has already been decided."))
            elif self.kind == PRESS_RELEASE:
                messages.info(self.request, _("This press release has already been decided."))
            else:
                messages.info(self.request, _("This event has already been decided."))
        return redirect("moderation_waiting")

    def set_up_decision(self) -> None:
        """The step, the page as submitted, and what this leader may do with it."""
        self.task = self.state.task.specific
        self.page = self.state.revision.as_object()
        live_page = self.state.workflow_state.content_object
        actions = {name for name, *_rest in self.task.get_actions(live_page, self.user)}
        self.is_quorum = isinstance(self.task, LeadersApproveTask)
        self.is_author = self.state.revision.user_id == self.user.pk
        self.has_approved = self.is_quorum and has_approved(self.state, self.user)
        self.can_approve = "approve" in actions and not (
            self.is_quorum and (self.is_author or self.has_approved)
        )
        self.can_reject = "reject" in actions
        self.may_allow_details = self.user.has_perm("consent.add_identifyingdetailoverride")
        self.forms = {action: decision_form(self.task, action) for action in ("approve", "reject")}
        self.allow_form = OverrideForm(prefix="allow")

    # --- GET ---------------------------------------------------------------------------------

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return self.render_screen()

    def render_screen(self, status: int = 200) -> HttpResponse:
        # Rendered now (not a lazy TemplateResponse) so the whole page is in her language.
        return render(
            self.request,
            self.reviewed.template_name,
            self.get_context_data(),
            status=status,
        )

    # --- POST --------------------------------------------------------------------------------

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        """A redirect once something was done; the screen again (400) when a form has errors."""
        action = request.POST.get("action")
        if action == "allow_details":
            response = self.post_allow_details()
        else:
            self.check_action(action)
            if action not in ("approve", "reject"):
                return self.redirect_here()
            response = self.post_decision(action)
        return response if response is not None else self.render_screen(status=400)

    def check_action(self, action: str | None) -> None:
        if (action == "approve" and not self.can_approve) or (
            action == "reject" and not self.can_reject
        ):
            raise PermissionDenied

    def post_allow_details(self) -> HttpResponse | None:
        """A leader allows the flagged details to be published with this story."""
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

    def post_decision(self, action: str) -> HttpResponse | None:
        """Approve or send back, through the task; a refused publication is shown, not raised."""
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

    # --- Context -----------------------------------------------------------------------------

    def page_title(self) -> str:
        if self.kind == STORY:
            return _("Review a story")
        if self.kind == PRESS_RELEASE:
            return _("Check a press release")
        return _("Check an event")

    def get_context_data(self) -> dict:
        findings = unresolved_findings(self.page)
        content = self.get_page_content({found.finding.text for found in findings})
        return {
            **content,
            "page_title": self.page_title(),
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
            **self.get_quorum_context(),
            "can_withdraw": self.can_withdraw(content.get("consent")),
        }

    def get_page_content(self, texts: set[str]) -> dict:
        """The page as the public will see it, each flagged detail marked (its app's
        ``content``, e.g. stories/review_screen.py)."""
        return self.reviewed.content(self.request, self.page, texts)

    def get_quorum_context(self) -> dict:
        if not self.is_quorum:
            return {}
        required = self.task.required_approvals
        still_needed = self.task.approvals_still_needed(self.state)
        return {
            "required": required,
            "still_needed": still_needed,
            "approvals": required - still_needed,
        }

    def can_withdraw(self, consent) -> bool:
        return (
            consent is not None
            and consent.status == consent.Status.ACTIVE
            and may_withdraw(self.user)
        )
