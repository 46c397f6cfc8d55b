"""The queries behind the press room's index: its releases and its links to the other pages.

A reader may see a release when it is live and not view-restricted (``exclude_restricted``: one
SQL subquery instead of ``PageQuerySet.public()``'s extra query). Releases carry no consented
content in the listing (title, date, kind, summary), so no consent is checked here.

- ``release_listing``: one query for a page of the index (the total from a window function);
- ``press_room_links``: one query for the quotable voices, fact sheet and reporting guidance.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Count, F, Window
from django.http import Http404
from wagtail.models import Page
from wagtail.query import PageQuerySet

from base.pagination import PageLinks, parse_page_number, querystring_with
from base.queries import exclude_restricted

from .models import FactSheetPage, PressReleasePage, QuotableVoicesPage, ReportingGuidancePage

PAGE_SIZE = 10
# Newest release date first; on the same day the first published first; the id breaks ties so
# that every release is on exactly one page.
LISTING_ORDER = (
    F("date").desc(),
    F("first_published_at").desc(nulls_last=True),
    "-pk",
)
# The order of the links under the releases.
LINKED_PAGE_TYPES = (QuotableVoicesPage, FactSheetPage, ReportingGuidancePage)


def public_releases(index: Page) -> PageQuerySet:
    """Live, public releases of one press room, newest first, without their body. No query."""
    releases = PressReleasePage.objects.live().child_of(index).defer_streamfields()
    return exclude_restricted(releases).order_by(*LISTING_ORDER)


@dataclass
class ReleaseListing(PageLinks):
    """One page of the press room's releases (no further queries in the template)."""

    releases: list[PressReleasePage]
    number: int
    total: int
    page_size: int = PAGE_SIZE

    def querystring(self, **changes: str | int | None) -> str:
        return querystring_with({}, **changes)

    @property
    def is_empty(self) -> bool:
        return not self.releases


def release_listing(index: Page, query: Mapping[str, str]) -> ReleaseListing:
    """A page of the index's releases, newest first; 404 for a bad or empty page number."""
    number = parse_page_number(query.get("page"))
    releases = public_releases(index).filter(locale_id=index.locale_id)
    releases = releases.annotate(_total=Window(Count("pk")))
    offset = (number - 1) * PAGE_SIZE
    found = list(releases[offset : offset + PAGE_SIZE])
    if not found and number > 1:
        raise Http404("No such page")
    return ReleaseListing(releases=found, number=number, total=found[0]._total if found else 0)


def press_room_links(index: Page) -> list[Page]:
    """The room's live, public quotable voices, fact sheet and reporting guidance, in that order
    (one query; plain ``Page`` rows: a link needs only the title and the address)."""
    from django.contrib.contenttypes.models import ContentType

    # ContentType's own cache: no query after the first.
    order = {
        ContentType.objects.get_for_model(model).pk: position
        for position, model in enumerate(LINKED_PAGE_TYPES)
    }
    pages = Page.objects.live().child_of(index).filter(content_type_id__in=order)
    return sorted(
        exclude_restricted(pages), key=lambda page: (order[page.content_type_id], page.pk)
    )
