"""Delete public image renditions that no live public page shows (privacy/renditions.py).

Pages trigger this themselves when they are unpublished, deleted, moved or restricted; run it
once after deploying this version (renditions made before it were all public, the admin's
thumbnails included) and, as a safety net, daily after ``review_consents``:
    5 6 * * *  cd /srv/samvedna && .venv/bin/python manage.py withhold_renditions
"""

from django.core.management.base import BaseCommand

from privacy.renditions import withhold_renditions_off_public_pages


class Command(BaseCommand):
    help = "Delete public image renditions that no live public page shows."

    def handle(self, *args, **options) -> None:
        count = withhold_renditions_off_public_pages()
        self.stdout.write(f"{count} public rendition(s) no live public page shows deleted.")
