"""Voice clips are private files; a public copy exists only while a live public page plays them.

The same rule as image renditions (privacy/images/renditions.py), with the checks both share
(privacy/public_pages.py):

- A recording (``PrivateMedia.file``) is stored in the private default storage under
  ``private_media/<32 random hex>.<ext>``: never served to readers, in development neither
  (privacy/dev_media.py serves ``media/`` only). Editors play it through a signed-in admin
  view (privacy/audio/views.py).
- Becoming public: when a live page without view restrictions is served to a reader and its
  template asks for the recording's URL, a copy is written to the public storage under
  ``media/<another 32 random hex>.<ext>`` (a name that says nothing of the private one) and
  recorded in ``PrivateMedia.public_file``. Withdrawn recordings never get one.
- Stopping being public: the public copy is DELETED (never only made unreadable with an ACL,
  which does nothing on buckets without ACLs) when the recording's consent is withdrawn, when
  it is replaced or deleted, and, once the change is saved, whenever no live public page refers
  to it any more (unpublished, deleted, moved, restricted, published without it: Wagtail's
  reference index, through the same signals as renditions, privacy/signals.py). The daily
  ``withhold_renditions`` command does the same and deletes public copies no row knows about.
"""

from __future__ import annotations

import datetime
import posixpath
import secrets
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from wagtailmedia import get_media_model

from ..public_pages import on_live_public_pages, serving_live_public_page
from ..storage import public_media_storage

PRIVATE_VOICE_FOLDER = "private_media"  # in the default (private) storage
PUBLIC_VOICE_FOLDER = "media"  # in the public storage
# A public copy no row names is deleted by the daily command once it is this old (younger
# ones may belong to a page being served right now, whose transaction is not committed yet).
ORPHAN_AGE = datetime.timedelta(hours=1)


def private_voice_url(media: Any) -> str:
    """The admin view that plays the private file to signed-in editors."""
    return reverse("privacy_private_voice_clip", args=[posixpath.basename(media.file.name)])


def voice_clip_url(media: Any) -> str:
    """The URL a template links to: the public copy while a live public page is served to a
    reader (made now if needed), the admin view otherwise (admin, previews, drafts)."""
    if not media.file:
        return ""
    if media.is_withdrawn or not serving_live_public_page():
        return private_voice_url(media)
    name = publish_voice_clip(media)
    return public_media_storage.url(name) if name else private_voice_url(media)


def publish_voice_clip(media: Any) -> str:
    """The name of the recording's public copy, made from the private file if there is none.

    Safe against another request doing the same at once: the database decides which copy
    counts, the other is deleted. Returns "" when the private file is missing.
    """
    model = type(media)
    row = model.objects.filter(pk=media.pk).values_list("public_file", "file").first()
    if row is None:
        return ""
    public_name, private_name = row
    if public_name:
        media.public_file = public_name
        return public_name
    try:
        with default_storage.open(private_name, "rb") as private_file:
            data = private_file.read()
    except FileNotFoundError:
        return ""
    extension = posixpath.splitext(private_name)[1]
    name = public_media_storage.save(
        f"{PUBLIC_VOICE_FOLDER}/{secrets.token_hex(16)}{extension}", ContentFile(data)
    )
    if model.objects.filter(pk=media.pk, public_file="").update(public_file=name):
        media.public_file = name
        return name
    # Another request published it first: keep its copy.
    public_media_storage.delete(name)
    return publish_voice_clip(media)


def withhold_voice_clip(media: Any) -> bool:
    """Delete the recording's public copy now, if it has one. Storage errors are raised: a
    withdrawal that leaves a voice public must not look done."""
    model = type(media)
    name = model.objects.filter(pk=media.pk).values_list("public_file", flat=True).first()
    name = name or getattr(media, "public_file", "")
    if not name:
        return False
    public_media_storage.delete(name)
    model.objects.filter(pk=media.pk, public_file=name).update(public_file="")
    media.public_file = ""
    return True


def withhold_voice_clips_off_public_pages() -> int:
    """Delete the public copies of recordings no live public page plays, or withdrawn ones;
    returns how many."""
    model = get_media_model()
    shown = on_live_public_pages(model)
    stale = model.objects.exclude(public_file="").exclude(pk__in=shown, withdrawn_at__isnull=True)
    return sum(withhold_voice_clip(media) for media in stale)


def withhold_voices_after_commit(**kwargs: Any) -> None:
    """Signal handler (privacy/signals.py): check the public copies once the change is saved."""
    transaction.on_commit(withhold_voice_clips_off_public_pages, robust=True)


def delete_orphaned_public_copies(now: datetime.datetime | None = None) -> int:
    """Delete public copies that no recording names (a request that made one was rolled
    back), older than ``ORPHAN_AGE``; returns how many."""
    now = now or timezone.now()
    known = set(
        get_media_model().objects.exclude(public_file="").values_list("public_file", flat=True)
    )
    try:
        _folders, files = public_media_storage.listdir(PUBLIC_VOICE_FOLDER)
    except FileNotFoundError:
        return 0
    count = 0
    for file_name in files:
        name = f"{PUBLIC_VOICE_FOLDER}/{file_name}"
        if name in known:
            continue
        if now - public_media_storage.get_modified_time(name) < ORPHAN_AGE:
            continue
        public_media_storage.delete(name)
        count += 1
    return count
