"""Wagtail's Users screens, for adding people by invitation.

- "Invite a person" replaces "Add a user": display name, e-mail, group and language on one
  screen, no password; she gets a one-time link (accounts/invitations.py).
- The list shows where each person stands (active, invited, invitation expired, not set up,
  deactivated) and offers to send the link again, or a new one after a lost phone.
- The edit screen has no password and no last name, and only a superuser may make superusers
  or change a superuser's account.

Installed through accounts.apps.UsersConfig, which replaces wagtail.users' app config.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.users.views import users

from . import invitations, two_factor
from .invitations import SignInStatus
from .models import Invitation
from .user_forms import InviteForm, PersonEditForm

User = get_user_model()


def may_invite(user: AbstractBaseUser) -> bool:
    """Site administrators (they have auth.add_user) and superusers."""
    return user.is_active and user.has_perm("auth.add_user")


def may_send_link(actor: AbstractBaseUser, person: AbstractBaseUser) -> bool:
    """Whether ``actor`` may send ``person`` a new link from the admin.

    Not to herself (another administrator or the server's command does that), not to a
    deactivated account or one without an address, and a superuser's only by a superuser.
    """
    return bool(
        may_invite(actor)
        and person.pk != actor.pk
        and person.is_active
        and person.email
        and (actor.is_superuser or not person.is_superuser)
    )


def send_link_label(status: SignInStatus) -> str:
    if status is SignInStatus.ACTIVE:
        return _("Lost phone: send a new set-up link")
    return _("Send the invitation again")


# --- The list of users ----------------------------------------------------------------------


class UserIndexView(users.IndexView):
    add_item_label = gettext_lazy("Invite a person")

    @cached_property
    def columns(self):
        # Wagtail's "Active" yes/no becomes the sign-in status, which says more.
        columns = [column for column in super().columns if column.name != "is_active"]
        status = Column(
            "sign_in_status",
            accessor=lambda user: invitations.STATUS_LABELS[invitations.status_of(user)],
            label=gettext_lazy("Status"),
            classname="status",
            width="15%",
        )
        columns.insert(len(columns) - 1, status)
        return columns

    def get_base_queryset(self):
        return invitations.with_sign_in_state(super().get_base_queryset())

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if may_send_link(self.request.user, instance):
            buttons.append(
                MenuItem(
                    send_link_label(invitations.status_of(instance)),
                    url=reverse("accounts_send_sign_in_link", args=[instance.pk]),
                    icon_name="mail",
                    priority=15,
                )
            )
        return buttons


# --- Invite a person --------------------------------------------------------------------------


class InviteView(users.CreateView):
    page_title = gettext_lazy("Invite a person")
    submit_button_label = gettext_lazy("Send the invitation")
    submit_button_active_label = gettext_lazy("Sending…")

    def get_page_subtitle(self):
        return self.page_title

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["expiry"] = invitations.expiry_sentence(invitations.hours())
        return context

    def form_valid(self, form):
        self.form = form
        try:
            with transaction.atomic():
                self.object, token = invitations.invite(
                    display_name=form.cleaned_data["first_name"],
                    email=form.cleaned_data["email"],
                    group=form.cleaned_data["group"],
                    language=form.cleaned_data["language"],
                    sent_by=self.request.user,
                )
                invitation = Invitation.objects.filter(user=self.object).first()
                invitations.send(self.object, invitation, token)  # fails: nothing is kept
        except invitations.MailNotSent:
            self.object = None
            self.produced_error_message = _(
                "The invitation e-mail could not be sent, so nobody was added. Check the "
                "site's e-mail settings, then try again."
            )
            return self.form_invalid(form)
        response = self.save_action()
        return self.run_after_hook() or response

    def get_success_message(self, instance):
        sent = _("Invitation sent to %(email)s.") % {"email": instance.email}
        return f"{sent} {invitations.expiry_sentence(invitations.hours())}"


# --- Edit a person ----------------------------------------------------------------------------


class PersonEditView(users.EditView):
    def dispatch(self, request, *args, **kwargs):
        if self.object.is_superuser and not request.user.is_superuser:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["may_make_superusers"] = self.request.user.is_superuser
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = invitations.status_of(self.object)
        context["sign_in_status"] = invitations.STATUS_LABELS[status]
        if may_send_link(self.request.user, self.object):
            context["send_link_url"] = reverse("accounts_send_sign_in_link", args=[self.object.pk])
            context["send_link_label"] = send_link_label(status)
        return context


class UserViewSet(users.UserViewSet):
    index_view_class = UserIndexView
    add_view_class = InviteView
    edit_view_class = PersonEditView
    create_template_name = "accounts/invite.html"
    edit_template_name = "accounts/person_edit.html"
    # "Copy" would make an account through a plain form, outside the invitation.
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return PersonEditForm if for_update else InviteForm


# --- Send the link again, or a new one after a lost phone --------------------------------------


@require_http_methods(["GET", "POST"])
def send_link(request: HttpRequest, user_id: int) -> HttpResponse:
    """Confirm, then: a new link (older ones stop working). For someone already set up, her app,
    recovery codes and sessions go first: whoever has the lost phone is signed out."""
    person = get_object_or_404(User, pk=user_id)
    if not may_send_link(request.user, person):
        raise PermissionDenied
    status = invitations.status_of(person)
    resetting = status is SignInStatus.ACTIVE
    if request.method == "POST":
        try:
            with transaction.atomic():
                if resetting:
                    two_factor.reset(person, by=request.user)
                invitation, token = invitations.issue(
                    person, purpose=purpose_for(person, resetting), sent_by=request.user
                )
                invitations.send(person, invitation, token)
        except invitations.MailNotSent:
            messages.error(
                request,
                _("The e-mail could not be sent, so nothing was changed. Try again later."),
            )
            return redirect("accounts_send_sign_in_link", user_id=person.pk)
        sent = _("A new link was sent to %(email)s.") % {"email": person.email}
        messages.success(request, f"{sent} {invitations.expiry_sentence(invitations.hours())}")
        return redirect("wagtailusers_users:index")
    return TemplateResponse(
        request,
        "accounts/send_link.html",
        {
            "person": person,
            "page_title": send_link_label(status),
            "header_icon": "mail",
            "resetting": resetting,
            "status": invitations.STATUS_LABELS[status],
            "expiry": invitations.expiry_sentence(invitations.hours()),
        },
    )


def purpose_for(person: AbstractBaseUser, resetting: bool) -> str:
    if resetting or Invitation.objects.filter(user=person, used_at__isnull=False).exists():
        return Invitation.Purpose.NEW_APP
    return Invitation.Purpose.INVITE
