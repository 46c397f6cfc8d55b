"""Content blocks shared by the home and standard pages. Each has a preview_value."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

# Plain formatting only: no embeds, no images inside rich text (those go through ImageBlock).
RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Paragraph")
        template = "blocks/paragraph.html"
        preview_value = (
            "<p>Samvedna is a collective of, for and by female sex workers in Kutch.</p>"
        )


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        label = _("Section heading")
        template = "blocks/heading.html"
        preview_value = "Our work"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(
        required=False,
        label=_("Said by"),
        help_text=_("A pseudonym or a role, never a real name."),
    )

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "blocks/quote.html"
        preview_value = {
            "quote": "Right to work without violence. Right to live with dignity.",
            "attribution": "Samvedna",
        }


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(required=False, label=_("Caption"))

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blocks/image.html"
        # No stored image is guaranteed to exist, so the preview shows the caption alone.
        preview_value = {"caption": "A meeting at a Drop-In Centre (example)"}


class PageBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    quote = QuoteBlock()
    image = CaptionedImageBlock()

    class Meta:
        preview_value = [
            ("heading", "Our work"),
            ("paragraph", "<p>We meet, we learn our rights and we support each other.</p>"),
        ]
