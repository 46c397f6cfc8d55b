"""The fields she fills in herself: a code typed on a phone, and her own password."""

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


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


# --- Her own password (the invitation link) -------------------------------------------------------

# Django's validators, in words a person with little schooling understands, in her language
# (Django has no Gujarati catalogue, and its Hindi one lacks these messages).
_PASSWORD_PROBLEMS = {
    "password_too_common": _(
        "Many people use this password, so it is easy to guess. Choose another one."
    ),
    "password_entirely_numeric": _(
        "A password of numbers only is easy to guess. Add some letters."
    ),
    "password_too_similar": _(
        "This password is too much like your name or e-mail address. Choose another one."
    ),
}


def minimum_password_length() -> int:
    lengths = [
        validator.min_length
        for validator in password_validation.get_default_password_validators()
        if isinstance(validator, password_validation.MinimumLengthValidator)
    ]
    return max(lengths, default=1)


def _too_short(length: int) -> str:
    return ngettext(
        "This password is too short. Use at least %(count)d letter, number or sign.",
        "This password is too short. Use at least %(count)d letters, numbers or signs.",
        length,
    ) % {"count": length}


def password_problems(password: str, user: AbstractBaseUser) -> list[str]:
    """What Django's password validators find wrong with ``password``, in plain words."""
    try:
        password_validation.validate_password(password, user=user)
    except ValidationError as error:
        problems = []
        for item in error.error_list:
            if item.code == "password_too_short":
                problems.append(_too_short(minimum_password_length()))
            elif item.code in _PASSWORD_PROBLEMS:
                problems.append(str(_PASSWORD_PROBLEMS[item.code]))
            else:
                problems.extend(item.messages)
        return problems
    return []


def _password_input(**attrs: str | bool) -> forms.PasswordInput:
    # new-password: the phone offers to make up and remember a strong one.
    return forms.PasswordInput(attrs={"autocomplete": "new-password", **attrs})


class ChoosePasswordForm(forms.Form):
    """Step 1 of the invitation link: the password only she knows."""

    password1 = forms.CharField(
        label=_("Your new password"), strip=False, widget=_password_input(autofocus=True)
    )
    password2 = forms.CharField(
        label=_("The same password again"), strip=False, widget=_password_input()
    )

    def __init__(self, user: AbstractBaseUser, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["password1"].help_text = ngettext(
            "At least %(count)d letter, number or sign. Not a common password, not only "
            "numbers, and not like your name or e-mail address.",
            "At least %(count)d letters, numbers or signs. Not a common password, not only "
            "numbers, and not like your name or e-mail address.",
            minimum_password_length(),
        ) % {"count": minimum_password_length()}

    def clean(self) -> dict:
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords are not the same. Type them again."))
        elif first:
            for problem in password_problems(first, self.user):
                self.add_error("password1", problem)
        return cleaned
