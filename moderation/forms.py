"""The form a leader fills in to confirm consent in the workflow."""

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
