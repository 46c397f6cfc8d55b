"""Benchmark: the home page and a story, uncached and from the page cache (caching/), against a
static file, in one process with Django's test client (issue 16).

Run with `make bench` (or RUN_BENCHMARKS=1 pytest tests/bench/test_page_cache_speed.py -s).
Prints requests per second; asserts only that the cached runs were hits (no query), nothing
about time (machines differ). In-process: no network or server in the figures, so they show the
work the application saves, not what gunicorn adds.
"""

import time

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.support.story_factories import make_consent, make_story

pytestmark = pytest.mark.django_db

REQUESTS = 300


def rate(client: Client, url: str) -> float:
    client.get(url)  # warm up (and fill the cache when it is on)
    start = time.perf_counter()
    for _ in range(REQUESTS):
        response = client.get(url)
        assert response.status_code == 200
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    return REQUESTS / (time.perf_counter() - start)


def test_page_cache_rates(settings):
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    story = make_story(make_consent(), title="A story to time", publish=True)
    reader = Client()
    static = rate(reader, "/static/css/site.css")
    print(f"\nstatic file /static/css/site.css {static:8.1f} requests/s")
    for url in ["/en/", story.url]:
        settings.PAGE_CACHE = False
        uncached = rate(reader, url)
        settings.PAGE_CACHE = True
        caches["default"].clear()
        cached = rate(reader, url)
        with CaptureQueriesContext(connection) as queries:
            reader.get(url)
        # A hit reads the database's page-cache token at most once a second (generation.py).
        assert len(queries) <= 1, "the cached run was not served from the cache"
        print(
            f"{url:40s} uncached {uncached:8.1f}/s  cached {cached:8.1f}/s  "
            f"x{cached / uncached:5.1f}  cached/static {cached / static:4.2f}"
        )


def test_page_cache_rates_with_redis(settings, tmp_path):
    """The same with Redis (a server of the test's own) as production has it: two round trips
    per hit (the generation, the page)."""
    from tests.support.redis_server import redis_server

    story = make_story(make_consent(), title="A story to time", publish=True)
    reader = Client()
    with redis_server(tmp_path) as url:
        settings.CACHES = {
            "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
        }
        for address in ["/en/", story.url]:
            settings.PAGE_CACHE = False
            uncached = rate(reader, address)
            settings.PAGE_CACHE = None  # the default: on, Redis is shared
            cached = rate(reader, address)
            with CaptureQueriesContext(connection) as queries:
                reader.get(address)
            # A hit reads the database's page-cache token at most once a second (generation.py).
            assert len(queries) <= 1, "the cached run was not served from the cache"
            print(
                f"\nRedis {address:34s} uncached {uncached:8.1f}/s  cached {cached:8.1f}/s  "
                f"x{cached / uncached:5.1f}"
            )
