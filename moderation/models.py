"""The leaders' workflow tasks: "Consent confirmed" and "Leaders approve" (a quorum)."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.models import TaskState
from wagtail.models.workflows import AbstractGroupApprovalTask


class LeaderTaskMixin:
    """Shared by both tasks: leaders act; a superuser acting instead is logged as an override."""

    def get_review_url(self, task_state: TaskState) -> str:
        """The leaders' own review screen (moderation/views.py), not Wagtail's page editor.

        Read by moderation/notifications.py for the link in "waiting for your review" e-mails.
        """
        return reverse("moderation_review", args=[task_state.pk])

    @staticmethod
    def _restart_if_edited(task_state: TaskState, user) -> bool:
        """If the story changed since this step started, the leaders start again from step 1.

        (WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT covers edits saved through the editor;
        this also covers revisions saved any other way while a leader was deciding.)
        """
        page = task_state.workflow_state.content_object
        latest = page.get_latest_revision()
        if latest is None or latest.pk == task_state.revision_id:
            return False
        workflow = task_state.workflow_state.workflow
        task_state.workflow_state.cancel(user=user)
        workflow.start(page, user)
        return True

    def _log_override_if_superuser(self, task_state: TaskState, user, action_name: str) -> None:
        if user.is_superuser and not self._user_in_groups(user):
            log(
                instance=task_state.workflow_state.content_object,
                action="samvedna.moderation.override",
                user=user,
                data={"task": self.name, "action": action_name},
                revision=task_state.revision,
            )


class ConsentConfirmedTask(LeaderTaskMixin, AbstractGroupApprovalTask):
    """A leader confirms the storyteller agreed to the final text and the consent covers it."""

    def get_actions(self, obj, user):
        if user.is_superuser or self._user_in_groups(user):
            return [
                ("reject", _("Send back"), True),
                ("approve", _("Consent confirmed"), True),
            ]
        return []

    def get_form_for_action(self, action):
        from wagtail.forms import TaskStateCommentForm

        from .forms import ConfirmConsentForm

        return ConfirmConsentForm if action == "approve" else TaskStateCommentForm

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve":
            if self._restart_if_edited(task_state, user):
                return
            page = task_state.revision.as_object()
            check = getattr(page, "check_publication", None)
            if check is not None:
                check()  # a PublicationRefused tells the leader what is missing
            self._log_override_if_superuser(task_state, user, action_name)
            task_state.approve(user=user, comment=kwargs.get("comment", ""))
        elif action_name == "reject":
            self._log_override_if_superuser(task_state, user, action_name)
            task_state.reject(user=user, comment=kwargs.get("comment", ""))

    @classmethod
    def get_description(cls):
        return _("A Samvedna leader confirms the storyteller's consent covers the final story")

    class Meta:
        verbose_name = _("consent confirmed task")
        verbose_name_plural = _("consent confirmed tasks")


class LeadersApproveTask(LeaderTaskMixin, AbstractGroupApprovalTask):
    """N distinct leaders must approve; any one can send it back; the author cannot approve."""

    required_approvals = models.PositiveSmallIntegerField(
        default=2,
        verbose_name=_("approvals needed"),
        help_text=_("How many different leaders must approve before the story is published."),
    )

    admin_form_fields = [*AbstractGroupApprovalTask.admin_form_fields, "required_approvals"]

    @staticmethod
    def _is_author(task_state: TaskState, user) -> bool:
        return task_state.revision.user_id == user.pk

    def get_reviewers(self, task_state: TaskState):
        """Who is asked to review (notifications): the leaders, minus the story's author."""
        from django.contrib.auth import get_user_model

        return (
            get_user_model()
            .objects.filter(groups__in=self.groups.all(), is_active=True)
            .exclude(pk=task_state.revision.user_id)
            .distinct()
        )

    def get_actions(self, obj, user):
        if not (user.is_superuser or self._user_in_groups(user)):
            return []
        actions = [("reject", _("Send back"), True)]
        # The state of THIS page (obj): the author and a leader who already approved get no
        # Approve button, in Wagtail's editor as on the leaders' screen.
        state = getattr(obj, "current_workflow_task_state", None)
        if state is None or not (self._is_author(state, user) or has_approved(state, user)):
            actions.append(("approve", _("Approve"), False))
        return actions

    def approvals_still_needed(self, task_state: TaskState) -> int:
        """How many more different leaders must approve this revision (0 once enough have)."""
        count = LeaderApproval.objects.filter(task_state=task_state).count()
        return max(self.required_approvals - count, 0)

    def on_action(self, task_state, user, action_name, **kwargs):
        comment = kwargs.get("comment", "")
        if action_name == "reject":
            self._log_override_if_superuser(task_state, user, action_name)
            task_state.reject(user=user, comment=comment)
            return
        if action_name != "approve":
            return
        with transaction.atomic():
            # Serialise approvals of one task: two leaders approving at once publish once.
            state = TaskState.objects.select_for_update().get(pk=task_state.pk)
            if state.status != TaskState.STATUS_IN_PROGRESS:
                return
            if self._restart_if_edited(state, user):
                return
            if self._is_author(state, user):
                raise PermissionDenied(_("The author of a story cannot approve it."))
            if user.is_superuser and not self._user_in_groups(user):
                self._log_override_if_superuser(state, user, action_name)
                state.approve(user=user, comment=comment)
                return
            LeaderApproval.objects.get_or_create(task_state=state, user=user)
            count = LeaderApproval.objects.filter(task_state=state).count()
            if count >= self.required_approvals:
                state.approve(user=user, comment=comment)
            else:
                log(
                    instance=state.workflow_state.content_object,
                    action="samvedna.moderation.approval_recorded",
                    user=user,
                    data={"approvals": count, "needed": self.required_approvals},
                    revision=state.revision,
                )

    @classmethod
    def get_description(cls):
        return _("The chosen number of different Samvedna leaders must approve")

    class Meta:
        verbose_name = _("leaders approve task")
        verbose_name_plural = _("leaders approve tasks")


class LeaderApproval(models.Model):
    """One leader's approval of one task state (a revision in the quorum step)."""

    task_state = models.ForeignKey(
        TaskState, on_delete=models.CASCADE, related_name="leader_approvals"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    approved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["task_state", "user"], name="one_approval_per_leader")
        ]

    def __str__(self) -> str:
        return f"Approval #{self.pk}"


def has_approved(task_state: TaskState, user) -> bool:
    """Whether ``user`` has already approved this task state (the quorum step)."""
    return LeaderApproval.objects.filter(task_state=task_state, user_id=user.pk).exists()
