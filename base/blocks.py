"""Content blocks shared by the home and standard pages. Each has a preview_value.

``PhotoBlock`` is the one photo block of every page body but stories (home, standard pages,
event recaps): each photo says whether it shows people and, if so, whose consent covers it
(checked when publishing by ``consent.guard.PerPhotoConsentMixin`` and on every view by
``consent.shown_photos``). A story's photos are covered by the story's own consent
(``CaptionedImageBlock``).
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

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


class PhotoBlock(blocks.StructBlock):
    """A photo that says whether it shows people and whose consent covers it. Its template
    shows a photo of people only when the page checked that consent ("cleared")."""

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
            "Faces are hidden when a photo is stored, so a group photo needs none. Choose one "
            "when the photo shows someone who can be recognised without her face: the record "
            "must cover photos and this page's language, and if it ends the photo disappears."
        ),
    )

    class Meta:
        icon = "image"
        label = _("Photo")
        template = "blocks/photo.html"
        # No stored image is guaranteed to exist, so the preview shows the caption alone.
        preview_value = {"caption": "Chairs set out before the meeting (example)"}


class PageBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    quote = QuoteBlock()
    image = PhotoBlock(label=_("Image"))

    class Meta:
        preview_value = [
            ("heading", "Our work"),
            ("paragraph", "<p>We meet, we learn our rights and we support each other.</p>"),
        ]

    # Read by consent.photos: these children are photos, each with its own consent.
    PHOTO_BLOCKS = ("image",)
    GALLERY_BLOCKS: tuple[str, ...] = ()
