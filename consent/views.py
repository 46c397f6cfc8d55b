"""Admin screens for the two consent actions that take stories offline, and for linking a face
of a photo to the consent that lets it be shown."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.models import Page

from .forms import OverrideForm
from .lifecycle import (
    ConsentActionRefused,
    may_erase,
    may_withdraw,
    pages_using,
    pages_with_photos_under,
)
from .models import ConsentRecord, ShownFace
from .scanning import allow_findings, unresolved_findings


def _next_or_list(request: HttpRequest) -> str:
    return get_valid_next_url_from_request(request) or reverse(
        "wagtailsnippets_consent_consentrecord:list"
    )


def _refused(request: HttpRequest, action: str) -> HttpResponse:
    """A clear answer for someone without the consent permission; nothing has changed."""
    if action == "withdraw":
        text = _(
            "Only Samvedna leaders can withdraw consent. "
            "Nothing was changed: ask a leader to do it."
        )
    else:
        text = _(
            "Only Samvedna leaders can erase stories. Nothing was changed: ask a leader to do it."
        )
    messages.error(request, text)
    return redirect(_next_or_list(request))


def _confirm(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    allowed = may_withdraw if action == "withdraw" else may_erase
    if not allowed(request.user):
        return _refused(request, action)
    record = get_object_or_404(ConsentRecord, pk=pk)
    if record.status == ConsentRecord.Status.ERASED:
        messages.info(request, _("These stories were already erased."))
        return redirect(_next_or_list(request))
    not_understood = (
        request.method == "POST" and action == "erase" and request.POST.get("understood") != "yes"
    )
    if request.method == "POST" and not not_understood:
        try:
            if action == "withdraw":
                count = record.withdraw(by=request.user)
                messages.success(
                    request,
                    ngettext(
                        "Consent withdrawn. %(count)s page is no longer on the public site.",
                        "Consent withdrawn. %(count)s pages are no longer on the public site.",
                        count,
                    )
                    % {"count": count},
                )
            else:
                record.erase(by=request.user)
                messages.success(
                    request, _("The stories, their files and their history are erased.")
                )
        except ConsentActionRefused:
            return _refused(request, action)
        return redirect(_next_or_list(request))
    stories = pages_using(record)
    photo_pages = pages_with_photos_under(record)
    return TemplateResponse(
        request,
        f"consent/confirm_{action}.html",
        {
            "page_title": _("Withdraw consent") if action == "withdraw" else _("Erase permanently"),
            "page_subtitle": record.storyteller,
            "header_icon": "cross" if action == "withdraw" else "bin",
            "record": record,
            "page_count": len(stories),
            "photo_count": len(set().union(*(ids for _page, ids in photo_pages))),
            "face_count": ShownFace.objects.filter(consent=record, region__hidden=False).count(),
            "next_url": get_valid_next_url_from_request(request),
            "cancel_url": _next_or_list(request),
            "can_erase": may_erase(request.user),
            "not_understood": not_understood,
        },
        status=400 if not_understood else 200,
    )


@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _confirm(request, pk, "withdraw")


@require_http_methods(["GET", "POST"])
def erase(request: HttpRequest, pk: int) -> HttpResponse:
    return _confirm(request, pk, "erase")


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


# --- A face a consent lets be shown (consent.models.ShownFace) ---------------------------------


def may_link_faces(user, image) -> bool:
    """Staff who may change the image and consent records (leaders, staff, administrators)."""
    from wagtail.images import get_image_model
    from wagtail.permissions import policy_registry

    policy = policy_registry.get_by_type(get_image_model())
    return user.has_perm("consent.change_consentrecord") and (
        policy.user_has_permission_for_instance(user, "change", image)
    )


@require_http_methods(["GET", "POST"])
def show_face(request: HttpRequest, pk: int) -> HttpResponse:
    """Link one face area of a photo to a consent that covers photos (or unlink it).

    Linking changes nothing in the stored photo: its face stays filled until the photo is
    uploaded again (the face check then leaves a linked face as it is). Unlinking a face that
    is shown fills it again at once."""
    from privacy.images.faces.stored import hide_stored_areas
    from privacy.models import FaceRegion

    from .forms import ShowFaceForm

    region = get_object_or_404(FaceRegion.objects.select_related("image"), pk=pk)
    image = region.image
    if not may_link_faces(request.user, image):
        raise PermissionDenied
    link = ShownFace.objects.filter(region=region).select_related("consent").first()
    here = reverse("consent_show_face", args=[region.pk])
    if request.method == "POST" and request.POST.get("action") == "unlink":
        if link is not None:
            with transaction.atomic():
                link.delete()
                if not region.hidden:
                    hide_stored_areas(image, regions=[region], user=request.user)
            messages.success(request, _("Unlinked. This face is hidden in the photo."))
        return redirect(here)
    form = ShowFaceForm(
        request.POST if request.method == "POST" else None,
        initial={"consent": link.consent_id} if link else None,
    )
    if request.method == "POST" and form.is_valid():
        ShownFace.objects.update_or_create(
            region=region,
            defaults={
                "consent": form.cleaned_data["consent"],
                "linked_by": request.user,
                "linked_at": timezone.now(),
            },
        )
        messages.success(
            request,
            _(
                "Linked. To show this face, upload the same photo again on the image's edit "
                "screen (Replace file): the face check leaves this face as it is while the "
                "consent covers photos. It is hidden again the moment the consent ends."
            ),
        )
        return redirect(here)
    return TemplateResponse(
        request,
        "consent/show_face.html",
        {
            "page_title": _("Show a face"),
            "page_subtitle": image.title,
            "header_icon": "image",
            "region": region,
            "image": image,
            # The admin's own private preview size (never a public copy).
            "preview": image.get_rendition("max-800x600"),
            "link": link,
            "form": form,
            "image_edit_url": reverse("wagtailimages:edit", args=[image.pk]),
        },
        status=400 if form.is_bound else 200,
    )
