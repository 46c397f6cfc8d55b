"""Image models whose stored files keep no secrets: see privacy/sanitise.py."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.images.models import AbstractImage, AbstractRendition


class PrivateImage(AbstractImage):
    # Overrides Wagtail's optional description: every image needs alt text.
    description = models.CharField(
        max_length=255,
        blank=False,
        default="",
        verbose_name=_("alt text"),
        help_text=_(
            "Describe what the image shows for people who cannot see it. "
            "Never write a person's real name or where they live."
        ),
    )

    admin_form_fields = (
        "title",
        "description",
        "file",
        "collection",
        "tags",
        "focal_point_x",
        "focal_point_y",
        "focal_point_width",
        "focal_point_height",
    )

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")


class PrivateRendition(AbstractRendition):
    image = models.ForeignKey(PrivateImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
