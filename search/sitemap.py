"""``/sitemap.xml`` and ``/robots.txt``.

The sitemap lists every page a reader may open: live, not view-restricted, and (for stories) with
a consent in force, so a withdrawn story leaves the sitemap the moment it leaves the site. Each
page carries its translations as ``xhtml:link`` hreflang alternates, plus ``x-default`` (the
default language's version).

Its cost does not grow with the site: pages are listed in parts of at most ``PART_SIZE``, in
tree order, ``/sitemap.xml?p=N``. A site that fits in one part gets it at ``/sitemap.xml``
itself; a larger one gets a sitemap index there, pointing to its parts (both forms are read by
search engines). A part runs two queries (its pages, then their translations) plus Wagtail's
cached site root paths, and is written as XML directly; the index runs one count. Parts and
index are cached like any public page (``p`` is among the page cache's known parameters).
"""

from __future__ import annotations

import datetime
import math
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import quote
from xml.sax.saxutils import escape

from django.conf import settings
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe
from wagtail.models import Page

from base.pagination import parse_page_number
from base.queries import exclude_restricted
from stories.listing import hidden_story_ids

# Pages per part: the protocol allows 50,000; a small part keeps each response fast.
PART_SIZE = 1000
# What Django's reverse() leaves unquoted in a path (django.urls.resolvers).
_SAFE_IN_PATH = "!$&'()*+,;=/~:@"


@dataclass
class SitemapEntry:
    location: str
    last_modified: datetime.datetime | None
    alternates: list[tuple[str, str]] = field(default_factory=list)  # (hreflang, url)


@dataclass(frozen=True)
class _Row:
    """What the sitemap reads of a page (rows, not Page objects: building thousands of these
    was a third of a part's time)."""

    pk: int
    url_path: str
    translation_key: object
    last_published_at: datetime.datetime | None
    language_code: str


_ROW_FIELDS = ("pk", "url_path", "translation_key", "last_published_at", "locale__language_code")


def public_pages():
    """Every page a reader may open, in tree order; runs no query by itself."""
    return (
        exclude_restricted(Page.objects.live().filter(depth__gte=2))
        .exclude(pk__in=hidden_story_ids())
        .order_by("path")
    )


def _rows(pages) -> list[_Row]:
    return [_Row(*values) for values in pages.values_list(*_ROW_FIELDS)]


class PageUrls:
    """``page.get_url(request)`` for many pages. Wagtail reverses the serve URL under the page's
    language for each page (most of a large sitemap's time); here Wagtail answers for the first
    page of each site root and language, and the others get the same prefix before their own
    path, quoted as reverse() quotes it. A group where that does not give Wagtail's own answer
    (custom routing, no trailing slash) keeps asking Wagtail for every page."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request
        self.prefixes: dict[tuple, str | None] = {}
        self.site_roots = Page()._get_site_root_paths(request)  # cached by Wagtail

    def _wagtail_url(self, row: _Row) -> str | None:
        # A page object carrying only what Wagtail's URL methods read.
        page = Page(id=row.pk, url_path=row.url_path, translation_key=row.translation_key)
        return page.get_url(self.request)

    def __call__(self, row: _Row) -> str | None:
        roots = tuple(root for root in self.site_roots if row.url_path.startswith(root.root_path))
        if not roots:
            return None
        group = (roots, row.language_code)
        relative = quote(row.url_path[len(roots[0].root_path) :], safe=_SAFE_IN_PATH)
        if group not in self.prefixes:
            url = self._wagtail_url(row)
            fits = url is not None and url.startswith("/") and url.endswith(relative)
            self.prefixes[group] = url[: len(url) - len(relative)] if fits else None
            return url
        prefix = self.prefixes[group]
        return prefix + relative if prefix is not None else self._wagtail_url(row)


def sitemap_entries(request: HttpRequest, rows: list[_Row]) -> list[SitemapEntry]:
    """Entries for ``rows``, with alternates from their translations (one query)."""
    url_of = PageUrls(request)
    keys = {row.translation_key for row in rows}
    translations = _rows(public_pages().filter(translation_key__in=keys)) if keys else []
    by_key: dict[object, dict[str, str]] = defaultdict(dict)
    for row in translations:
        path = url_of(row)
        if path is not None and path.startswith("/"):  # not routable, or another site's page
            # Absolute URLs on the host the request came to (as the pages' own hreflang links).
            by_key[row.translation_key][row.language_code] = request.build_absolute_uri(path)
    entries = []
    for row in rows:
        versions = by_key[row.translation_key]
        url = versions.get(row.language_code)
        if url is None:  # not routable, another site's page, or gone since the first query
            continue
        entry = SitemapEntry(location=url, last_modified=row.last_published_at)
        if len(versions) > 1:
            entry.alternates = sorted(versions.items())
            default = versions.get(settings.LANGUAGE_CODE)
            if default:
                entry.alternates.append(("x-default", default))
        entries.append(entry)
    return entries


def _attribute(value: str) -> str:
    return escape(value, {'"': "&quot;"})


def urlset_xml(entries: list[SitemapEntry]) -> str:
    """The part as XML, written directly: a template spent ~0.15 ms per entry."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        ' xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for entry in entries:
        lines.append(f"<url>\n<loc>{escape(entry.location)}</loc>")
        if entry.last_modified:
            # In the site's time zone, as the template's date filter wrote it.
            lines.append(
                f"<lastmod>{timezone.localtime(entry.last_modified).isoformat()}</lastmod>"
            )
        lines.extend(
            f'<xhtml:link rel="alternate" hreflang="{_attribute(code)}" href="{_attribute(url)}"/>'
            for code, url in entry.alternates
        )
        lines.append("</url>")
    lines.append("</urlset>\n")
    return "\n".join(lines)


def index_xml(locations: list[str]) -> str:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
        *(f"<sitemap><loc>{escape(location)}</loc></sitemap>" for location in locations),
        "</sitemapindex>\n",
    ]
    return "\n".join(lines)


def _xml(text: str) -> HttpResponse:
    return HttpResponse(text, content_type="application/xml; charset=utf-8")


@require_safe
@transaction.non_atomic_requests
def sitemap_view(request: HttpRequest) -> HttpResponse:
    number = parse_page_number(request.GET.get("p"))
    if "p" not in request.GET:
        total = public_pages().count()
        if total > PART_SIZE:
            base = request.build_absolute_uri(reverse("sitemap"))
            parts = range(1, math.ceil(total / PART_SIZE) + 1)
            return _xml(index_xml([f"{base}?p={n}" for n in parts]))
    offset = (number - 1) * PART_SIZE
    rows = _rows(public_pages()[offset : offset + PART_SIZE])
    if not rows and number > 1:
        raise Http404("No such part of the sitemap")
    return _xml(urlset_xml(sitemap_entries(request, rows)))


@require_safe
@transaction.non_atomic_requests
def robots_view(request: HttpRequest) -> HttpResponse:
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /documents/",
        "Disallow: /*/search/",
        "",
        f"Sitemap: {sitemap_url}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
