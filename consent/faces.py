"""The one rule for every image on a public page: no face is shown unless a consent allows it.

An image may be shown on a page of locale L only when its stored file shows no face without a
consent: it shows nobody (an editor said so, and that choice is logged), or the face check ran
on it (``PrivateImage.faces_hidden_or_not_shown``) AND every face area left unfilled
(``FaceRegion.hidden`` False) is linked (``ShownFace``) to a consent record in force that
covers photos and allows L. An image stored before faces were checked is not shown anywhere.

The verdicts of all the images of a page are read in ONE query (``face_verdicts``), none per
photo; listings filter their images' query with ``passing_images_q`` (no query more).

The press room's media kit asks the same with ``press=True``: a face left shown must also be
linked to a consent that covers use by the press (``covers_press``); every other part of the
rule is the same.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, Case, Exists, OuterRef, Q, Value, When
from django.utils import timezone

from .models import ConsentRecord, ShownFace

logger = logging.getLogger(__name__)


def consent_in_force_q(prefix: str = "") -> Q:
    """A consent in force that covers photos (``prefix`` leads to the record)."""
    return Q(
        **{
            f"{prefix}status": ConsentRecord.Status.ACTIVE,
            f"{prefix}review_by__gte": timezone.localdate(),
            f"{prefix}covers_photo": True,
        }
    )


def valid_links(locale_id: int | None, *, press: bool = False) -> Any:
    """ShownFace rows whose consent allows the face now on a page of this locale (``press``:
    and in what the press is given, the media kit)."""
    links = ShownFace.objects.filter(consent_in_force_q("consent__"))
    if press:
        links = links.filter(consent__covers_press=True)
    if locale_id is None:
        return links.none()
    language = ConsentRecord.languages.through.objects.filter(
        consentrecord_id=OuterRef("consent_id"), locale_id=locale_id
    )
    return links.filter(Exists(language))


def unconsented_faces(
    locale_id: int | None, image_ref: str = "pk", *, press: bool = False
) -> Exists:
    """An unfilled face area of the image at ``OuterRef(image_ref)`` without a link that
    allows it on a page of this locale (``press``: and for the press)."""
    from privacy.models import FaceRegion

    allowed = valid_links(locale_id, press=press).filter(region_id=OuterRef("pk"))
    return Exists(
        FaceRegion.objects.filter(image_id=OuterRef(image_ref), hidden=False).exclude(
            Exists(allowed)
        )
    )


def passing_images_q(locale_id: int | None, prefix: str = "", *, press: bool = False) -> Q:
    """Images that may be shown on a page of this locale (``prefix`` leads to the image, e.g.
    ``"image__"`` from a rendition); ``press``: that may go to the press (the media kit)."""
    checked = Q(**{f"{prefix}shows_people": False}) | Q(
        **{f"{prefix}faces_checked_at__isnull": False}
    )
    image_ref = f"{prefix}pk" if prefix else "pk"
    return checked & ~Q(unconsented_faces(locale_id, image_ref, press=press))


@dataclass(frozen=True)
class FaceVerdict:
    """What the page needs to know of one image: whether its faces allow it on this page, and
    whether it was said to show people (a photo block "shows people" without a consent on an
    image said to show nobody is a contradiction: nothing was hidden)."""

    passes: bool
    shows_people: bool
    image: Any = None  # the image row, read by the same query (the share image uses it)


def face_verdicts(
    image_ids: Iterable[int | None], locale_id: int | None, *, press: bool = False
) -> dict[int, FaceVerdict]:
    """The verdict of each existing image among ``image_ids``, with the image: ONE query (none
    when empty). Images missing from the answer do not exist (never shown). ``press``: the
    verdict for the press (faces shown only under a consent that covers the press)."""
    from wagtail.images import get_image_model

    ids = {pk for pk in image_ids if pk is not None}
    if not ids:
        return {}
    images = (
        get_image_model()
        .objects.filter(pk__in=ids)
        .annotate(
            _faces_pass=Case(
                When(passing_images_q(locale_id, press=press), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
    )
    return {
        image.pk: FaceVerdict(bool(image._faces_pass), bool(image.shows_people), image)
        for image in images
    }


def faces_that_may_stay_shown(image: Any) -> Any:
    """For ``privacy.images.faces.shown``: the image's face areas linked to a consent in force
    that covers photos (any language: the page's language is checked when it is shown). A new
    upload of the photo leaves these faces as they are."""
    from privacy.models import FaceRegion

    linked = ShownFace.objects.filter(consent_in_force_q("consent__"), region_id=OuterRef("pk"))
    return FaceRegion.objects.filter(image=image).filter(Exists(linked))


def face_problem(
    where: str, verdict: FaceVerdict | None, locale_id: int | None, image_id: int
) -> str | None:
    """Why the faces of the image at ``where`` keep it off the page (plain words), or None.
    For the publication guard only (a query per image with a problem: publishing, not
    reading)."""
    from django.utils.translation import gettext as _
    from wagtail.images import get_image_model
    from wagtail.models import Locale

    from .guard import _language_name

    if verdict is None:
        return str(_("%(where)s: the photo no longer exists") % {"where": where})
    if verdict.passes:
        return None
    image = get_image_model().objects.filter(pk=image_id).first()
    if image is None:
        return str(_("%(where)s: the photo no longer exists") % {"where": where})
    if not image.faces_hidden_or_not_shown:
        return str(_("%(where)s: the photo's faces were not checked yet") % {"where": where})
    locale = Locale.objects.filter(pk=locale_id).first()
    language = _language_name(locale.language_code) if locale else ""
    return str(
        _("%(where)s shows a face whose consent does not cover photos in %(language)s")
        % {"where": where, "language": language}
    )


def hide_faces_shown_under(record: ConsentRecord) -> int:
    """The consent ended (withdrawn, expired, erased) or stopped covering photos: every face
    it let stay shown is filled in the stored photo now, inside the caller's transaction
    (``privacy.images.faces.stored.hide_stored_areas``: new file, renditions deleted, live pages
    purged once committed). Returns how many faces were hidden.

    A photo whose stored file cannot be read again is withheld instead (renditions deleted,
    marked withdrawn): the consent's end never waits for a file, and never fails because of one.
    """
    from privacy.images.faces.stored import hide_stored_areas

    links = ShownFace.objects.filter(consent=record, region__hidden=False).select_related(
        "region__image"
    )
    by_image: dict[int, tuple[Any, list[Any]]] = {}
    for link in links:
        image = link.region.image
        by_image.setdefault(image.pk, (image, []))[1].append(link.region)
    hidden = 0
    for image, regions in by_image.values():
        try:
            hide_stored_areas(image, regions=regions)
            hidden += len(regions)
        except Exception:
            # Named by id only: the consent still ends, the photo is withheld instead.
            logger.exception("Could not hide faces in stored image %s: withheld instead", image.pk)
            _withhold(image)
    return hidden


def _withhold(image: Any) -> None:
    for rendition in image.renditions.all():
        rendition.delete()
    if image.withdrawn_at is None:
        image.withdrawn_at = timezone.now()
        image.save(update_fields=["withdrawn_at"])
    from privacy.images.replacing import live_pages_showing

    pages = live_pages_showing(image)
    if pages:
        from django.db import transaction
        from wagtail.contrib.frontend_cache.utils import purge_pages_from_cache

        transaction.on_commit(lambda: purge_pages_from_cache(pages))


def purge_pages_showing_faces_under(record: ConsentRecord) -> None:
    """The record stopped allowing a language: the pages showing a face it let be shown leave
    the front-end cache once committed (their next view leaves the photo out where the
    language is no longer allowed; the stored file keeps the face for the others)."""
    from django.db import transaction
    from wagtail.images import get_image_model

    from privacy.images.replacing import live_pages_showing

    image_ids = set(
        ShownFace.objects.filter(consent=record, region__hidden=False).values_list(
            "region__image_id", flat=True
        )
    )
    pages = [
        page
        for image in get_image_model().objects.filter(pk__in=image_ids)
        for page in live_pages_showing(image)
    ]
    if pages:
        from wagtail.contrib.frontend_cache.utils import purge_pages_from_cache

        transaction.on_commit(lambda: purge_pages_from_cache(pages))
