"""Which Wagtail Site answers a request, without a SQL query on every request.

Wagtail looks the Site up in the database on every request. The list of sites is tiny and
changes almost never, so it is kept in the cache (shared by all processes, emptied whenever a
Site is saved or deleted) and matched here with Wagtail's own rules (``get_site_for_hostname``):
hostname and port, then hostname on the default site, then the default site, or the only site
with that hostname when another hostname is the default.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port
from wagtail.models import Site

SITES_CACHE_KEY = "samvedna:sites:v1"


def all_sites() -> list[Site]:
    sites = cache.get(SITES_CACHE_KEY)
    if sites is None:
        sites = list(Site.objects.order_by("pk"))
        cache.set(SITES_CACHE_KEY, sites, None)
    return sites


def match_site(sites: list[Site], hostname: str, port: int) -> Site | None:
    """The site Wagtail's ``get_site_for_hostname`` would choose, or None."""
    same_host = [site for site in sites if site.hostname == hostname]
    for site in same_host:
        if site.port == port:
            return site
    for site in same_host:
        if site.is_default_site:
            return site
    default = next((site for site in sites if site.is_default_site), None)
    if default is not None:
        # Another hostname is the default: a single site with this hostname wins over it.
        return same_host[0] if len(same_host) == 1 else default
    return same_host[0] if len(same_host) == 1 else None


def site_for_request(request: HttpRequest) -> Site | None:
    # As Wagtail does: the raw host, so that the ALLOWED_HOSTS check stays where Django does it.
    hostname = split_domain_port(request._get_raw_host())[0]
    try:
        port = int(request.get_port())
    except (TypeError, ValueError):
        return None
    return match_site(all_sites(), hostname, port)


class CachedSiteMiddleware:
    """Sets the request's Wagtail site from the cached list (``Site.find_for_request`` reads it)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request._wagtail_site = site_for_request(request)
        return self.get_response(request)


@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def forget_sites(**kwargs) -> None:
    cache.delete(SITES_CACHE_KEY)
