"""A voice recording with its transcript, for story pages (StreamField).

The recording is chosen from the sound recordings (``PrivateMedia``: stored without tags,
under a random name). The transcript is required: people who cannot hear, cannot play the
recording or are on a slow connection read what was said.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtailmedia.blocks import AudioChooserBlock


class AudioClipBlock(blocks.StructBlock):
    audio = AudioChooserBlock(
        label=_("Recording"),
        help_text=_("Names, places and dates stored in the file were removed at upload."),
    )
    transcript = blocks.TextBlock(
        required=True,
        label=_("Transcript"),
        help_text=_(
            "Everything that is said in the recording, in the language of this page. "
            "Leave out anything that could identify someone."
        ),
    )

    class Meta:
        icon = "wagtailmedia-audio"
        label = _("Voice recording with transcript")
        description = _("A sound recording that plays in the page, with its transcript below.")
        template = "blocks/audio_clip.html"
        # No stored recording is guaranteed to exist, so the preview shows the transcript alone.
        preview_value = {
            "transcript": (
                "When we go to the police station together, they listen to us. "
                "(Example transcript.)"
            ),
        }
