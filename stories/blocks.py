"""Blocks of a testimony. Photos and voice clips need the consent to cover them (see models)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from base.blocks import CaptionedImageBlock, ParagraphBlock
from privacy.audio.blocks import AudioClipBlock

# A quote a journalist can use as it is: a few sentences, not a story.
EXCERPT_MAX_LENGTH = 500


class PullQuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"))

    class Meta:
        icon = "openquote"
        label = _("Pull quote")
        template = "blocks/pull_quote.html"
        preview_value = {"quote": "We want to work without fear, like anyone else."}


class QuotableExcerptBlock(blocks.TextBlock):
    """A few sentences of the story that journalists may quote, word for word."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_length", EXCERPT_MAX_LENGTH)
        super().__init__(**kwargs)

    class Meta:
        icon = "openquote"
        label = _("Quotable excerpt")
        preview_value = "Nobody asked us before. Now they come to the collective and ask."


class StoryBodyBlock(blocks.StreamBlock):
    paragraph = ParagraphBlock()
    pull_quote = PullQuoteBlock()
    image = CaptionedImageBlock()
    audio = AudioClipBlock()

    class Meta:
        preview_value = [
            ("paragraph", "<p>I joined the collective in 2019, after a friend took me along.</p>"),
            ("pull_quote", {"quote": "Together we are not afraid."}),
        ]

    # Block types whose presence means the story uses that consent scope.
    PHOTO_BLOCKS = ("image",)
    VOICE_BLOCKS = ("audio",)
