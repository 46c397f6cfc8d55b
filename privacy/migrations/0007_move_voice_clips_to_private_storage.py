"""Move voice clips stored before 0006 from the public storage to the private one.

They were public files from upload on (``media/<32 hex>.<ext>`` in the public storage). Each is
copied to ``private_media/<same name>`` in the default (private) storage and its public file
deleted, so a URL someone kept stops working. Live public pages make a new public copy, under
another random name, the next time a reader opens them (privacy/voice_publication.py).
Without a public storage (development) both are the same folder: the file moves out of the
served ``media/`` folder. Reversing does nothing: files stay private.
"""

import posixpath

from django.core.files.base import ContentFile
from django.db import migrations


def move_voice_clips(apps, schema_editor) -> None:
    from django.core.files.storage import default_storage

    from privacy.storage import public_media_storage

    media_model = apps.get_model("privacy", "PrivateMedia")
    for media in media_model.objects.filter(file__startswith="media/").only("pk", "file"):
        old = media.file.name
        try:
            with public_media_storage.open(old, "rb") as public_file:
                data = public_file.read()
        except FileNotFoundError:
            continue  # nothing public to move (deleted by hand): the row is left as it was
        new = default_storage.save(f"private_media/{posixpath.basename(old)}", ContentFile(data))
        media_model.objects.filter(pk=media.pk).update(file=new, public_file="")
        public_media_storage.delete(old)


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0006_voice_clips_private_storage"),
    ]

    operations = [
        migrations.RunPython(move_voice_clips, migrations.RunPython.noop, elidable=False),
    ]
