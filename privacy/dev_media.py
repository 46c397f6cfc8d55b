"""Development only: serve the public media folders from MEDIA_ROOT, nothing else.

Django's ``static(MEDIA_URL, ...)`` would serve every file under MEDIA_ROOT, original photos
(with whatever the sanitiser keeps, and the faces a rendition may crop or blur away), PDFs
(which must go through Wagtail's serve view and its collection privacy checks) and the
multiple uploader's temporary files included. Only what public pages link to is served here:
image renditions (``images/``) and the public copies of voice clips (``media/``), which exist
only while a live public page shows them and are deleted after (privacy/images/renditions.py,
privacy/audio/publication.py); the recordings themselves (``private_media/``) never are. In
production the web server serves nothing from MEDIA_ROOT: public files come from the public
storage (privacy/storage.py).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import URLPattern, re_path
from django.views.static import serve

# Folders (relative to MEDIA_ROOT) whose files public pages link to.
PUBLIC_MEDIA_FOLDERS = ("images", "media")


def public_media_urlpatterns() -> list[URLPattern]:
    """URL patterns for ``MEDIA_URL<folder>/<file>`` of the public folders, when DEBUG is on."""
    prefix = settings.MEDIA_URL
    if not settings.DEBUG or not prefix or urlsplit(prefix).netloc:
        return []
    folders = "|".join(re.escape(folder) for folder in PUBLIC_MEDIA_FOLDERS)
    # One file directly inside a public folder: no sub-folders, no "..", no hidden files.
    pattern = rf"^{re.escape(prefix.lstrip('/'))}(?P<path>(?:{folders})/[\w\-][\w.\-]*)$"
    return [
        re_path(pattern, serve, kwargs={"document_root": settings.MEDIA_ROOT}, name="dev_media")
    ]
