"""Blocks of an event recap. Every photo says whether it shows people and, if so, whose consent
covers it (see ``events.photos`` for the checks when publishing and when rendering)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from home.blocks import ParagraphBlock


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


class EventPhotoBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(
        required=False,
        label=_("Caption"),
        help_text=_("Never a real name or a place smaller than a town."),
    )
    # Ticked by default: a photo is treated as showing people until an editor says otherwise.
    shows_people = blocks.BooleanBlock(
        required=False,
        default=True,
        label=_("This photo shows people"),
        help_text=_(
            "Untick only if nobody can be seen at all: no face, body, hands, clothes or voice."
        ),
    )
    consent = SnippetChooserBlock(
        "consent.ConsentRecord",
        required=False,
        label=_("Consent record"),
        help_text=_(
            "Needed when the photo shows people: the record must cover photos and this "
            "page's language. If the consent ends, the photo disappears from the page."
        ),
    )

    class Meta:
        icon = "image"
        label = _("Photo")
        template = "events/blocks/photo.html"
        # No stored image is guaranteed to exist, so the preview shows the caption alone.
        preview_value = {"caption": "Chairs set out before the meeting (example)"}


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
