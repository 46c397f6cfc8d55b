"""Blocks of an event recap. Every photo says whether it shows people and, if so, whose consent
covers it (the shared ``base.blocks.PhotoBlock``; see ``consent.photos`` and
``consent.shown_photos`` for the checks when publishing and when rendering)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from base.blocks import ParagraphBlock, PhotoBlock


class EventQuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(
        required=False,
        max_length=60,
        label=_("Said by (pseudonym)"),
        help_text=_("A pseudonym or a role, never a real name."),
    )

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "blocks/quote.html"
        preview_value = {
            "quote": "If sex work bothers you and manual labour does not, think again.",
            "attribution": "A Samvedna leader",
        }


class EventPhotoBlock(PhotoBlock):
    """The shared photo block (same fields, so stored recaps read as before), with the
    events' figure style."""

    class Meta:
        template = "events/blocks/photo.html"


class GalleryBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, label=_("Heading"))
    photos = blocks.ListBlock(EventPhotoBlock(), min_num=1, label=_("Photos"))

    class Meta:
        icon = "image"
        label = _("Gallery")
        template = "events/blocks/gallery.html"
        preview_value = {
            "heading": "The day in pictures (example)",
            "photos": [{"caption": "The banner before the event (example)"}],
        }


class RecapBlock(blocks.StreamBlock):
    paragraph = ParagraphBlock()
    quote = EventQuoteBlock()
    image = EventPhotoBlock()
    gallery = GalleryBlock()

    class Meta:
        preview_value = [
            ("paragraph", "<p>Women from five blocks came together in Bhuj.</p>"),
            ("quote", {"quote": "We want to work without fear.", "attribution": "Samvedna"}),
        ]

    PHOTO_BLOCKS = ("image",)
    GALLERY_BLOCKS = ("gallery",)
