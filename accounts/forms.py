"""The one field of the two-factor pages: a code typed on a phone."""

from django import forms
from django.utils.translation import gettext_lazy as _


def _code_input(numeric: bool) -> forms.TextInput:
    return forms.TextInput(
        attrs={
            # Phones offer the code from the authenticator app and keep it out of the
            # password manager.
            "autocomplete": "one-time-code",
            # The phone's number pad for the six digits; letters for a recovery code.
            "inputmode": "numeric" if numeric else "text",
            "autocapitalize": "off",
            "autocorrect": "off",
            "spellcheck": "false",
            "autofocus": True,
        }
    )


class EnrolCodeForm(forms.Form):
    """The six digits her authenticator app shows, to prove it was set up correctly."""

    code = forms.CharField(
        label=_("Six-digit code from the app"),
        max_length=20,
        widget=_code_input(numeric=True),
    )


class VerifyCodeForm(forms.Form):
    """A code from her authenticator app."""

    code = forms.CharField(
        label=_("Six-digit code from your authenticator app"),
        max_length=20,
        widget=_code_input(numeric=True),
    )


class RecoveryCodeForm(forms.Form):
    """One of the recovery codes she wrote down (each works once)."""

    code = forms.CharField(
        label=_("Recovery code"),
        help_text=_("Eight letters and numbers, for example ABCD-EFGH."),
        max_length=32,
        widget=_code_input(numeric=False),
    )
