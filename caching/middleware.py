"""Serves anonymous public GET/HEAD requests from the page cache, before sessions, routing and
rendering; stores public pages on the way out.

Placed after the security-header middlewares and WhiteNoise: a hit still passes back through
them, so a hit and a miss carry the same headers and the same bytes.

Only a request that cannot be personal is looked up:
- GET or HEAD, with no cookie at all (an empty Cookie header counts as none): the public site
  sets none, so an anonymous reader has none; any cookie (session, CSRF, language) may change
  the page, so a request with one passes through. Simpler and stricter than naming cookies;
- no Authorization header;
- a path under a language prefix (/en/, /gu/, /hi/) other than Wagtail's /_util/ screens (page
  passwords), or /sitemap.xml; never /admin/, documents, media or static files;
- only query parameters a public page reads (``KNOWN_PARAMETERS``), each once, short, of word
  characters; any other parameter, or a search query ``q``, passes through uncached, so junk
  parameters cannot fill the cache.

Only a response that cannot be personal is stored: a GET answered 200 (or 410, what a withdrawn
story answers: the withdrawal's write bumps the generation, so a 410 never outlives the state it
reports; 404 is not stored, since any made-up URL answers it and would fill the cache), with one
of the public content types, no cookie, no ``Vary`` beyond Accept-Language on unprefixed paths
(part of their key), no ``Cache-Control: private/no-store/no-cache``, not streaming, at most
``MAX_BODY`` bytes. Entries live ``TTL`` seconds.

The key is a hash of today's local date, scheme, host, path and the known parameters sorted; the
entry holds the generation and the database token (caching/generation.py) it was built under,
and is served only while both are still the current ones. The generation and the entry are read
in one round trip (``get_many``: one Redis MGET), which is most of what a hit costs; a page
rebuilt after a bump replaces its stale entry under the same key instead of leaving it to expire.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import re
from collections.abc import Callable
from urllib.parse import parse_qsl

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone
from django.utils.cache import cc_delim_re

from caching import frontend, generation

logger = logging.getLogger(__name__)

TTL = 600  # seconds
MAX_BODY = 2 * 1024 * 1024  # bytes
# What public pages read from the query string (grep request.GET / query.get): the listings'
# page and filters (stories: topic, has; events: town; guides: category, need) and the
# sitemap's page (p). Search's free-text ``q`` is deliberately absent: never cached.
KNOWN_PARAMETERS = frozenset({"page", "topic", "has", "town", "category", "need", "p"})
_VALUE = re.compile(r"^[\w-]{0,64}$")
CONTENT_TYPES = frozenset(
    {
        "text/html",
        "application/rss+xml",
        "application/xml",
        "text/calendar",
        "application/ld+json",
    }
)
CACHED_STATUSES = frozenset({200, 410})
UNPREFIXED = frozenset({"/sitemap.xml"})


def _language_prefixed(path: str) -> bool:
    first = path.split("/", 2)[1] if path.count("/") >= 2 else ""
    return first in {code for code, _name in settings.LANGUAGES}


def _public_path(path: str) -> bool:
    if path in UNPREFIXED:
        return True
    return _language_prefixed(path) and "/_util/" not in path


def _known_parameters(query_string: str) -> list[tuple[str, str]] | None:
    """The query's parameters, sorted; None when any is unknown, repeated or odd."""
    # Raw non-ASCII is decoded differently here and by Django's QueryDict: never guess.
    if len(query_string) > 512 or not query_string.isascii():
        return None
    pairs = parse_qsl(query_string, keep_blank_values=True)
    names = [name for name, _value in pairs]
    if len(set(names)) != len(names):
        return None
    if any(name not in KNOWN_PARAMETERS or not _VALUE.match(value) for name, value in pairs):
        return None
    return sorted(pairs)


def _public_request(request: HttpRequest) -> list[str] | None:
    """What identifies this request's page (scheme, host, path, known parameters, language), or
    None if the request could be personal or junk and must not be answered from any cache."""
    if request.method not in ("GET", "HEAD") or request.META.get("HTTP_COOKIE", "").strip():
        return None
    if "HTTP_AUTHORIZATION" in request.META:
        return None
    path = request.path
    if not _public_path(path):
        return None
    parameters = _known_parameters(request.META.get("QUERY_STRING", ""))
    if parameters is None:
        return None
    try:
        host = request.get_host()
    except Exception:
        return None
    # Unprefixed paths choose their language from Accept-Language (and say Vary).
    language = "" if _language_prefixed(path) else request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    if len(language) > 200:
        return None
    return [request.scheme, host, path, repr(parameters), language]


def request_key(request: HttpRequest) -> str | None:
    """The cache key for this request, or None if it must not be served from the cache."""
    identity = _public_request(request)
    if identity is None:
        return None
    parts = [generation.local_date().isoformat(), *identity]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"pagecache:page:{digest}"


def _storable(request: HttpRequest, response: HttpResponseBase) -> bool:
    return request.method == "GET" and _public_response(request, response)


def _public_response(request: HttpRequest, response: HttpResponseBase) -> bool:
    """Whether this answer (to a GET or a HEAD) cannot be personal, so may be shared."""
    if response.status_code not in CACHED_STATUSES:
        return False
    if response.streaming or response.cookies or response.has_header("Set-Cookie"):
        return False
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    if content_type not in CONTENT_TYPES:
        return False
    cache_control = {
        part.split("=")[0].strip().lower()
        for part in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    if cache_control & {"private", "no-store", "no-cache"}:
        return False
    vary = {part.strip().lower() for part in cc_delim_re.split(response.get("Vary", ""))} - {""}
    allowed = set() if _language_prefixed(request.path) else {"accept-language"}
    if not vary <= allowed:
        return False
    return len(response.content) <= MAX_BODY


def _rebuilt(status: int, headers: list[tuple[str, str]], body: bytes) -> HttpResponse:
    response = HttpResponse(body, status=status)
    for name in list(response.headers):
        del response.headers[name]
    for name, value in headers:
        response.headers[name] = value
    return response


def _look_up(key: str) -> tuple[str, tuple | None]:
    """What a page must be built under now (the Redis generation and the database token:
    caching/generation.py) and this key's entry if it was built under that (one round trip to
    Redis; the token is read from the database at most once a second)."""
    found = generation.cache().get_many([generation.GENERATION_KEY, key])
    value = found.get(generation.GENERATION_KEY)
    if value is None:
        return generation.validity(generation.current()), None
    current = generation.validity(value)
    entry = found.get(key)
    if entry is not None and entry[0] == current:
        return current, entry
    return current, None


class PageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not generation.enabled():
            return self.get_response(request)
        key = request_key(request)
        if key is None:
            return self.get_response(request)
        try:
            current, entry = _look_up(key)
        except Exception:
            # The cache server (a Redis restart) or the database token is unreachable: readers
            # still get the page, built for them and not stored. Logged without the address.
            logger.warning("Page cache unreachable: page served uncached", exc_info=True)
            return self.get_response(request)
        if entry is not None:
            return _rebuilt(*entry[1:])
        response = self.get_response(request)
        if _storable(request, response):
            headers = list(response.headers.items())
            try:
                generation.cache().set(
                    key, (current, response.status_code, headers, response.content), TTL
                )
            except Exception:
                logger.warning("Page cache unreachable: page not stored", exc_info=True)
        return response


# --- Cache-Control for shared caches (a Varnish proxy, a CDN) -------------------------------------


def shared_max_age() -> int:
    """How long a proxy may keep a public page: at most TTL, and never past the next local
    midnight (consents end and events pass then without any write to purge the proxy)."""
    now = timezone.localtime()
    midnight = datetime.datetime.combine(
        now.date() + datetime.timedelta(days=1), datetime.time.min, tzinfo=now.tzinfo
    )
    return max(0, min(TTL, int((midnight - now).total_seconds())))


def cache_control(request: HttpRequest, response: HttpResponseBase) -> str | None:
    """The Cache-Control this answer gets, or None to leave the view's own.

    - A view that said something keeps it (renditions: private, no-store; the favicon: public);
    - a page the page cache may store: browsers revalidate every time (max-age=0), a shared
      cache keeps it ``shared_max_age()`` seconds, but only when the site purges front-end
      caches (caching/frontend.py): a proxy nobody empties must not keep anything;
    - anything else (search with words, 404, redirects, the admin): no shared cache keeps it.
    """
    if response.has_header("Cache-Control"):
        return None
    if _public_request(request) is not None and _public_response(request, response):
        if not frontend.configured():
            return "max-age=0"
        return f"public, max-age=0, s-maxage={shared_max_age()}"
    return "private, no-cache"


class CacheControlMiddleware:
    """Placed before (outside) PageCacheMiddleware: a page from the application's cache and a
    freshly built one get their Cache-Control here, computed now, so both carry the same header
    and the proxy's copy never outlives midnight.

    It also raises, once the request is done, a failure to empty the caches after one of its
    commits (caching/generation.py): the person who made the change gets a server error, not a
    success message for a change readers may still see cached."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        token = generation.request_failures.set([])
        try:
            response = self.get_response(request)
            failures = generation.request_failures.get() or []
        finally:
            generation.request_failures.reset(token)
        if failures:
            raise generation.InvalidationFailed("caches not emptied") from failures[0]
        value = cache_control(request, response)
        if value is not None:
            response["Cache-Control"] = value
        return response
