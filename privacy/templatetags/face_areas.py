"""The face areas of an image on Wagtail's image edit screen
(templates/wagtailimages/images/edit.html), with the context of privacy/images/faces/views.py."""

from typing import Any

from django import template

from privacy.images.faces.views import faces_context

register = template.Library()


@register.inclusion_tag("privacy/faces/_face_areas.html")
def face_areas(image: Any) -> dict[str, Any]:
    # Django passes the page's csrf_token on to an inclusion tag's template itself.
    return faces_context(image)
