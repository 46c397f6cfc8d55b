"""Empties every front-end cache (a Varnish proxy, a CDN) at once, after every change that can
alter a public page: called with each generation bump (caching/generation.py).

The caches are the ones in ``settings.WAGTAILFRONTENDCACHE`` (Wagtail's front-end cache
settings), so one setting names them for Wagtail's own per-page purges and for these. A
per-page purge alone is not enough here: a withdrawn story's title is on the home page, every
index page and filter, the feeds, the sitemap and search, none of which are "the page's URLs".
So each backend is asked to drop everything:

- ``HTTPBackend`` (Varnish with deploy/varnish/default.vcl): one ``BAN`` request to its LOCATION;
- ``CloudflareBackend``: Cloudflare's ``purge_everything``;
- ``CloudfrontBackend``: an invalidation of ``/*``;
- any other backend class must have a ``purge_everything()`` method (a system check says so).

A purge that fails is tried once more, then raised: a write whose pages could not be purged must
not look as if it had been (the leader sees an error, not a success). Logged without any URL or
page content. With no front-end cache configured (development, tests), nothing is attempted.
"""

from __future__ import annotations

import logging
import urllib.error
import urllib.request
from typing import Any

from django.conf import settings
from django.core import checks

logger = logging.getLogger(__name__)

TIMEOUT = 5  # seconds per attempt: a write waits for the purge, it must not hang on it
ATTEMPTS = 2


class PurgeFailed(RuntimeError):
    """A front-end cache could not be emptied."""


def configured() -> bool:
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def backends() -> dict[str, Any]:
    from wagtail.contrib.frontend_cache.utils import get_backends

    return get_backends()


def _ban(backend: Any) -> None:
    """One BAN request to the proxy: deploy/varnish/default.vcl bans every object."""
    location = f"{backend.cache_scheme}://{backend.cache_netloc}/"
    request = urllib.request.Request(location, method="BAN")  # noqa: S310 - configured URL
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
        if response.status != 200:
            raise PurgeFailed(f"BAN answered {response.status}")


def _cloudflare(backend: Any) -> None:
    import requests

    headers = {"Content-Type": "application/json"}
    if backend.cloudflare_token:
        headers["Authorization"] = f"Bearer {backend.cloudflare_token}"
    else:
        headers["X-Auth-Email"] = backend.cloudflare_email
        headers["X-Auth-Key"] = backend.cloudflare_api_key
    response = requests.post(
        backend.cloudflare_purge_endpoint_url,
        json={"purge_everything": True},
        headers=headers,
        timeout=TIMEOUT,
    )
    try:
        success = response.json().get("success") is True
    except ValueError:
        success = False
    if response.status_code != 200 or not success:
        raise PurgeFailed(f"Cloudflare answered {response.status_code}")


def _cloudfront(backend: Any) -> None:
    import uuid

    backend.client.create_invalidation(
        DistributionId=backend.cloudfront_distribution_id,
        InvalidationBatch={
            "Paths": {"Quantity": 1, "Items": ["/*"]},
            "CallerReference": uuid.uuid4().hex,
        },
    )


def _method(backend: Any):
    """How to empty this backend, or None if it cannot be emptied at once."""
    own = getattr(backend, "purge_everything", None)
    if callable(own):
        return lambda _backend: own()
    from wagtail.contrib.frontend_cache.backends import (
        CloudflareBackend,
        CloudfrontBackend,
        HTTPBackend,
    )

    for cls, method in (
        (HTTPBackend, _ban),
        (CloudflareBackend, _cloudflare),
        (CloudfrontBackend, _cloudfront),
    ):
        if isinstance(backend, cls):
            return method
    return None


def purge_everything() -> None:
    """Empties every configured front-end cache; raises PurgeFailed if one could not be."""
    if not configured():
        return
    for name, backend in backends().items():
        method = _method(backend)
        if method is None:
            raise PurgeFailed(f"front-end cache {name!r} cannot purge everything")
        for attempt in range(1, ATTEMPTS + 1):
            try:
                method(backend)
                break
            except Exception as error:
                # The error's class and the backend's name only: no URL, no page content.
                logger.error(
                    "Front-end cache %r not emptied (attempt %d of %d): %s",
                    name,
                    attempt,
                    ATTEMPTS,
                    type(error).__name__,
                )
                if attempt == ATTEMPTS:
                    raise PurgeFailed(f"front-end cache {name!r} not emptied") from error


@checks.register(checks.Tags.caches)
def check_backends_purge_everything(**kwargs: Any) -> list[checks.CheckMessage]:
    """Every configured front-end cache can be emptied at once (else a withdrawal would leave
    the story's title on index pages there)."""
    if not configured():
        return []
    try:
        found = backends()
    except Exception as error:
        return [checks.Error(f"WAGTAILFRONTENDCACHE: {error}", id="caching.E001")]
    return [
        checks.Error(
            f"The front-end cache {name!r} cannot purge everything at once.",
            hint="Use HTTPBackend (Varnish), CloudflareBackend or CloudfrontBackend, or give "
            "the backend a purge_everything() method.",
            id="caching.E002",
        )
        for name, backend in found.items()
        if _method(backend) is None
    ]
