"""The share image of every page type but stories: it says whether it shows people and, if it
does, whose consent covers it. The publication guard refuses it without a consent in force that
covers photos in the page's language, the meta tags leave it out the moment that consent ends,
and withdrawal withholds it (``consent.lifecycle``). A story's share image is covered by the
story's own consent (``stories.models.StoryPage``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page
from wagtail_localize.fields import SynchronizedField

from base.metadata import SocialMetadataMixin

from .guard import PerPhotoConsentMixin, PhotoUse
from .photos import consents_needed, may_show, valid_photo_consents


class ShareImageConsentMixin(PerPhotoConsentMixin, SocialMetadataMixin):
    """A share image whose "shows people" answer and consent sit next to it, like a photo
    block's (``base.blocks.PhotoBlock``); the page's photos are checked per photo."""

    # Ticked by default, and for every page that existed before the question: a share image is
    # treated as showing people until an editor says otherwise.
    og_image_shows_people = models.BooleanField(
        default=True,
        verbose_name=_("the share image shows people"),
        help_text=_(
            "Untick only if nobody can be seen at all: no face, body, hands, clothes or voice."
        ),
    )
    og_image_consent = models.ForeignKey(
        "consent.ConsentRecord",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("consent record for the share image"),
        help_text=_(
            "Faces are hidden when a photo is stored, so a group photo needs none. Choose one "
            "when the image shows someone who can be recognised without her face: the record "
            "must cover photos and this page's language, and if it ends the image is not shown."
        ),
    )

    promote_panels = [
        *Page.promote_panels,
        MultiFieldPanel(
            [
                FieldPanel("og_image"),
                FieldPanel("og_image_shows_people"),
                FieldPanel("og_image_consent"),
            ],
            heading=_("Sharing"),
        ),
    ]

    # For each page type's ``translatable_fields``: translations share the answer and record.
    synchronized_share_fields = [
        SynchronizedField("og_image"),
        SynchronizedField("og_image_shows_people"),
        SynchronizedField("og_image_consent"),
    ]

    class Meta:
        abstract = True

    def share_image_use(self) -> PhotoUse | None:
        if not self.og_image_id:
            return None
        return PhotoUse(
            where=str(_("Share image")),
            image_id=self.og_image_id,
            shows_people=self.og_image_shows_people,
            consent_id=self.og_image_consent_id,
        )

    def photo_uses(self) -> list[PhotoUse]:
        share = self.share_image_use()
        return [*super().photo_uses(), *([share] if share else [])]

    def photo_consents_now(self) -> set[int]:
        """The records of this page's photos that allow them now (one query, once per page
        object; ``get_context`` asks again for every view)."""
        cached = self.__dict__.get("_photo_consents_now")
        if cached is None:
            cached = valid_photo_consents(consents_needed(self.photo_uses()), self.locale_id)
            self._photo_consents_now = cached
        return cached

    def get_share_image(self):
        """The share image, unless its faces (``consent.faces``) or a consent named for it
        (or for the same image anywhere on the page) keep it off; never a withdrawn one."""
        if not self.og_image_id:
            return None
        faces = self.photo_faces_now()
        verdict = faces.get(self.og_image_id)
        if verdict is None:
            return None
        # The faces query read the image: no query more unless the page came with it.
        image = self.og_image if self.is_share_image_loaded() else verdict.image
        if image.is_withdrawn:
            return None
        uses = [use for use in self.photo_uses() if use.image_id == image.pk]
        valid = self.photo_consents_now() if consents_needed(uses) else set()
        if not all(may_show(use, valid, faces) for use in uses):
            return None
        return image

    def is_share_image_loaded(self) -> bool:
        return self._meta.get_field("og_image").is_cached(self)
