"""``/favicon.ico``: the site's icon, for what asks for it without reading a page's ``<link>``.

Every public page links the icon in ``base.html`` (``static/favicon.svg`` and
``static/favicon.ico``, hashed URLs in production that WhiteNoise caches for a year). Browsers
still ask for ``/favicon.ico`` on responses that are not pages (feeds, calendars, robots.txt, the
plain 500 page) and so do feed readers and bookmarks: without this view each of those is a 404
and a console error. The response goes through the same middleware as every public response
(strict CSP, no cookie); it is cached for 30 days, so a new icon reaches every reader within a
month.

The icon is neutral on purpose: a plain maroon square with a light dot, no letter, umbrella,
ribbon or any other sign of what the site is about, because a reader's tab list or bookmarks may
be seen by someone else. It says nothing the tab's title does not already say.
"""

from __future__ import annotations

from functools import cache

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

ICON = "favicon.ico"
MAX_AGE = 30 * 24 * 60 * 60  # 30 days


@cache
def icon_bytes() -> bytes:
    """The icon from the checkout's static/ folder, or else from the collected static files."""
    found = finders.find(ICON)
    if found:
        with open(found, "rb") as icon:
            return icon.read()
    with staticfiles_storage.open(ICON) as icon:
        return icon.read()


@require_safe
@transaction.non_atomic_requests
def favicon_view(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(icon_bytes(), content_type="image/x-icon")
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response
