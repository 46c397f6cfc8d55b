"""Delete public image renditions and voice clip copies that no live public page shows
(privacy/images/renditions.py, privacy/audio/publication.py).

Pages trigger this themselves when they are unpublished, deleted, moved or restricted; run it
once after deploying this version (renditions made before it were all public, the admin's
thumbnails included) and, as a safety net, daily after ``review_consents``:
    5 6 * * *  cd /srv/samvedna && .venv/bin/python manage.py withhold_renditions
It also deletes public voice clip copies no recording names (left by a request that failed).
"""

from django.core.management.base import BaseCommand

from privacy.audio.publication import (
    delete_orphaned_public_copies,
    withhold_voice_clips_off_public_pages,
)
from privacy.images.renditions import withhold_renditions_off_public_pages


class Command(BaseCommand):
    help = "Delete public image renditions and voice clips that no live public page shows."

    def handle(self, *args, **options) -> None:
        count = withhold_renditions_off_public_pages()
        self.stdout.write(f"{count} public rendition(s) no live public page shows deleted.")
        voices = withhold_voice_clips_off_public_pages() + delete_orphaned_public_copies()
        self.stdout.write(f"{voices} public voice clip(s) no live public page plays deleted.")
