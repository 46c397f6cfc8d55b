"""Site search: ``/<lang>/search/?q=...`` over the live, public pages of the reader's language.

Reads Wagtail's search index (the ``database`` backend keeps it) in one query that matches,
filters, ranks and cuts to the best ``SEARCH_LIMIT`` pages (search/ranking.py): its cost does not
grow with the number of results shown, and a search matching 5,000 stories stays fast. When more
pages match, the reader is told that only the best are shown and that more words narrow the
search. What may be found is decided in SQL, inside that query, and again when a page of
results is fetched: live pages of the current language only, no view-restricted page (or page
under one), and no story whose consent has lapsed or was withdrawn a moment ago. The results of
one page come back as their specific types in one query per page type.

The view reads nothing from the session or the CSRF token, so it sets no cookie, and it runs
outside a transaction (nothing is written).
"""

from __future__ import annotations

import unicodedata

from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page

from base.pagination import PageLinks, parse_page_number, querystring_with
from base.queries import exclude_restricted
from stories.listing import hidden_story_ids

from .ranking import best_matches

MAX_QUERY_LENGTH = 100
PAGE_SIZE = 10
# The best matches shown at most (20 pages of results): more words narrow a search further.
SEARCH_LIMIT = 200


def clean_query(raw: str) -> str:
    """The query as the reader typed it, safe to show and keep in links: control characters
    (NUL breaks PostgreSQL) become spaces, runs of spaces collapse, and it is cut to a sane
    length."""
    text = "".join(" " if unicodedata.category(ch) in {"Cc", "Cs"} else ch for ch in raw)
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


# Zero-width joiner and non-joiner shape Gujarati and Devanagari conjuncts: part of a word.
_JOINERS = {"\u200c", "\u200d"}


def search_terms(query: str) -> str:
    """Only the words of the query: letters, combining marks (Gujarati and Devanagari vowel
    signs), digits and joiners. Punctuation is not searchable anyway, and a stray quote or
    bracket would be read as search syntax (SQLite's FTS5 fails on an unbalanced quote)."""
    kept = (ch if unicodedata.category(ch)[0] in "LMN" or ch in _JOINERS else " " for ch in query)
    return " ".join("".join(kept).split())


def allowed_pages(language_code: str):
    """Pages a reader of this language may find, as base pages; runs no query by itself."""
    public_ids = exclude_restricted(Page.objects.all()).values("pk")
    return (
        Page.objects.live()
        .filter(
            depth__gt=1,
            locale__in=Locale.objects.filter(language_code=language_code).values("pk"),
            pk__in=public_ids,
        )
        .exclude(pk__in=hidden_story_ids())
    )


def searchable_pages(language_code: str):
    """Pages a reader of this language may find, as their own types; runs no query by itself."""
    return allowed_pages(language_code).specific().defer_streamfields()


class SearchResults:
    """The best matches of one search, best first: counted without a query, sliced into pages
    fetched with the same rules again (a story withdrawn in between is not shown)."""

    def __init__(self, ids: list[int], language_code: str, *, cut: bool) -> None:
        self.ids = ids
        self.language_code = language_code
        self.cut = cut

    def count(self) -> int:
        return len(self.ids)

    def __getitem__(self, window: slice) -> list[Page]:
        ids = self.ids[window]
        if not ids:
            return []
        pages = {page.pk: page for page in searchable_pages(self.language_code).filter(pk__in=ids)}
        return [pages[pk] for pk in ids if pk in pages]


def search_pages(query: str, language_code: str) -> SearchResults:
    """The best ``SEARCH_LIMIT`` pages matching every word of ``query`` (one query)."""
    words = search_terms(query).split()
    ids = best_matches(words, allowed_pages(language_code), SEARCH_LIMIT)
    return SearchResults(ids[:SEARCH_LIMIT], language_code, cut=len(ids) > SEARCH_LIMIT)


class SearchResultsPage(PageLinks):
    """One page of results, with what the template needs to link to its neighbours."""

    page_size = PAGE_SIZE

    def __init__(self, results, query: str, number: int, total: int, *, cut: bool) -> None:
        self.results = results
        self.query = query
        self.number = number
        self.total = total
        self.cut = cut  # more pages matched than the best ``total`` shown

    def querystring(self, **changes: str | int | None) -> str:
        return querystring_with({"q": self.query}, **changes)


@transaction.non_atomic_requests
def search_view(request: HttpRequest) -> HttpResponse:
    query = clean_query(request.GET.get("q", ""))
    number = parse_page_number(request.GET.get("page"))
    results_page = None
    if query:
        results = search_pages(query, translation.get_language())
        total = results.count()
        offset = (number - 1) * PAGE_SIZE
        if offset and offset >= total:
            raise Http404("No such page of results")
        found = results[offset : offset + PAGE_SIZE]
        results_page = SearchResultsPage(found, query, number, total, cut=results.cut)
    elif number > 1:
        raise Http404("No such page of results")
    return TemplateResponse(
        request,
        "search/search.html",
        {
            "search_query": query,
            "search_results": results_page,
            "meta_title": _("Search"),
            "max_query_length": MAX_QUERY_LENGTH,
        },
    )
