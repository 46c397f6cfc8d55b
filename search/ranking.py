"""The best matches of a search, ranked and cut in the database: one query returning page ids.

Wagtail's database backend ranks by annotating every matching page with its score: on SQLite
a correlated subquery that runs the full-text match again for each page (about 7 s when 5,000
stories match), on PostgreSQL ``ts_rank`` over a join, counted in a second query (about 10 s).
Here one query reads Wagtail's own search index (the same rows, kept up to date by Wagtail on
publish): it matches the words, keeps only the pages the caller allows (a subquery of page
ids, which carries every rule of who may find what), ranks with the index's own function
(FTS5's ``bm25`` on SQLite, ``ts_rank`` on PostgreSQL, title weighted as Wagtail does) and
returns at most ``limit + 1`` ids, best first. Its cost is the full-text match alone; nothing
per result leaves the database beyond the ids.

Other databases (or SQLite without FTS5) use Wagtail's search, cut to the same limit.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import CharField, F, QuerySet
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Cast
from wagtail.models import get_page_models
from wagtail.search.backends import get_search_backend


def _page_content_types() -> list[int]:
    types = ContentType.objects.get_for_models(*get_page_models())
    return [content_type.pk for content_type in types.values()]


def _allowed_object_ids(allowed: QuerySet) -> QuerySet:
    # The index stores object ids as text.
    return allowed.order_by().annotate(_object_id=Cast("pk", CharField())).values("_object_id")


def _sqlite_best(words: list[str], allowed: QuerySet, limit: int) -> list[int] | None:
    from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

    if not isinstance(get_search_backend(), SQLiteSearchBackend):
        return None  # SQLite without FTS5: Wagtail's fallback backend
    from modelsearch.backends.database.sqlite.query import (
        BM25,
        Lexeme,
        MatchExpression,
        SearchQueryExpression,
    )
    from wagtail.search.models import SQLiteFTSIndexEntry

    lexemes = Lexeme(words[0])
    for word in words[1:]:
        lexemes &= Lexeme(word)
    match = MatchExpression(["title", "body"], SearchQueryExpression(lexemes))
    entries = (
        SQLiteFTSIndexEntry.objects.filter(match)
        .filter(
            index_entry__content_type_id__in=_page_content_types(),
            index_entry__object_id__in=_allowed_object_ids(allowed),
        )
        # bm25 is negative, better matches lower; a title match counts more (as in Wagtail).
        .annotate(_score=BM25() * (F("index_entry__title_norm") + 1.0))
        .order_by("_score", "-index_entry__object_id")
        .values_list("index_entry__object_id", flat=True)
    )
    return [int(object_id) for object_id in entries[: limit + 1]]


def _postgres_best(words: list[str], allowed: QuerySet, limit: int) -> list[int]:
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
    from wagtail.search.models import IndexEntry

    config = getattr(get_search_backend(), "config", None)
    query = SearchQuery(" ".join(words), search_type="plain", config=config)
    rank = SearchRank(F("title"), query) * F("title_norm") + SearchRank(F("body"), query)
    # What Wagtail matches: the words anywhere in the title and body together.
    title_and_body = CombinedExpression(
        F("title"), "||", F("body"), output_field=SearchVectorField()
    )
    entries = (
        IndexEntry.objects.filter(
            content_type_id__in=_page_content_types(),
            object_id__in=_allowed_object_ids(allowed),
        )
        .alias(_vector=title_and_body)
        .filter(_vector=query)
        .annotate(_score=rank)
        .order_by("-_score", "-object_id")
        .values_list("object_id", flat=True)
    )
    return [int(object_id) for object_id in entries[: limit + 1]]


def best_matches(words: list[str], allowed: QuerySet, limit: int) -> list[int]:
    """The ids of at most ``limit + 1`` pages of ``allowed`` matching all ``words``, best
    first (one more than the limit tells the caller that the list was cut)."""
    if not words:
        return []
    if connection.vendor == "postgresql":
        return _postgres_best(words, allowed, limit)
    if connection.vendor == "sqlite":
        found = _sqlite_best(words, allowed, limit)
        if found is not None:
            return found
    results = allowed.order_by().search(" ".join(words))
    return [page.pk for page in results[: limit + 1]]


__all__ = ["best_matches"]
