"""Budgets: SQL queries per public page and the weight of the home page."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.support.helpers import parse, public_page_urls

pytestmark = pytest.mark.django_db

MAX_QUERIES = 8
HOME_PAGE_BUDGET_BYTES = 60 * 1024


def test_every_public_page_runs_at_most_eight_queries(client, pages_of_each_kind):
    for url in public_page_urls():
        client.get(url)  # warm the per-process caches (site root paths), as on a running server
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code in (200, 404)
        assert len(queries) <= MAX_QUERIES, f"{url} ran {len(queries)} queries:\n" + "\n".join(
            q["sql"][:200] for q in queries.captured_queries
        )


def test_a_cold_request_also_stays_within_budget(client):
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        client.get("/gu/about/")
    assert len(queries) <= MAX_QUERIES + 2  # + the site root paths, cached afterwards


@pytest.mark.parametrize("language", ["en", "gu", "hi"])
def test_home_page_html_css_and_js_weigh_at_most_60_kb(client, language):
    response = client.get(f"/{language}/")
    total = len(response.content)
    html = parse(response.content)
    assets = [a["href"] for a in html.find("link", rel="stylesheet")]
    assets += [a["src"] for a in html.tags_with_attr("script", "src")]
    assert assets, "expected the stylesheet and the quick-exit script"
    for url in assets:
        path = re.sub(r"^/static/", "", url)
        found = finders.find(path)
        assert found, url
        with open(found, "rb") as asset:
            total += len(asset.read())
    assert total <= HOME_PAGE_BUDGET_BYTES, f"home page weighs {total} bytes"
