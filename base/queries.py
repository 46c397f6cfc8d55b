"""Query helpers shared by every page app."""

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.functions import Length, Substr
from wagtail.images import get_image_model
from wagtail.models import PageViewRestriction


def exclude_restricted(pages: QuerySet) -> QuerySet:
    """Like PageQuerySet.public(), but as one SQL subquery instead of an extra query.

    A page is restricted when it or any ancestor has a view restriction, i.e. when a restricted
    page's tree path is a prefix of its own.
    """
    restriction_above = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return pages.exclude(Exists(restriction_above))


def images_with_renditions(image_ids: set[int], spec: str) -> dict[int, Any]:
    """The images with their renditions of ``spec``, in one query (a JOIN from the renditions
    to their images, instead of ``prefetch_renditions``' second query). Images whose rendition
    does not exist yet (the first view after they were chosen) cost one query more, once."""
    if not image_ids:
        return {}
    image_model = get_image_model()
    renditions = (
        image_model.get_rendition_model()
        .objects.filter(image_id__in=image_ids, filter_spec=spec)
        .select_related("image")
    )
    images: dict[int, Any] = {}
    for rendition in renditions:
        image = images.setdefault(rendition.image_id, rendition.image)
        image.__dict__.setdefault("prefetched_renditions", []).append(rendition)
        rendition.image = image
    missing = image_ids - images.keys()
    if missing:
        for image in image_model.objects.filter(pk__in=missing).prefetch_renditions(spec):
            images[image.pk] = image
    return images
