"""People check what the face check found: the image's face areas outlined on its photo, and
areas an editor draws (or types) hidden for good in the stored original.

The areas are shown on Wagtail's image edit screen (templates/wagtailimages/images/edit.html,
through the ``face_areas`` tag) and on a "Faces" screen of their own, which is also where the
form comes back with its errors. Both need the permission to change the image, as Wagtail's
edit screen does. Hiding cannot be undone: no unhidden copy of the photo is kept
(privacy/images/faces/hiding.py), so to undo it an editor uploads the photo again.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from wagtail.images import get_image_model
from wagtail.images.models import SourceImageIOError
from wagtail.log_actions import registry as log_registry
from wagtail.permissions import policy_registry

from .checking import SHOWS_NOBODY_ACTION
from .hiding import Area
from .models import FaceRegion
from .stored import hide_stored_areas

# The same preview Wagtail's edit screen shows (its focal point chooser): one private rendition.
PREVIEW_FILTER = "max-800x600"
# The smallest area worth hiding, in the stored original's pixels, each way: anything smaller is
# a slip of the finger, not a face.
MIN_PIXELS = 4
# After hiding, back to the edit screen (the default) or to the Faces screen.
RETURN_TO = ("edit", "faces")

NUMBER_MESSAGE = gettext_lazy("Enter a number from 0 to 100, such as 12.5.")


def may_change(user: Any, image: Any) -> bool:
    policy = policy_registry.get_by_type(get_image_model())
    return policy.user_has_permission_for_instance(user, "change", image)


def _percent_field(label: str, help_text: str) -> forms.FloatField:
    return forms.FloatField(
        label=label,
        help_text=help_text,
        min_value=0,
        max_value=100,
        error_messages={
            "required": NUMBER_MESSAGE,
            "invalid": NUMBER_MESSAGE,
            "min_value": NUMBER_MESSAGE,
            "max_value": NUMBER_MESSAGE,
        },
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )


class HideAreaForm(forms.Form):
    """An area to hide, in per cent of the photo (what a person can read off the preview at any
    size); ``area`` is the same rectangle in the stored original's pixels, rounded outwards so
    that at least what was drawn is hidden."""

    left = _percent_field(
        gettext_lazy("Left edge"),
        gettext_lazy("In per cent of the photo's width, from its left side"),
    )
    top = _percent_field(
        gettext_lazy("Top edge"), gettext_lazy("In per cent of the photo's height, from its top")
    )
    width = _percent_field(gettext_lazy("Width"), gettext_lazy("In per cent of the photo's width"))
    height = _percent_field(
        gettext_lazy("Height"), gettext_lazy("In per cent of the photo's height")
    )

    def __init__(self, *args: Any, image: Any, **kwargs: Any) -> None:
        # Prefixed: the edit screen's own form has fields of its own on the same page.
        kwargs.setdefault("prefix", "area")
        super().__init__(*args, **kwargs)
        self.image = image
        self.area: Area | None = None
        for name, field in self.fields.items():
            field.widget.attrs["data-face-input"] = name

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.errors:
            return cleaned
        left, top = cleaned["left"], cleaned["top"]
        width, height = cleaned["width"], cleaned["height"]
        # A hundredth of a per cent of slack: a rectangle drawn to the edge may add up to
        # 100.004 once rounded.
        if left + width > 100.01:
            self.add_error(
                "width",
                _(
                    "The area goes past the right side of the photo: left edge and width "
                    "together can be at most 100."
                ),
            )
        if top + height > 100.01:
            self.add_error(
                "height",
                _(
                    "The area goes past the bottom of the photo: top edge and height together "
                    "can be at most 100."
                ),
            )
        if self.errors:
            return cleaned
        area = self._in_pixels(left, top, width, height)
        if area.width < MIN_PIXELS or area.height < MIN_PIXELS:
            raise ValidationError(
                _(
                    "The area is too small to hide a face. Make it at least %(width)s %% of "
                    "the photo wide and %(height)s %% high."
                )
                % {
                    "width": _smallest_percent(self.image.width),
                    "height": _smallest_percent(self.image.height),
                },
                code="too_small",
            )
        self.area = area
        return cleaned

    def _in_pixels(self, left: float, top: float, width: float, height: float) -> Area:
        photo_width, photo_height = self.image.width, self.image.height

        def pixels(percent: float, whole: int) -> float:
            # Rounded first, so that 25 % of 480 is 120 and not 120.00000000000001.
            return round(percent * whole / 100, 6)

        # Outwards: the first pixel the rectangle touches to the last one.
        x0 = max(0, math.floor(pixels(left, photo_width)))
        y0 = max(0, math.floor(pixels(top, photo_height)))
        x1 = min(photo_width, math.ceil(pixels(left + width, photo_width)))
        y1 = min(photo_height, math.ceil(pixels(top + height, photo_height)))
        return Area(x0, y0, max(0, x1 - x0), max(0, y1 - y0))


def _smallest_percent(pixels: int) -> str:
    # Rounded up to a tenth, so that the size the message gives is accepted.
    return f"{math.ceil(MIN_PIXELS * 1000 / max(pixels, 1)) / 10:g}"


def _percent(value: int, whole: int) -> str:
    # A CSS length and a number a person can type back: dot decimals whatever the language.
    return f"{value * 100 / max(whole, 1):.4f}".rstrip("0").rstrip(".")


@dataclass
class OutlinedRegion:
    """One face area as the screens show it: numbered, its kind, in per cent of the photo."""

    number: int
    region: FaceRegion
    kind: str  # "detector", "editor" (both hidden) or "shown"
    left: str
    top: str
    width: str
    height: str

    @property
    def pk(self) -> int:
        return self.region.pk


def outlined_regions(image: Any) -> list[OutlinedRegion]:
    outlined = []
    for number, region in enumerate(image.face_regions.all(), start=1):
        kind = region.found_by if region.hidden else "shown"
        outlined.append(
            OutlinedRegion(
                number=number,
                region=region,
                kind=kind,
                left=_percent(region.left, image.width),
                top=_percent(region.top, image.height),
                width=_percent(region.width, image.width),
                height=_percent(region.height, image.height),
            )
        )
    return outlined


def shows_nobody_entry(image: Any) -> Any:
    """The log entry of the last "shows nobody" answer: who said so, and when."""
    return (
        log_registry.get_logs_for_instance(image)
        .filter(action=SHOWS_NOBODY_ACTION)
        .select_related("user")
        .order_by("-timestamp", "-pk")
        .first()
    )


def faces_context(
    image: Any, form: HideAreaForm | None = None, return_to: str = "edit"
) -> dict[str, Any]:
    """What templates/privacy/faces/_face_areas.html shows of ``image``."""
    try:
        preview = image.get_rendition(PREVIEW_FILTER)
    except SourceImageIOError:
        preview = None  # the file is missing: Wagtail's edit screen says so
    regions = outlined_regions(image)
    return {
        "image": image,
        "preview": preview,
        "regions": regions,
        "hidden_count": sum(1 for r in regions if r.kind != "shown"),
        "shows_nobody": not image.shows_people,
        "shows_nobody_entry": None if image.shows_people else shows_nobody_entry(image),
        "form": form or HideAreaForm(image=image),
        "action_url": reverse("privacy_image_faces", args=[image.pk]),
        "return_to": return_to,
    }


@require_http_methods(["GET", "POST"])
def image_faces(request: HttpRequest, image_id: int) -> HttpResponse:
    """The Faces screen; its form hides one more area of the stored photo."""
    image = get_object_or_404(get_image_model(), pk=image_id)
    if not may_change(request.user, image):
        raise PermissionDenied
    return_to = request.POST.get("return_to", "faces")
    if return_to not in RETURN_TO:
        return_to = "edit"
    form = HideAreaForm(request.POST or None, image=image)
    if request.method == "POST" and form.is_valid():
        try:
            # hide_stored_areas takes the image's lock: one change of the stored file at a time.
            hide_stored_areas(image, new_areas=[form.area], user=request.user)
        except ValidationError as error:
            # The stored file cannot be read: nothing was changed.
            form.add_error(None, error)
        else:
            messages.success(request, _("The area is hidden. The stored photo no longer holds it."))
            if return_to == "faces":
                return redirect("privacy_image_faces", image.pk)
            return redirect("wagtailimages:edit", image.pk)
    return TemplateResponse(
        request,
        "privacy/faces/faces.html",
        {
            "page_title": _("Faces in this photo"),
            "page_subtitle": image.title,
            "header_icon": "image",
            "edit_url": reverse("wagtailimages:edit", args=[image.pk]),
            **faces_context(image, form, return_to="faces"),
        },
    )
