"""Blocks of the press room's pages."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class KeyEventBlock(blocks.StructBlock):
    """A year and what happened (the fact sheet's timeline)."""

    year = blocks.IntegerBlock(min_value=1990, max_value=2100, label=_("year"))
    text = blocks.CharBlock(max_length=200, label=_("what happened"))

    class Meta:
        label = _("key event")
        icon = "date"
        template = "press/blocks/key_event.html"
        preview_value = {
            "year": 2023,
            "text": "International Sex Workers Day in Bhuj, for the first time",
        }
