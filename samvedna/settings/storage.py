"""Production media storage: S3-compatible object storage through django-storages.

Imported by production.py only (development and tests keep files on local disk). When
``AWS_STORAGE_BUCKET_NAME`` is set, media is split in two storages (privacy/storage.py):

``STORAGES["default"]``, private
    ``<bucket>/private/original_images/<32 hex>.<ext>``, ``private/documents/<32 hex>.pdf``,
    ``private/wagtail_uploads/…``, ``private/private_images/<32 hex>.<filter>.<ext>`` (renditions
    no live public page shows, e.g. the admin's thumbnails; shown through the admin,
    privacy/images/renditions.py), ``private/private_media/<32 hex>.<ext>`` (voice clips, played in
    the admin through a signed-in view, privacy/audio/views.py). Objects are private (ACL
    ``private``); their URLs are signed and expire after ``AWS_QUERYSTRING_EXPIRE`` seconds
    (default 600). Originals are never linked from public pages; documents are read back by
    Wagtail's serve view
    (``/documents/<id>/<32 hex>.pdf``), which applies the collection's privacy settings.

``STORAGES["public_media"]``, public
    ``<public bucket>/public/images/<32 hex>.<filter>.<ext>`` (renditions live public pages
    show) and ``public/media/<32 hex>.<ext>`` (copies of the voice clips live public pages play,
    privacy/audio/publication.py). Readable by anyone (ACL
    ``public-read``, or a bucket policy on ``public/*`` when ``AWS_PUBLIC_ACL=none``), plain
    unsigned URLs (on ``AWS_S3_PUBLIC_CUSTOM_DOMAIN`` if set, e.g. a CDN). Unguessable,
    because every name starts with 32 random hex digits. ``AWS_PUBLIC_STORAGE_BUCKET_NAME``
    may name a second bucket (stronger: the private bucket then needs no public access at all).

Readers' browsers must not contact another host (DESIGN.md, rule 5; the CSP allows "self"):
in production set ``AWS_S3_PUBLIC_CUSTOM_DOMAIN`` to the site's own host and a path, e.g.
``samvedna.example.org/public-media``, and let the reverse proxy in front of gunicorn pass
only ``/public-media/public/`` to ``<endpoint>/<public bucket>/public/`` (never the private
prefix). Without it, public URLs point at the S3 endpoint itself.

Both use ``privacy.saved_files.S3MediaStorage`` (django-storages' ``S3Storage``): the objects a
request wrote before its transaction was rolled back are deleted when it ends; what it could not
delete (S3 down again, a killed worker) the daily sweep deletes after an hour
(privacy/unreferenced_files.py: the folders above and ``private/media_thumbnails/``, never
``private/erasure_ledger/``).

Neither storage ever overwrites an object (``file_overwrite=False``): a name that exists gets
a suffix. Renditions of withdrawn photos and public copies of withdrawn voice clips are deleted,
never only made private (consent/lifecycle.py); shared caches may
keep a public file up to ``PUBLIC_MEDIA_CACHE_CONTROL``'s max-age.
"""

from __future__ import annotations

import os
from typing import Any

from .env import env_int, env_str

# django-storages' S3Storage that deletes the files of a rolled-back request
# (privacy/saved_files.py).
S3_BACKEND = "privacy.saved_files.S3MediaStorage"
PRIVATE_LOCATION = "private"
PUBLIC_LOCATION = "public"
PRIVATE_MEDIA_CACHE_CONTROL = "private, no-store"
PUBLIC_MEDIA_CACHE_CONTROL = "public, max-age=600"


def s3_media_storages(
    *,
    bucket: str,
    public_bucket: str | None = None,
    public_acl: str | None = "public-read",
    public_custom_domain: str | None = None,
    querystring_expire: int = 600,
    **connection: Any,
) -> dict[str, dict[str, Any]]:
    """``STORAGES`` entries for private media ("default") and public media ("public_media").

    ``connection`` holds the options both storages share (``endpoint_url``, ``region_name``,
    ``addressing_style``, credentials...). Used by the settings below and by the S3 tests.
    """
    shared = {
        "signature_version": "s3v4",
        "file_overwrite": False,
        **{key: value for key, value in connection.items() if value is not None},
    }
    private = {
        **shared,
        "bucket_name": bucket,
        "location": PRIVATE_LOCATION,
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": querystring_expire,
        # A custom domain would make django-storages drop the signature: never for these.
        "custom_domain": None,
        "object_parameters": {"CacheControl": PRIVATE_MEDIA_CACHE_CONTROL},
    }
    public = {
        **shared,
        "bucket_name": public_bucket or bucket,
        "location": PUBLIC_LOCATION,
        "default_acl": public_acl or None,
        "querystring_auth": False,
        "custom_domain": public_custom_domain or None,
        "object_parameters": {"CacheControl": PUBLIC_MEDIA_CACHE_CONTROL},
    }
    return {
        "default": {"BACKEND": S3_BACKEND, "OPTIONS": private},
        "public_media": {"BACKEND": S3_BACKEND, "OPTIONS": public},
    }


def _public_acl() -> str | None:
    # "none": the bucket has ACLs disabled and a bucket policy makes public/* readable.
    value = env_str("AWS_PUBLIC_ACL", "public-read")
    return None if value.strip().lower() in {"none", "off"} else value


AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
# production.py: STORAGES.update(MEDIA_STORAGES).
MEDIA_STORAGES: dict[str, dict[str, Any]] = {}
if AWS_STORAGE_BUCKET_NAME:
    # An unreachable S3 server: the upload is refused within seconds (samvedna/unavailable.py),
    # not after botocore's default retries with growing pauses (over a minute per file). Read
    # by botocore from the environment; an operator's own values win.
    os.environ.setdefault("AWS_RETRY_MODE", "standard")
    os.environ.setdefault("AWS_MAX_ATTEMPTS", "3")
    AWS_S3_ENDPOINT_URL = env_str("AWS_S3_ENDPOINT_URL")
    AWS_S3_REGION_NAME = env_str("AWS_S3_REGION_NAME")
    # Defaults for any S3 storage not configured below: private objects, unguessable names,
    # never overwritten, signed URLs.
    AWS_DEFAULT_ACL = "private"
    AWS_QUERYSTRING_AUTH = True
    AWS_QUERYSTRING_EXPIRE = env_int("AWS_QUERYSTRING_EXPIRE", 600)
    AWS_S3_FILE_OVERWRITE = False
    MEDIA_STORAGES = s3_media_storages(
        bucket=AWS_STORAGE_BUCKET_NAME,
        public_bucket=env_str("AWS_PUBLIC_STORAGE_BUCKET_NAME"),
        public_acl=_public_acl(),
        public_custom_domain=env_str("AWS_S3_PUBLIC_CUSTOM_DOMAIN"),
        querystring_expire=AWS_QUERYSTRING_EXPIRE,
        endpoint_url=AWS_S3_ENDPOINT_URL,
        region_name=AWS_S3_REGION_NAME,
        addressing_style=env_str("AWS_S3_ADDRESSING_STYLE"),
    )
