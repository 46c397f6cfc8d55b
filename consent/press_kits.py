"""Stored media kits end with any change to what a consent allows.

The press room (an app above this one, which consent never imports) keeps each media kit it
built as a ZIP in the private storage, under ``MEDIA_KIT_FOLDER``, and serves it while what went
into it is unchanged. A kit may hold a photo whose face a consent let be shown: when a consent is
withdrawn, erased, expired or narrowed (scopes, languages, dates), or a face's link to it goes,
every stored kit is deleted at once, inside the change's transaction and again once it commits
(a kit built meanwhile from what was committed before is not left behind). The next download
builds a new kit from what the consents allow then. Deleting them all is simpler and safer than
working out which kit held which face; a kit is rebuilt in seconds.

The folder's name is owned here so that consent can empty it without knowing the press app.
"""

from __future__ import annotations

import logging

from django.core.files.storage import default_storage
from django.db import transaction

logger = logging.getLogger(__name__)

MEDIA_KIT_FOLDER = "media_kit"


def stored_kit_names() -> list[str]:
    """The storage names of every stored kit (none when the folder does not exist yet)."""
    try:
        _folders, files = default_storage.listdir(MEDIA_KIT_FOLDER)
    except FileNotFoundError:
        return []
    return [f"{MEDIA_KIT_FOLDER}/{name}" for name in files]


def delete_stored_kits() -> int:
    """Delete every stored kit now; returns how many went. A storage failure is logged and does
    not stop the consent's change: a kit's name is the fingerprint of what went into it, and
    the change alters that fingerprint, so a kit left behind is never served again."""
    deleted = 0
    try:
        for name in stored_kit_names():
            default_storage.delete(name)
            deleted += 1
    except Exception:
        logger.exception("Could not delete the stored media kits")
    return deleted


def delete_stored_kits_now_and_after_commit() -> None:
    delete_stored_kits()
    transaction.on_commit(delete_stored_kits)
