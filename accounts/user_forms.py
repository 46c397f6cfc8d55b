"""The forms for people: an administrator invites someone or changes someone's details; each
person changes her own name and address on her account page.

None has a password field: each person chooses her own through her invitation link.
"""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.account import NameEmailForm
from wagtail.users.forms import UserEditForm

from moderation.groups import ADMINISTRATORS, LEADERS, STAFF

User = get_user_model()

# The three groups, with what each may do, in the order an administrator needs them most.
GROUP_CHOICES = (
    (
        LEADERS,
        _("Samvedna leaders: confirm consent, approve or send back stories, withdraw consent"),
    ),
    (STAFF, _("KMVS staff: write stories, events and guides")),
    (ADMINISTRATORS, _("Site administrators: add people, change site settings")),
)


def language_choices() -> list[tuple[str, str]]:
    usual = ("", _("Usual: Gujarati for Samvedna leaders, English for everyone else"))
    return [usual, *((code, name) for code, name in settings.WAGTAILADMIN_PERMITTED_LANGUAGES)]


def email_in_use(email: str, exclude_pk: int | None = None) -> bool:
    """Another account has this address, as its e-mail or as its sign-in name."""
    others = User._default_manager.filter(Q(email__iexact=email) | Q(username__iexact=email))
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    return others.exists()


def display_name_field() -> forms.CharField:
    return forms.CharField(
        label=_("Display name"),
        max_length=150,
        help_text=_(
            "The name the admin shows for her. A pseudonym is fine: no legal name is needed."
        ),
    )


class InviteForm(forms.ModelForm):
    """Everything on one screen: name, address, group and the language of her screens."""

    first_name = display_name_field()
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=150,  # it is also her sign-in name
        help_text=_("The invitation goes here. She will sign in with this address."),
    )
    group = forms.ChoiceField(
        label=_("Group"), choices=GROUP_CHOICES, widget=forms.RadioSelect, required=True
    )
    language = forms.ChoiceField(
        label=_("Language of her screens and e-mails"),
        choices=language_choices,
        initial="",
        required=False,
        widget=forms.RadioSelect,
        help_text=_("She can change it later under Account."),
    )

    class Meta:
        model = User
        fields = ["first_name", "email"]

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if email_in_use(email):
            raise forms.ValidationError(
                _(
                    "Someone with this e-mail address already has an account. To send her a "
                    "new link, use “Send the invitation again” in the list of users."
                ),
                code="email_in_use",
            )
        return email

    def clean_group(self) -> Group:
        name = self.cleaned_data["group"]
        group = Group.objects.filter(name=name).first()
        if group is None:
            raise forms.ValidationError(_("This group does not exist."), code="no_group")
        return group


class PersonEditForm(UserEditForm):
    """Wagtail's form, without a password (WAGTAILUSERS_PASSWORD_ENABLED) or a last name, and
    without the superuser box for anyone who is not a superuser herself."""

    first_name = display_name_field()
    last_name = None  # a display name is enough

    class Meta(UserEditForm.Meta):
        fields = {User.USERNAME_FIELD, "is_active", "email", "first_name", "is_superuser", "groups"}

    def __init__(self, *args, may_make_superusers: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not may_make_superusers:
            self.fields.pop("is_superuser", None)

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if email_in_use(email, exclude_pk=self.instance.pk):
            raise forms.ValidationError(
                _("Someone else already has an account with this e-mail address."),
                code="email_in_use",
            )
        return email

    def clean(self) -> dict:
        cleaned = super().clean()
        # Unless the administrator chose another sign-in name herself.
        username_field = User.USERNAME_FIELD
        if username_field not in self.changed_data and sign_in_name_follows(self, cleaned):
            cleaned[username_field] = cleaned["email"]
        return cleaned


def sign_in_name_follows(form: forms.ModelForm, cleaned: dict) -> bool:
    """An invited person signs in with her address: a new address is her new sign-in name
    (whoever changes it, she or an administrator), unless she signs in with something else."""
    old_email = (form.initial.get("email") or "").lower()
    old_name = (form.initial.get(User.USERNAME_FIELD) or form.instance.get_username()).lower()
    return bool(
        old_email
        and old_name == old_email
        and cleaned.get("email")
        and "email" in form.changed_data
    )


class DisplayNameEmailForm(NameEmailForm):
    """Her own name and e-mail on the account page. Wagtail requires a first and a last name, so a
    person added with a display name only (a pseudonym is fine; no legal name is kept) could not
    save her language or password until she typed a surname."""

    first_name = forms.CharField(max_length=150, label=_("Name (a pseudonym is fine)"))
    last_name = None

    class Meta(NameEmailForm.Meta):
        fields = ["first_name", "email"]

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if email_in_use(email, exclude_pk=self.instance.pk):
            raise forms.ValidationError(
                _("Someone else already has an account with this e-mail address."),
                code="email_in_use",
            )
        return email

    def save(self, commit: bool = True):
        if sign_in_name_follows(self, self.cleaned_data):
            setattr(self.instance, User.USERNAME_FIELD, self.cleaned_data["email"])
        return super().save(commit=commit)
