"""The admin's view of private renditions: thumbnails and previews of photos no live public
page shows (privacy/images/renditions.py). Registered as an admin URL, so only signed-in users with
admin access and a verified second factor reach it (accounts/middleware.py)."""

from __future__ import annotations

import mimetypes

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from wagtail.images import get_image_model
from wagtail.permissions import policy_registry

from .renditions import PRIVATE_RENDITION_FOLDER

# Anyone who may choose or edit the photo may see its thumbnails and previews.
VIEWING_ACTIONS = ["choose", "change"]


def private_rendition(request: HttpRequest, name: str) -> FileResponse:
    rendition_model = get_image_model().get_rendition_model()
    rendition = get_object_or_404(
        rendition_model.objects.select_related("image"),
        file=f"{PRIVATE_RENDITION_FOLDER}/{name}",
    )
    policy = policy_registry.get_by_type(get_image_model())
    if not policy.user_has_any_permission_for_instance(
        request.user, VIEWING_ACTIONS, rendition.image
    ):
        raise PermissionDenied
    try:
        handle = rendition.file.storage.open(rendition.file.name, "rb")
    except FileNotFoundError as error:
        raise Http404 from error
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    # Not kept by the browser either: admins share office computers.
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
