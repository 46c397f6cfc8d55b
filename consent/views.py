"""Admin screens for the two consent actions that take stories offline."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.models import Page

from .forms import OverrideForm
from .lifecycle import pages_using
from .models import ConsentRecord
from .scanning import allow_findings, unresolved_findings


def _confirm(request: HttpRequest, pk: int, permission: str, action: str) -> HttpResponse:
    if not request.user.has_perm(f"consent.{permission}"):
        raise PermissionDenied
    record = get_object_or_404(ConsentRecord, pk=pk)
    if request.method == "POST":
        if action == "withdraw":
            count = record.withdraw(by=request.user)
            messages.success(
                request,
                _("Consent withdrawn. %(count)s page(s) are no longer on the public site.")
                % {"count": count},
            )
        else:
            record.erase(by=request.user)
            messages.success(request, _("The stories, their files and their history are erased."))
        return redirect("wagtailsnippets_consent_consentrecord:list")
    return TemplateResponse(
        request,
        f"consent/confirm_{action}.html",
        {"record": record, "page_count": len(pages_using(record))},
    )


def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _confirm(request, pk, "withdraw_consentrecord", "withdraw")


def erase(request: HttpRequest, pk: int) -> HttpResponse:
    return _confirm(request, pk, "erase_consentrecord", "erase")


def allow_identifying_details(request: HttpRequest, page_id: int) -> HttpResponse:
    """A leader allows the details the scanner flagged on a page's latest version."""
    if not request.user.has_perm("consent.add_identifyingdetailoverride"):
        raise PermissionDenied
    page = get_object_or_404(Page, pk=page_id).get_latest_revision_as_object()
    findings = unresolved_findings(page)
    form = OverrideForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and findings:
        allow_findings(page, findings, form.cleaned_data["reason"], request.user)
        messages.success(request, _("The flagged details may now be published on this page."))
        return redirect("wagtailadmin_pages:edit", page.pk)
    return TemplateResponse(
        request,
        "consent/allow_identifying_details.html",
        {"page": page, "findings": findings, "form": form},
    )
