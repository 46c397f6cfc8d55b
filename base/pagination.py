"""Page numbers and links between the pages of a listing (story, event and guide indexes,
search results): what the shared template ``includes/pagination.html`` reads."""

from __future__ import annotations

import math
from urllib.parse import urlencode

from django.http import Http404

# Longer numbers are not ours: a 404 before int() has to read a huge string.
MAX_PAGE_DIGITS = 6


def parse_page_number(raw: str | None) -> int:
    """A page number from the query string; anything we did not write is a 404."""
    if raw is None or raw == "":
        return 1
    if len(raw) > MAX_PAGE_DIGITS or not (raw.isascii() and raw.isdigit()):
        raise Http404("Not a page number")
    number = int(raw)
    if number < 1:
        raise Http404("Not a page number")
    return number


def querystring_with(values: dict[str, str | int | None], **changes: str | int | None) -> str:
    """``?key=value&...`` from ``values`` with ``changes`` applied; empty values and page 1 are
    left out, so every page has one address."""
    merged = {**values, **changes}
    pairs = [(key, value) for key, value in merged.items() if value not in ("", None, 1)]
    return "?" + urlencode(pairs) if pairs else "?"


class PageLinks:
    """Needs ``number`` (this page), ``total`` (items in all pages), ``page_size`` and
    ``querystring(**changes)`` (this listing's filters with some changed)."""

    number: int
    total: int
    page_size: int

    def querystring(self, **changes: str | int | None) -> str:
        raise NotImplementedError

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.total / self.page_size))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def has_other_pages(self) -> bool:
        return self.num_pages > 1

    @property
    def previous_querystring(self) -> str:
        return self.querystring(page=self.number - 1)

    @property
    def next_querystring(self) -> str:
        return self.querystring(page=self.number + 1)
