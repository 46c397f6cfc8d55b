"""Re-run today's image sanitiser over photos stored by earlier versions (privacy/images/stored.py).

Run once after deploying a version whose sanitiser removes more (this one drops ICC colour
profiles and the extra pictures of phone photos):
    .venv/bin/python manage.py resanitise_images
Safe to run again: photos already clean are left as they are.
"""

from django.core.management.base import BaseCommand

from privacy.images.stored import resanitise_stored_images


class Command(BaseCommand):
    help = "Re-sanitise stored photos that still hold what today's sanitiser removes."

    def handle(self, *args, **options) -> None:
        checked, replaced = resanitise_stored_images()
        self.stdout.write(f"{checked} photo(s) checked, {replaced} cleaned again.")
