"""The areas of a stored photo that the face check found or an editor drew."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .hiding import Area


class FaceRegion(models.Model):
    """One face's area in an image's stored original: filled with a solid colour (``hidden``)
    or, only while a consent allows it (consent.models.ShownFace), left as it is."""

    class FoundBy(models.TextChoices):
        DETECTOR = "detector", _("found by the face check")
        EDITOR = "editor", _("drawn by an editor")

    image = models.ForeignKey(
        "privacy.PrivateImage", on_delete=models.CASCADE, related_name="face_regions"
    )
    # In the stored original's pixels.
    left = models.PositiveIntegerField()
    top = models.PositiveIntegerField()
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    found_by = models.CharField(max_length=16, choices=FoundBy.choices)
    score = models.FloatField(null=True, blank=True)
    hidden = models.BooleanField(
        default=True, help_text=_("Filled with a solid colour in the stored photo.")
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["top", "left", "pk"]
        verbose_name = _("face area")
        verbose_name_plural = _("face areas")

    def __str__(self) -> str:
        return f"{self.width}×{self.height} at {self.left},{self.top}"

    @property
    def area(self) -> Area:
        return Area(self.left, self.top, self.width, self.height)
