"""Where media files live: private by default, public only for what public pages show.

- ``STORAGES["default"]`` (private): original images, documents, voice clips, Wagtail's
  temporary uploads, and the renditions no live public page shows (the admin's thumbnails,
  drafts' previews: privacy/images/renditions.py).
  In production an S3 bucket with private objects and signed, short-lived URLs; originals are
  never linked from public pages and documents are read back by Wagtail's serve view.
- ``STORAGES["public_media"]`` (public, optional): the image renditions and the copies of voice
  clips live public pages show (privacy/images/renditions.py, privacy/audio/publication.py), both
  already stripped of metadata and named with 32 random hex digits. Files leave it by being
  deleted, never by an ACL change (buckets without ACLs would keep serving them).
  Public pages are cached, so their files need stable URLs that anyone may read, not signed
  ones that expire.

Without a ``public_media`` entry (development, tests) everything goes to the default storage;
in development only the public folders are served (privacy/dev_media.py).

The public storage is resolved lazily and again whenever ``STORAGES`` changes (tests override
it), so the model fields that use it need no migration when the configuration changes.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.storage import Storage, default_storage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty

PUBLIC_MEDIA_STORAGE_ALIAS = "public_media"


def _resolve_public_media_storage() -> Storage:
    if PUBLIC_MEDIA_STORAGE_ALIAS in settings.STORAGES:
        return storages[PUBLIC_MEDIA_STORAGE_ALIAS]
    return default_storage


class PublicMediaStorage(LazyObject):
    def _setup(self) -> None:
        self._wrapped = _resolve_public_media_storage()


public_media_storage = PublicMediaStorage()


def get_public_media_storage() -> Any:
    """The public storage: a callable, so migrations record the function, not a backend."""
    return public_media_storage


@receiver(setting_changed, dispatch_uid="privacy_reset_public_media_storage")
def _reset_public_media_storage(setting: str, **kwargs: Any) -> None:
    if setting == "STORAGES":
        public_media_storage._wrapped = empty


def storage_unreachable(error: BaseException | None) -> bool:
    """Whether ``error``, or what it was raised from, is the S3 server not answering (refused,
    timed out, cut off): a storage outage, not a fault of the file or the request."""
    try:
        from botocore.exceptions import ConnectionError as S3ConnectionError
        from botocore.exceptions import HTTPClientError
    except ImportError:  # no S3 client installed: media on local disk only
        return False
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, S3ConnectionError | HTTPClientError):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False
