"""Blocks of a rights guide: the guide itself, its steps, the documents checklist, downloads,
helplines and sources. Every block has a ``preview_value``; their templates live in
templates/resources/blocks/.
"""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from base.blocks import HeadingBlock, ParagraphBlock

# Callouts and steps keep to short formatted text: no lists inside a step or a tip.
SHORT_TEXT_FEATURES = ["bold", "italic", "link"]


class GuideHeadingBlock(HeadingBlock):
    """A heading inside the guide: one level below the page's section headings."""

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "resources/blocks/guide_heading.html"
        preview_value = "If the office says no"


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[("tip", _("Tip")), ("warning", _("Warning"))],
        default="tip",
        label=_("Kind"),
    )
    text = blocks.RichTextBlock(features=SHORT_TEXT_FEATURES, label=_("Text"))

    class Meta:
        icon = "warning"
        label = _("Tip or warning")
        template = "resources/blocks/callout.html"
        preview_value = {
            "kind": "tip",
            "text": "<p>Go with another member of the collective: offices listen to two.</p>",
        }


class GuideBlock(blocks.StreamBlock):
    heading = GuideHeadingBlock()
    paragraph = ParagraphBlock()
    callout = CalloutBlock()

    class Meta:
        preview_value = [
            ("heading", "Where to apply"),
            ("paragraph", "<p>Ask at the taluka office or a Jan Seva Kendra.</p>"),
            ("callout", {"kind": "warning", "text": "<p>Never pay an agent.</p>"}),
        ]


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120, label=_("Step"))
    text = blocks.RichTextBlock(features=SHORT_TEXT_FEATURES, required=False, label=_("Details"))

    class Meta:
        icon = "list-ol"
        label = _("Step")
        template = "resources/blocks/step.html"
        preview_value = {
            "title": "Collect your papers",
            "text": "<p>Put them in one folder and make one photocopy of each.</p>",
        }


class StepsBlock(blocks.StreamBlock):
    step = StepBlock()

    class Meta:
        preview_value = [
            ("step", {"title": "Collect your papers", "text": "<p>One folder.</p>"}),
            ("step", {"title": "Go to the office", "text": "<p>Ask for a receipt.</p>"}),
        ]


class ChecklistItemBlock(blocks.CharBlock):
    class Meta:
        icon = "tick"
        label = _("Document")
        template = "resources/blocks/checklist_item.html"
        preview_value = "Two passport-size photos"


class ChecklistBlock(blocks.StreamBlock):
    item = ChecklistItemBlock(max_length=200)

    class Meta:
        preview_value = [("item", "Aadhaar card"), ("item", "Two passport-size photos")]


class DownloadBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("File"))
    title = blocks.CharBlock(
        required=False,
        max_length=120,
        label=_("Link text"),
        help_text=_("What the file is, in plain words. Leave empty to use the file's title."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Download")
        template = "resources/blocks/download.html"
        # No stored document is guaranteed to exist: the preview shows the link text only.
        preview_value = {"title": "Application form (example)"}


class DownloadsBlock(blocks.StreamBlock):
    download = DownloadBlock()

    class Meta:
        preview_value = [("download", {"title": "Application form (example)"})]


class HelplineChooserBlock(SnippetChooserBlock):
    def __init__(self, **kwargs):
        super().__init__("resources.Helpline", **kwargs)

    def get_preview_value(self):
        # Any stored helpline will do; none is guaranteed, so the preview may be empty.
        return self.target_model.objects.order_by("pk").first()

    class Meta:
        icon = "help"
        label = _("Helpline")
        template = "resources/blocks/helpline.html"
        preview_value = "The first helpline stored, e.g. 1097 (National AIDS helpline)"


class HelplinesBlock(blocks.StreamBlock):
    helpline = HelplineChooserBlock()

    class Meta:
        preview_value = []


class SourceBlock(blocks.StructBlock):
    """Where a fact of the guide comes from: a law, a court order, a scheme notice or a form.

    The link is shown as a plain link (no preview, no embed), so the reader's browser asks
    nothing of another site unless she clicks it.
    """

    title = blocks.CharBlock(
        max_length=250,
        label=_("Name of the source"),
        help_text=_(
            "The law, court order, government notice or form, as a reader would ask for it, "
            "e.g. “Supreme Court order, Budhadev Karmaskar v. State of West Bengal”."
        ),
    )
    date = blocks.DateBlock(
        required=False,
        label=_("Date"),
        help_text=_("The date of the order, notice or form, if it has one."),
    )
    link = blocks.URLBlock(
        required=False,
        label=_("Link"),
        help_text=_(
            "Only the address of an official page (a government or court website). Leave "
            "empty if you are not sure."
        ),
    )

    class Meta:
        icon = "link"
        label = _("Source")
        template = "resources/blocks/source.html"
        preview_value = {
            "title": "Supreme Court order, Budhadev Karmaskar v. State of West Bengal",
            "date": datetime.date(2022, 5, 19),
            "link": "https://main.sci.gov.in/",
        }


class SourcesBlock(blocks.StreamBlock):
    source = SourceBlock()

    class Meta:
        preview_value = [
            (
                "source",
                {
                    "title": "Supreme Court order, Budhadev Karmaskar v. State of West Bengal",
                    "date": datetime.date(2022, 5, 19),
                    "link": "https://main.sci.gov.in/",
                },
            ),
            ("source", {"title": "National Food Security Act, 2013", "date": None, "link": ""}),
        ]
