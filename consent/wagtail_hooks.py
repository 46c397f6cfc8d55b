"""Consent records in the admin: listing, editing, withdraw/erase buttons, dashboard panel."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import views
from .lifecycle import consents_due_for_review
from .models import ConsentRecord


class ConsentRecordViewSet(SnippetViewSet):
    model = ConsentRecord
    icon = "doc-full"
    menu_label = _("Consent records")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["storyteller", "status", "given_on", "review_by"]
    list_filter = ["status"]
    search_fields = ["storyteller"]


register_snippet(ConsentRecordViewSet)


@hooks.register("register_admin_urls")
def consent_action_urls():
    return [
        path("consent/<int:pk>/withdraw/", views.withdraw, name="consent_withdraw"),
        path("consent/<int:pk>/erase/", views.erase, name="consent_erase"),
        path(
            "consent/identifying-details/<int:page_id>/",
            views.allow_identifying_details,
            name="consent_allow_identifying_details",
        ),
    ]


@hooks.register("register_snippet_listing_buttons")
def consent_buttons(snippet, user, next_url=None):
    if not isinstance(snippet, ConsentRecord) or snippet.status == ConsentRecord.Status.ERASED:
        return
    if snippet.status == ConsentRecord.Status.ACTIVE and user.has_perm(
        "consent.withdraw_consentrecord"
    ):
        yield ListingButton(
            _("Withdraw consent"),
            reverse("consent_withdraw", args=[snippet.pk]),
            priority=20,
            classname="serious",
        )
    if user.has_perm("consent.erase_consentrecord"):
        yield ListingButton(
            _("Erase stories"), reverse("consent_erase", args=[snippet.pk]), priority=30
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


class ConsentsDueForReviewPanel(Component):
    name = "consents_due_for_review"
    order = 50
    template_name = "consent/due_for_review_panel.html"

    def get_context_data(self, parent_context=None):
        return {"records": list(consents_due_for_review(within_days=30)[:20])}


@hooks.register("construct_homepage_panels")
def add_consent_panel(request, panels):
    if request.user.has_perm("consent.change_consentrecord"):
        panels.append(ConsentsDueForReviewPanel())
