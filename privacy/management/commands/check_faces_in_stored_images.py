"""Hide the faces of photos stored before faces were checked (issue 15).

Photos of people stored by earlier versions (``faces_checked_at`` empty) are not shown on
public pages until their faces are checked. Run once after deploying the face check, and again
whenever it reports failures:
    .venv/bin/python manage.py check_faces_in_stored_images
Each photo is saved again: the image model's save() checks a stored file of people that has
not been checked yet, stores the copy with its faces hidden under a new random name, deletes
the unchecked file and its renditions (privacy/images/models.py). One failure does not stop the
rest; failures are logged by image id only (no title, file name or message, which could name
someone).
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.images import get_image_model

logger = logging.getLogger(__name__)

# Saved without the other fields, so an old photo without alt text is checked too (its alt
# text is asked for when someone next edits it).
FILE_FIELDS = ["file", "shows_people", "width", "height", "file_size", "file_hash"]


def check_faces_in_stored_images() -> tuple[int, int]:
    """(checked, failed) over the stored photos of people whose faces were not checked."""
    model = get_image_model()
    unchecked = model.objects.filter(shows_people=True, faces_checked_at__isnull=True)
    checked = failed = 0
    for pk in unchecked.order_by("pk").values_list("pk", flat=True):
        try:
            with transaction.atomic():
                image = model.objects.get(pk=pk)
                image.save(update_fields=FILE_FIELDS)
                if image.faces_checked_at is None:
                    raise RuntimeError("the face check did not run")
        except Exception as error:
            failed += 1
            logger.error(
                "Could not check the faces of stored image %s (%s)", pk, type(error).__name__
            )
        else:
            checked += 1
    return checked, failed


class Command(BaseCommand):
    help = "Find and hide the faces of stored photos of people that were never checked."

    def handle(self, *args: Any, **options: Any) -> None:
        checked, failed = check_faces_in_stored_images()
        self.stdout.write(f"checked {checked}, failed {failed}")
