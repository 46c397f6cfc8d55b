"""The cached Site lookup picks the same site as Wagtail's own, and forgets changes at once."""

import itertools

import pytest
from django.test import RequestFactory
from wagtail.models import Page, Site
from wagtail.models.sites import get_site_for_hostname

from base.sites import all_sites, match_site, site_for_request

pytestmark = pytest.mark.django_db

HOSTS = ["localhost", "samvedna.example", "media.example", "unknown.example"]
PORTS = [80, 443, 8000]


def wagtails_choice(hostname, port):
    try:
        return get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        return None


@pytest.mark.parametrize(
    "layout",
    [
        # (hostname, port, is_default) for each extra site, besides the demo's localhost:80.
        [],
        [("samvedna.example", 443, False)],
        [("samvedna.example", 443, False), ("samvedna.example", 8000, False)],
        [("media.example", 80, False), ("samvedna.example", 443, False)],
        "no-default",
    ],
)
def test_same_choice_as_wagtail_for_every_host_and_port(layout):
    root = Page.objects.get(depth=2, locale__language_code="en")
    if layout == "no-default":
        Site.objects.update(is_default_site=False)
        Site.objects.create(hostname="samvedna.example", port=443, root_page=root)
        Site.objects.create(hostname="samvedna.example", port=8000, root_page=root)
    else:
        for hostname, port, is_default in layout:
            Site.objects.create(
                hostname=hostname, port=port, root_page=root, is_default_site=is_default
            )
    sites = all_sites()
    for hostname, port in itertools.product(HOSTS, PORTS):
        assert match_site(sites, hostname, port) == wagtails_choice(hostname, port), (
            hostname,
            port,
        )


def test_a_changed_site_is_seen_on_the_next_request(rf: RequestFactory):
    request = rf.get("/", HTTP_HOST="localhost")
    site = site_for_request(request)
    assert site is not None and site.site_name == "Samvedna"
    site.site_name = "Renamed"
    site.save()
    assert site_for_request(rf.get("/", HTTP_HOST="localhost")).site_name == "Renamed"
    Site.objects.all().delete()
    assert site_for_request(rf.get("/", HTTP_HOST="localhost")) is None


def test_pages_are_served_without_a_site_query(client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/en/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/en/").status_code == 200
    assert not any('FROM "wagtailcore_site"' in q["sql"] for q in queries.captured_queries)


def test_a_bad_port_in_the_host_header_is_not_a_server_error(client):
    response = client.get("/en/", HTTP_HOST="localhost:notaport")
    assert response.status_code in (200, 400, 404)
