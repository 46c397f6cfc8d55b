"""Description and Open Graph metadata that every page type carries.

Whether a share image may be shown (it may show people) is consent's business:
``consent.share_image.ShareImageConsentMixin`` builds on ``SocialMetadataMixin``.
"""

from django.conf import settings
from django.db import models
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page


class SocialMetadataMixin(models.Model):
    """Adds a share image and a description fallback; carries its own promote panel."""

    og_image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("share image"),
        help_text=_(
            "Shown when the page is shared on social media. Never a photo that shows a person "
            "without their consent."
        ),
    )

    promote_panels = [
        *Page.promote_panels,
        MultiFieldPanel([FieldPanel("og_image")], heading=_("Sharing")),
    ]

    class Meta:
        abstract = True

    def get_description_fallback(self) -> str:
        """Text used when no search description was written; page types override it.

        Passed on along the MRO: a mixin listed after this one (``SectionIndexMixin``, whose
        introduction describes a section index) still gives its text.
        """
        fallback = getattr(super(), "get_description_fallback", None)
        return fallback() if fallback else ""

    def get_meta_description(self) -> str:
        text = self.search_description or strip_tags(self.get_description_fallback())
        return Truncator(" ".join(text.split())).chars(160)

    def get_share_image(self):
        return self.og_image
