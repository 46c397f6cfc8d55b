"""Query helpers shared by every page app."""

from collections.abc import Callable
from typing import Any

from django.db.models import BooleanField, Case, Exists, OuterRef, Q, QuerySet, Value, When
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


def images_with_renditions(
    image_ids: set[int], spec: str, shown_only: Callable[[str], Q] | None = None
) -> dict[int, Any]:
    """The images with their renditions of ``spec``, in one query (a JOIN from the renditions
    to their images, instead of ``prefetch_renditions``' second query). Images whose rendition
    does not exist yet (the first view after they were chosen) cost one query more, once.

    ``shown_only(prefix)`` is a condition on the image (``prefix`` leads to it, e.g.
    ``"image__"`` from a rendition) that images must meet to be returned: it is read in the
    same query (an annotation), so it costs nothing more."""
    if not image_ids:
        return {}
    image_model = get_image_model()
    renditions = (
        image_model.get_rendition_model()
        .objects.filter(image_id__in=image_ids, filter_spec=spec)
        .select_related("image")
    )
    if shown_only is not None:
        renditions = renditions.annotate(_image_shown=_condition(shown_only("image__")))
    images: dict[int, Any] = {}
    refused: set[int] = set()
    for rendition in renditions:
        if not getattr(rendition, "_image_shown", True):
            refused.add(rendition.image_id)
            continue
        image = images.setdefault(rendition.image_id, rendition.image)
        image.__dict__.setdefault("prefetched_renditions", []).append(rendition)
        rendition.image = image
    missing = image_ids - images.keys() - refused
    if missing:
        others = image_model.objects.filter(pk__in=missing)
        if shown_only is not None:
            others = others.filter(shown_only(""))
        for image in others.prefetch_renditions(spec):
            images[image.pk] = image
    return images


def _condition(condition: Q) -> Case:
    return Case(
        When(condition, then=Value(True)), default=Value(False), output_field=BooleanField()
    )
