"""The guide index, its filters, a guide page and the home page's key guides run a fixed number
of SQL queries whatever the number of guides, helplines or downloads."""

import pytest

from home.models import HomePage
from resources.listing import key_resources, resource_listing
from tests.cross_cutting.test_budgets import MAX_QUERIES
from tests.support.resource_factories import (
    download_blocks,
    helpline_blocks,
    make_document,
    make_helpline,
    make_resource,
    new_index,
)

pytestmark = pytest.mark.django_db

# Measured: site, routing (2), the view-restriction check, navigation, the listing (one query
# with its total); a guide page has its helplines (one query) and its downloads (one) instead.
INDEX_QUERIES = 6
GUIDE_QUERIES = 7
INDEX_URLS = [
    "/en/many/",
    "/en/many/?category=pensions-and-benefits",
    "/en/many/?need=pension",
    "/en/many/?category=pensions-and-benefits&need=bank-or-loan",
]


def add_guides(index, start: int, stop: int) -> None:
    for number in range(start, stop):
        make_resource(
            index,
            f"Guide {number:03d}",
            category="pensions-and-benefits",
            needs=["pension", "bank-or-loan"],
            steps=[{"type": "step", "value": {"title": f"Step {number}", "text": "<p>Go.</p>"}}],
        )


def assert_queries(client, django_assert_num_queries, url: str, expected: int) -> None:
    assert client.get(url).status_code == 200, url  # warm the site root paths
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200, url


def test_the_index_runs_the_same_queries_with_5_or_50_guides(client, django_assert_num_queries):
    index = new_index(slug="many")
    add_guides(index, 0, 5)
    for url in INDEX_URLS:
        assert_queries(client, django_assert_num_queries, url, INDEX_QUERIES)

    add_guides(index, 5, 50)
    for url in [*INDEX_URLS, "/en/many/?need=pension&page=5"]:
        assert_queries(client, django_assert_num_queries, url, INDEX_QUERIES)
    assert "Page 5 of 5" in client.get("/en/many/?page=5").content.decode()
    assert INDEX_QUERIES <= MAX_QUERIES


def test_a_guide_page_runs_the_same_queries_with_1_or_6_helplines_and_downloads(
    client, django_assert_num_queries
):
    index = new_index(slug="many")
    helplines = [make_helpline(number) for number in ("1097", "181", "112", "1098", "1947", "1950")]
    documents = [make_document(f"Form {n}", f"form-{n}.pdf") for n in range(6)]
    few = make_resource(
        index,
        "Few",
        helplines=helpline_blocks(helplines[0]),
        downloads=download_blocks(documents[0]),
    )
    many = make_resource(
        index,
        "Many",
        helplines=helpline_blocks(*helplines),
        downloads=download_blocks(*documents),
    )
    assert_queries(client, django_assert_num_queries, few.url, GUIDE_QUERIES)
    assert_queries(client, django_assert_num_queries, many.url, GUIDE_QUERIES)
    assert client.get(many.url).content.decode().count('href="tel:') == 6
    assert GUIDE_QUERIES <= MAX_QUERIES


def test_the_listing_and_key_guides_are_one_query_each(django_assert_num_queries):
    index = new_index(slug="many")
    add_guides(index, 0, 12)
    with django_assert_num_queries(1):
        listing = resource_listing(index, {"need": "pension", "page": "2"})
    assert listing.total == 12 and len(listing.resources) == 2
    # Labels come from code: reading them costs nothing.
    with django_assert_num_queries(0):
        assert listing.resources[0].category_label == "Pensions and benefits"
        assert [label for _value, label in listing.resources[0].need_labels] == [
            "Get a pension",
            "Open a bank account or get a loan",
        ]
    home = HomePage.objects.get(locale__language_code="en")
    with django_assert_num_queries(1):
        assert len(key_resources(home, count=4)) == 4
