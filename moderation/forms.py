"""The forms a leader fills in on the review screen: confirming consent, sending back, approving."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.forms import TaskStateCommentForm


class ConfirmConsentForm(TaskStateCommentForm):
    heard_final_text = forms.BooleanField(
        required=True,
        label=_("The storyteller has heard or read the final text"),
    )
    consent_covers_it = forms.BooleanField(
        required=True,
        label=_("Her consent record covers this story, its photos, voice and languages"),
    )


class SendBackForm(TaskStateCommentForm):
    comment = forms.CharField(
        label=_("What must change? (the author reads this)"),
        max_length=500,
        widget=forms.Textarea({"rows": 3}),
    )


def decision_form(task, action: str, data=None) -> forms.Form:
    """The form for "approve" or "reject" (send back) on this task, bound when data is given."""
    if action == "reject":
        return SendBackForm(data, prefix="reject")
    # The consent step's two ticks (ConfirmConsentForm), else Wagtail's optional comment.
    form_class = task.get_form_for_action("approve") or TaskStateCommentForm
    return form_class(data, prefix="approve")
