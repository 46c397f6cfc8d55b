"""Benchmark: public pages against a static file from the same process, and their weight.

Run with `make bench`. Prints figures; asserts nothing about time (machines differ). The design's
target is a cached anonymous page served close to a static file's rate: the ratio printed here
shows how far the uncached pages are from that today.
"""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

REQUESTS = 200


def rate(client, url: str) -> float:
    client.get(url)  # warm up
    start = time.perf_counter()
    for _ in range(REQUESTS):
        response = client.get(url)
        assert response.status_code == 200
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    return REQUESTS / (time.perf_counter() - start)


def test_page_rates_against_a_static_file(client, settings):
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    static = rate(client, "/static/css/site.css")
    print(f"\nstatic file /static/css/site.css: {static:8.1f} requests/s")
    for url in ["/en/", "/gu/", "/hi/about/", "/gu/online-safety/"]:
        pages = rate(client, url)
        with CaptureQueriesContext(connection) as queries:
            body = client.get(url).content
        print(
            f"{url:22s} {pages:8.1f} requests/s  ratio to static {pages / static:5.2f}  "
            f"{len(queries)} queries  {len(body) / 1024:5.1f} KB HTML"
        )
