"""Leaders' review screens: "Waiting for me" and one screen per story under review.

Built for leaders on phones, in Gujarati unless they chose another admin language. Every
decision goes through the workflow task itself (``on_action``), so the quorum, the author rule,
the consent guard and the audit log apply exactly as they do in Wagtail's own screens.
"""

import re

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.forms import TaskStateCommentForm
from wagtail.models import Page, TaskState
from wagtail.users.models import UserProfile

from consent.forms import OverrideForm
from consent.guard import ConsentGuardError
from consent.scanning import allow_findings, unresolved_findings

from .forms import ConfirmConsentForm
from .groups import LEADERS_LANGUAGE, is_leader
from .models import ConsentConfirmedTask, LeaderApproval, LeadersApproveTask

# --- Language ---------------------------------------------------------------------------------


def review_language(user) -> str | None:
    """The language these screens speak: the user's choice, else Gujarati for leaders."""
    chosen = (
        UserProfile.objects.filter(user=user).values_list("preferred_language", flat=True).first()
    )
    if chosen:
        return chosen
    if is_leader(user):
        return LEADERS_LANGUAGE
    return None


def _render(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    # Rendered now (not a lazy TemplateResponse) so the whole page is in the review language.
    return render(request, template, context, status=status)


# --- Queries ----------------------------------------------------------------------------------


def _story_content_type():
    from stories.models import StoryPage

    return ContentType.objects.get_for_model(StoryPage)


def waiting_states(user):
    """In-progress task states on story pages that this user may decide, newest first."""
    return (
        TaskState.objects.reviewable_by(user)
        .filter(
            status=TaskState.STATUS_IN_PROGRESS,
            workflow_state__content_type=_story_content_type(),
        )
        .select_related("task", "revision", "workflow_state")
        .annotate(approvals=Count("leader_approvals"))
        .order_by("-started_at", "-pk")
    )


def _can_moderate(user, state: TaskState) -> bool:
    return TaskState.objects.reviewable_by(user).filter(pk=state.pk).exists()


# --- Forms ------------------------------------------------------------------------------------


class SendBackForm(TaskStateCommentForm):
    comment = forms.CharField(
        label=gettext_lazy("What must change? (the author reads this)"),
        max_length=500,
        widget=forms.Textarea({"rows": 3}),
    )


def _form_for(task, action: str, data=None):
    if action == "reject":
        return SendBackForm(data, prefix="reject")
    form_class = task.get_form_for_action("approve")
    if isinstance(task, ConsentConfirmedTask):
        form_class = ConfirmConsentForm
    return form_class(data, prefix="approve")


# --- Highlighting identifying details ---------------------------------------------------------

_TAG = re.compile(r"(<[^>]*>)")


def highlight(html: str, texts: set[str]) -> str:
    """Wrap each flagged detail in <mark>, only in text between tags (never inside attributes)."""
    if not texts:
        return html
    escaped = sorted({escape(text) for text in texts if text}, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(text) for text in escaped))
    parts = _TAG.split(str(html))
    for index, part in enumerate(parts):
        if part and not part.startswith("<"):
            parts[index] = pattern.sub(
                lambda match: f'<mark class="review-mark">{match.group(0)}</mark>', part
            )
    return "".join(parts)


def _marked_html(html: str, texts: set[str]) -> str:
    # Wagtail's own block HTML, with only <mark> elements added around escaped text.
    return mark_safe(highlight(str(html), texts))  # noqa: S308


def _marked_text(value: str, texts: set[str]) -> str:
    return mark_safe(highlight(escape(value or ""), texts))  # noqa: S308 (escaped first)


# --- Views ------------------------------------------------------------------------------------


def waiting_items(states: list[TaskState]) -> list[dict]:
    """What a leader needs to pick a story: its title in its language, the step, the progress."""
    page_ids = [int(state.workflow_state.object_id) for state in states]
    pages = Page.objects.filter(pk__in=page_ids).select_related("locale").in_bulk()
    items = []
    for state in states:
        page = pages.get(int(state.workflow_state.object_id))
        if page is None:
            continue
        task = state.task.specific_class
        step = _("Check consent") if task is ConsentConfirmedTask else _("Leaders approve")
        items.append(
            {
                "state": state,
                "title": state.revision.content.get("title") or page.title,
                "language": _language_name(page.locale.language_code),
                "language_code": page.locale.language_code,
                "step": step,
                "is_quorum": task is LeadersApproveTask,
                "url": reverse("moderation_review", args=[state.pk]),
            }
        )
    return items


def waiting_for_me(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not (user.is_superuser or is_leader(user)):
        raise PermissionDenied
    language = review_language(user)
    with translation.override(language or translation.get_language()):
        items = waiting_items(list(waiting_states(user)))
        return _render(
            request,
            "moderation/review/waiting.html",
            {"items": items, "page_title": _("Stories to review")},
        )


def _outcome_message(state: TaskState, task, action: str, page_id: int) -> str:
    state.refresh_from_db()
    if action == "reject":
        return _("Sent back. The author will read your comment.")
    if state.status == TaskState.STATUS_CANCELLED:
        return _("The story was changed, so the review starts again from the first step.")
    if isinstance(task, ConsentConfirmedTask):
        return _("Consent confirmed. Now leaders approve the story.")
    if state.status == TaskState.STATUS_APPROVED:
        if Page.objects.filter(pk=page_id, live=True).exists():
            return _("Published.")
        return _("Approved.")
    remaining = max(
        task.required_approvals - LeaderApproval.objects.filter(task_state=state).count(), 1
    )
    return ngettext(
        "Approved. %(count)s more leader must approve.",
        "Approved. %(count)s more leaders must approve.",
        remaining,
    ) % {"count": remaining}


def review(request: HttpRequest, task_state_id: int) -> HttpResponse:
    from stories.models import StoryPage

    user = request.user
    state = get_object_or_404(
        TaskState.objects.select_related("task", "revision", "workflow_state"), pk=task_state_id
    )
    if state.workflow_state.content_type_id != _story_content_type().pk:
        raise PermissionDenied
    if state.status != TaskState.STATUS_IN_PROGRESS:
        with translation.override(review_language(user) or translation.get_language()):
            messages.info(request, _("This story has already been decided."))
        return redirect("moderation_waiting")
    if not _can_moderate(user, state):
        raise PermissionDenied

    task = state.task.specific
    live_page = state.workflow_state.content_object
    page = state.revision.as_object()
    if not isinstance(page, StoryPage):
        raise PermissionDenied
    actions = {name for name, *_rest in task.get_actions(live_page, user)}
    is_author = state.revision.user_id == user.pk
    can_approve = "approve" in actions and not (isinstance(task, LeadersApproveTask) and is_author)
    can_reject = "reject" in actions

    language = review_language(user)
    with translation.override(language or translation.get_language()):
        forms_by_action = {
            "approve": _form_for(task, "approve"),
            "reject": _form_for(task, "reject"),
        }
        allow_form = OverrideForm(prefix="allow")
        can_allow_details = user.has_perm("consent.add_identifyingdetailoverride")
        status = 200
        if request.method == "POST" and request.POST.get("action") == "allow_details":
            if not can_allow_details:
                raise PermissionDenied
            findings = unresolved_findings(page)
            allow_form = OverrideForm(request.POST, prefix="allow")
            if allow_form.is_valid():
                if findings:
                    allow_findings(page, findings, allow_form.cleaned_data["reason"], user)
                    messages.success(
                        request, _("The marked details may now be published with this story.")
                    )
                return redirect("moderation_review", task_state_id=state.pk)
            status = 400
        elif request.method == "POST":
            action = request.POST.get("action")
            if (action == "approve" and not can_approve) or (action == "reject" and not can_reject):
                raise PermissionDenied
            if action not in ("approve", "reject"):
                return redirect("moderation_review", task_state_id=state.pk)
            form = _form_for(task, action, request.POST)
            forms_by_action[action] = form
            if form.is_valid():
                try:
                    with transaction.atomic():
                        task.on_action(state, user, action, **form.cleaned_data)
                except ConsentGuardError as error:
                    messages.error(request, " ".join(str(m) for m in error.messages))
                    return redirect("moderation_review", task_state_id=state.pk)
                messages.success(
                    request, _outcome_message(state, task, action, state.workflow_state.object_id)
                )
                return redirect("moderation_waiting")
            status = 400

        consent = page.consent
        findings = unresolved_findings(page)
        texts = {found.finding.text for found in findings}
        content_language = page.locale.language_code
        with translation.override(content_language):
            block_context = {"request": request, "page": page}
            body = [
                _marked_html(child.render_as_block(block_context), texts) for child in page.body
            ]
            told_to = page.get_as_told_to_display()
        approvals = 0
        if isinstance(task, LeadersApproveTask):
            approvals = LeaderApproval.objects.filter(task_state=state).count()
        context = {
            "page_title": _("Review a story"),
            "state": state,
            "task": task,
            "page": page,
            "title": _marked_text(page.title, texts),
            "pseudonym": _marked_text(page.pseudonym, texts),
            "summary": _marked_text(page.summary, texts),
            "told_to": told_to,
            "body": body,
            "content_language": content_language,
            "consent": consent,
            "scopes": _scope_labels(consent),
            "consent_languages": _language_names(consent),
            "findings": findings,
            "is_consent_step": isinstance(task, ConsentConfirmedTask),
            "can_approve": can_approve,
            "can_reject": can_reject,
            "is_author": is_author,
            "approvals": approvals,
            "required": getattr(task, "required_approvals", 0),
            "approve_form": forms_by_action["approve"],
            "reject_form": forms_by_action["reject"],
            "allow_form": allow_form,
            "can_allow_details": can_allow_details and bool(findings),
            "can_withdraw": consent is not None
            and consent.status == consent.Status.ACTIVE
            and user.has_perm("consent.withdraw_consentrecord"),
        }
        return _render(request, "moderation/review/review.html", context, status=status)


def _scope_labels(consent) -> list[str]:
    if consent is None:
        return []
    scopes = consent.scopes()
    return [
        str(consent._meta.get_field(f"covers_{scope}").verbose_name)
        for scope in ("text", "photo", "voice", "press")
        if scope in scopes
    ]


def _language_names(consent) -> list[str]:
    if consent is None:
        return []
    return [_language_name(code) for code in sorted(consent.language_codes())]


def _language_name(code: str) -> str:
    """The language's own name, as in settings.LANGUAGES (ગુજરાતી, हिन्दी, English)."""
    return dict(settings.LANGUAGES).get(code, code)


# --- Dashboard --------------------------------------------------------------------------------


class StoriesWaitingPanel(Component):
    """First thing a leader sees after logging in: how many stories wait for her, and one button."""

    name = "stories_waiting_for_you"
    order = 10  # before Wagtail's own panels
    template_name = "moderation/stories_waiting_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        states = waiting_states(self.user)
        return {"count": states.count(), "items": waiting_items(list(states[:5]))}


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
