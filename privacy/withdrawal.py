"""Media taken out of use when the consent behind it ends: never chosen or rendered again."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WithdrawableMediaMixin(models.Model):
    withdrawn_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        verbose_name=_("withdrawn at"),
        help_text=_("Set when the consent for this file ended; it can no longer be used."),
    )

    class Meta:
        abstract = True

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None
