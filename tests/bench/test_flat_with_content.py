"""Benchmark: search, the story index and sitemap.xml with 5, 500 and 5,000 stories.

Run with `make bench` (or `RUN_BENCHMARKS=1 pytest tests/bench/test_flat_with_content.py -s`),
on SQLite or, with DATABASE_URL, on PostgreSQL. Prints the server time of each request in the
test process (median of a few, after a warm-up; the page cache is off, so every request builds
its page): wall time, which includes PostgreSQL's own work, and this process's CPU time. Asserts
nothing about time (machines differ); the query counts are asserted in
tests/search/test_flat_with_content.py.
"""

from __future__ import annotations

import statistics
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search import sitemap
from search.views import PAGE_SIZE
from tests.support.many_stories import DEFAULT_WORD, add_published_stories
from tests.support.story_factories import story_index

pytestmark = pytest.mark.django_db

RUNS = 7
SIZES = (5, 500, 5000)


def timed(client, url: str) -> tuple[float, float, int]:
    """Median wall and CPU milliseconds of ``url``, and its number of queries."""
    assert client.get(url).status_code == 200, url  # warm: site root paths, renditions
    walls, cpus = [], []
    for _ in range(RUNS):
        wall, cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
        assert response.status_code == 200, url
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(walls), statistics.median(cpus), len(queries)


def urls(stories: int) -> dict[str, str]:
    index = story_index("en").url
    last_index_page = max(1, -(-stories // PAGE_SIZE))
    parts = -(-sitemap.public_pages().count() // sitemap.PART_SIZE)
    return {
        "search matching every story": f"/en/search/?q={DEFAULT_WORD}",
        "story index, page 1": index,
        "story index, last page": f"{index}?page={last_index_page}",
        "sitemap.xml (index, or the only part)": "/sitemap.xml",
        "sitemap.xml?p=1 (first part)": "/sitemap.xml?p=1",
        "sitemap.xml?p=N (last part)": f"/sitemap.xml?p={parts}",
    }


def test_cost_with_5_500_and_5000_stories(client):
    rows: dict[int, dict[str, tuple[str, tuple[float, float, int]]]] = {}
    added = 0
    for size in SIZES:
        start = time.perf_counter()
        added += add_published_stories(size - added)
        print(f"\n{size} stories added in {time.perf_counter() - start:.1f} s", end="")
        rows[size] = {label: (url, timed(client, url)) for label, url in urls(size).items()}
    print(f"\n\nServer time on {connection.vendor}, median of {RUNS} (wall ms / CPU ms, queries)")
    print(f"{'':42s}" + "".join(f"{size:>22,d}" for size in SIZES))
    for label in rows[SIZES[0]]:
        cells = []
        for size in SIZES:
            _url, (wall, cpu, queries) = rows[size][label]
            cells.append(f"{wall:8.1f} /{cpu:7.1f} ({queries:2d})")
        print(f"{label:42s}" + "".join(f"{cell:>22s}" for cell in cells))
