"""The face areas of an image on Wagtail's image edit screen
(templates/wagtailimages/images/edit.html), with the context of privacy/images/faces/views.py."""

from typing import Any

from django import template

from privacy.images.faces.views import faces_context

register = template.Library()


@register.inclusion_tag("privacy/faces/_face_areas.html")
def face_areas(image: Any) -> dict[str, Any]:
    # As stored: after a refused save, Wagtail's form has put the unsaved values (a new file,
    # say) on the edit screen's image, and the areas belong to the stored photo.
    stored = type(image).objects.filter(pk=image.pk).first() or image
    # Django passes the page's csrf_token on to an inclusion tag's template itself.
    return faces_context(stored)
