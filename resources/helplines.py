"""Helplines: public service numbers (1097, 181, 112, 1098...) that guides link to.

A helpline is a snippet with one copy per language (``TranslatableMixin``): its name, hours and
what it helps with are translated, its number is the same everywhere.

Why the fields are called ``name`` and ``helps_with`` and not ``title``/``description``: the
publication guard's scanner reads the ``title`` and ``description`` of every object a page
chooses (images, media), and a helpline number must not count as an identifying detail on the
guides that show it. The free text of a helpline is scanned here instead, when it is saved, so
a personal number cannot be slipped into a guide through a helpline either.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin

from consent.identifying import MOBILE, find_identifying_details

# Digits, spaces, "+" and "-" only; it starts with "+" or a digit and ends with a digit.
NUMBER_PATTERN = r"^\+?[0-9][0-9 \-]{0,18}[0-9]$"
validate_number = RegexValidator(
    NUMBER_PATTERN,
    message=_("Use digits, spaces, “+” and “-” only, for example 1097, 181 or 1800 180 1104."),
    code="invalid_number",
)


class Helpline(TranslatableMixin, models.Model):
    name = models.CharField(max_length=120, verbose_name=_("name"))
    number = models.CharField(
        max_length=20,
        validators=[validate_number],
        verbose_name=_("number"),
        help_text=_(
            "A public service number only (for example 1097, 181, 112, 1098), never a person's "
            "own phone. Digits, spaces, “+” and “-”."
        ),
    )
    hours = models.CharField(
        max_length=120,
        blank=True,
        verbose_name=_("hours"),
        help_text=_("When it answers, for example “24 hours, every day”."),
    )
    helps_with = models.TextField(
        max_length=300,
        blank=True,
        verbose_name=_("what they help with"),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("number"),
        FieldPanel("hours"),
        FieldPanel("helps_with"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        verbose_name = _("helpline")
        verbose_name_plural = _("helplines")

    def __str__(self) -> str:
        return f"{self.name} ({self.number})"

    @property
    def tel_uri(self) -> str:
        """``tel:`` link: the digits (and a leading +) without spaces or dashes."""
        return "tel:" + re.sub(r"[^0-9+]", "", self.number)

    def clean(self) -> None:
        super().clean()

        problems: dict[str, str] = {}
        for name in ("name", "hours", "helps_with"):
            findings = find_identifying_details(getattr(self, name) or "")
            if findings:
                problems[name] = _(
                    "This looks like %(what)s. Helplines show public services only: remove it."
                ) % {"what": findings[0].label}
        # A ten-digit mobile number is almost always a person's own phone, not a service.
        if any(found.kind == MOBILE for found in find_identifying_details(self.number or "")):
            problems["number"] = _(
                "This looks like a personal mobile number. Only public service numbers can be "
                "listed as helplines."
            )
        if problems:
            raise ValidationError(problems)
