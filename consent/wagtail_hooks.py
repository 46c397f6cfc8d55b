"""Consent records in the admin: listing, editing, withdraw/erase buttons, dashboard panel."""

from urllib.parse import urlencode

from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import BaseButton, Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_urls
from .guard import ConsentGatedPageMixin
from .lifecycle import consents_due_for_renewal, may_erase, may_withdraw
from .models import ConsentRecord


class ConsentRecordViewSet(SnippetViewSet):
    model = ConsentRecord
    icon = "doc-full"
    menu_label = _("Consent records")
    # A fixed name: Wagtail would make one from the label in whatever language is active when
    # the menu is first built, and the leaders' menu (moderation/leaders_admin.py) keeps it by
    # this name.
    menu_name = "consent-records"
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["storyteller", "status", "given_on", "review_by"]
    list_filter = ["status"]
    search_fields = ["storyteller"]


register_snippet(ConsentRecordViewSet)


@hooks.register("register_admin_urls")
def consent_action_urls():
    return admin_urls.urlpatterns


def _with_next(url: str, next_url: str | None) -> str:
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


class WithdrawButton(BaseButton):
    """Shown on its own in each row (not in the "More" menu): the action leaders come for."""

    allow_in_dropdown = False


@hooks.register("insert_global_admin_css")
def consent_action_styles() -> str:
    # The withdraw button in the consent records list is a phone-sized target (all admin pages
    # load it: the list's rows are rendered by Wagtail's own templates).
    return format_html('<link rel="stylesheet" href="{}">', static("css/consent-actions.css"))


@hooks.register("register_snippet_listing_buttons")
def consent_buttons(snippet, user, next_url=None):
    if not isinstance(snippet, ConsentRecord) or snippet.status == ConsentRecord.Status.ERASED:
        return
    if snippet.status == ConsentRecord.Status.ACTIVE and may_withdraw(user):
        yield WithdrawButton(
            _("Withdraw consent"),
            _with_next(reverse("consent_withdraw", args=[snippet.pk]), next_url),
            classname="button button-small consent-withdraw-button",
            icon_name="cross",
            priority=5,
        )
    if may_erase(user):
        # In the row's "More" menu, last, in red: permanent, and asked for far less often.
        yield Button(
            _("Erase permanently"),
            _with_next(reverse("consent_erase", args=[snippet.pk]), next_url),
            classname="consent-erase-button",
            icon_name="bin",
            attrs={"data-consent-erase": ""},
            priority=900,
        )


@hooks.register("register_page_header_buttons")
def withdraw_from_the_story_page(page, user, view_name, next_url=None):
    """On a story's own admin screens: withdraw the consent it carries, for who may."""
    if not may_withdraw(user) or not issubclass(page.specific_class, ConsentGatedPageMixin):
        return
    consent_id = getattr(page.specific, "consent_id", None)
    active = ConsentRecord.objects.filter(pk=consent_id, status=ConsentRecord.Status.ACTIVE)
    if consent_id is None or not active.exists():
        return
    back = reverse("wagtailadmin_pages:edit", args=[page.pk])
    yield Button(
        _("Withdraw consent"),
        _with_next(reverse("consent_withdraw", args=[consent_id]), back),
        icon_name="cross",
        priority=1,
    )


@hooks.register("register_log_actions")
def consent_log_actions(actions):
    actions.register_action(
        "samvedna.consent.withdraw", _("Withdraw consent"), _("Consent withdrawn")
    )
    actions.register_action("samvedna.consent.erase", _("Erase"), _("Stories erased"))
    actions.register_action(
        "samvedna.consent.publish_refused", _("Publish refused"), _("Publish refused: no consent")
    )
    actions.register_action(
        "samvedna.identifying.override",
        _("Allow identifying details"),
        _("A leader allowed details the scanner flagged"),
    )


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_about_identifying_details(request, page):
    """On every save, point the editor at each detail that may identify someone."""
    from django.contrib import messages

    from .scanning import unresolved_findings

    findings = unresolved_findings(page.specific)
    for found in findings:
        messages.warning(
            request,
            _("%(where)s: “%(text)s” looks like %(what)s. Remove it before publishing.")
            % {"where": found.where, "text": found.finding.text, "what": found.finding.label},
        )
    if findings and request.user.has_perm("consent.add_identifyingdetailoverride"):
        messages.info(
            request,
            _("If it must stay, you can allow it: %(url)s")
            % {"url": reverse("consent_allow_identifying_details", args=[page.pk])},
        )


class ConsentsDueForRenewalPanel(Component):
    name = "consents_due_for_renewal"
    order = 50
    template_name = "consent/due_for_renewal_panel.html"

    def get_context_data(self, parent_context=None):
        return {"records": list(consents_due_for_renewal(within_days=30)[:20])}


@hooks.register("construct_homepage_panels")
def add_consent_panel(request, panels):
    if request.user.has_perm("consent.change_consentrecord"):
        panels.append(ConsentsDueForRenewalPanel())
