"""``/sitemap.xml`` and ``/robots.txt``.

The sitemap lists every page a reader may open: live, not view-restricted, and (for stories) with
a consent in force, so a withdrawn story leaves the sitemap the moment it leaves the site. Each
page carries its translations as ``xhtml:link`` hreflang alternates, plus ``x-default`` (the
default language's version). Two queries whatever the number of pages: the pages with their
locales, and Wagtail's cached site root paths.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_safe
from wagtail.models import Page

from base.queries import exclude_restricted
from stories.listing import hidden_story_ids


@dataclass
class SitemapEntry:
    location: str
    last_modified: object
    alternates: list[tuple[str, str]] = field(default_factory=list)  # (hreflang, url)


def public_pages():
    """Every page a reader may open; runs no query by itself."""
    return (
        exclude_restricted(Page.objects.live().filter(depth__gte=2))
        .exclude(pk__in=hidden_story_ids())
        .select_related("locale")
        .only("id", "path", "depth", "url_path", "translation_key", "last_published_at", "locale")
        .order_by("path")
    )


def sitemap_entries(request: HttpRequest) -> list[SitemapEntry]:
    pages = list(public_pages())
    by_key: dict[object, dict[str, str]] = defaultdict(dict)
    entries: list[tuple[Page, SitemapEntry]] = []
    for page in pages:
        # Absolute URLs on the host the request came to (as the pages' own hreflang links do).
        path = page.get_url(request)
        if path is None or not path.startswith("/"):  # not routable, or another site's page
            continue
        url = request.build_absolute_uri(path)
        by_key[page.translation_key][page.locale.language_code] = url
        entries.append((page, SitemapEntry(location=url, last_modified=page.last_published_at)))
    for page, entry in entries:
        versions = by_key[page.translation_key]
        if len(versions) > 1:
            entry.alternates = sorted(versions.items())
            default = versions.get(settings.LANGUAGE_CODE)
            if default:
                entry.alternates.append(("x-default", default))
    return [entry for _page, entry in entries]


@require_safe
@transaction.non_atomic_requests
def sitemap_view(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(
        request,
        "sitemap.xml",
        {"entries": sitemap_entries(request)},
        content_type="application/xml; charset=utf-8",
    )


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
