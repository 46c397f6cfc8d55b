"""The queries behind every list of guides: the guide index and the home page's key guides.

A reader may see a guide when it is live and not view-restricted (``exclude_restricted``: one
SQL subquery instead of ``PageQuerySet.public()``'s extra query). Category and tasks are
columns of the guide itself and their labels come from code, so:

- ``resource_listing``: one query for a page of the index (the total comes from a window
  function), whatever the number of guides and whichever filters are chosen;
- ``key_resources``: one query.
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

from .choices import CATEGORY_LABELS, NEED_LABELS
from .fields import SEPARATOR
from .models import ResourcePage

PAGE_SIZE = 10
KEY_RESOURCES_COUNT = 4


def public_resources() -> PageQuerySet:
    """Live, public guides. Runs no query by itself."""
    return exclude_restricted(ResourcePage.objects.live()).defer_streamfields()


def key_resources(home: Page, count: int = KEY_RESOURCES_COUNT) -> list[ResourcePage]:
    """The guides for a language's home page: featured first, then the most recently checked.

    One query; only guides under this home page and in its language.
    """
    resources = (
        public_resources()
        .descendant_of(home)
        .filter(locale_id=home.locale_id)
        .order_by("-featured", F("last_reviewed").desc(), "path")
    )
    return list(resources[:count])


# --- Query string of the index ----------------------------------------------------------------


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    selected: bool


@dataclass(frozen=True)
class ResourceFilters:
    """What the reader chose: ``?category=<value>`` and ``?need=<value>``."""

    category: str = ""
    need: str = ""

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> ResourceFilters:
        """Unknown values are a 404, so a mistyped link never looks like an empty list."""
        category = query.get("category", "")
        need = query.get("need", "")
        if category and category not in CATEGORY_LABELS:
            raise Http404("Unknown category")
        if need and need not in NEED_LABELS:
            raise Http404("Unknown need")
        return cls(category=category, need=need)

    @property
    def active(self) -> bool:
        return bool(self.category or self.need)

    def apply(self, resources: PageQuerySet) -> PageQuerySet:
        if self.category:
            resources = resources.filter(category=self.category)
        if self.need:
            # Whole values only: the column reads ",pension,school," (see fields.py).
            resources = resources.filter(needs__contains=SEPARATOR + self.need + SEPARATOR)
        return resources

    def querystring(self, **changes: str | int | None) -> str:
        """``?category=...&need=...&page=...`` with some values changed; empty values dropped."""
        return querystring_with({"category": self.category, "need": self.need}, **changes)

    @property
    def category_options(self) -> list[Option]:
        return [
            Option(value, str(label), value == self.category)
            for value, label in CATEGORY_LABELS.items()
        ]

    @property
    def need_options(self) -> list[Option]:
        return [
            Option(value, str(label), value == self.need) for value, label in NEED_LABELS.items()
        ]


# --- One page of the index ---------------------------------------------------------------


@dataclass
class ResourceListing(PageLinks):
    """One page of an index, with everything its template needs (no further queries)."""

    resources: list[ResourcePage]
    number: int
    total: int
    filters: ResourceFilters
    page_size: int = PAGE_SIZE

    def querystring(self, **changes: str | int | None) -> str:
        return self.filters.querystring(**changes)


def resource_listing(index: Page, query: Mapping[str, str]) -> ResourceListing:
    """A page of the index's guides, filtered by the query string; 404 for a bad one.

    Guides keep the order editors give them in the page tree.
    """
    filters = ResourceFilters.from_query(query)
    number = parse_page_number(query.get("page"))
    resources = (
        filters.apply(public_resources().child_of(index))
        .annotate(_listing_total=Window(Count("pk")))
        .order_by("path")
    )
    offset = (number - 1) * PAGE_SIZE
    found = list(resources[offset : offset + PAGE_SIZE])
    if not found and number > 1:
        raise Http404("No such page")
    total = found[0]._listing_total if found else 0
    return ResourceListing(resources=found, number=number, total=total, filters=filters)
