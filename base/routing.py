"""Page routing in a fixed number of queries, whatever the depth of the page.

Wagtail's own routing walks the tree one level at a time (two queries per level) and looks up
the home page's translation on every request. Here the language's home page comes from Wagtail's
cached site root paths, and the deepest page matching the URL is found in one query; that page's
own ``route()`` then handles whatever is left of the path (feeds, pagination, ...). Only the
routing differs: hooks, view restrictions and serving stay Wagtail's (``wagtail.views.serve``).
"""

from django.conf import settings
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from wagtail import views as wagtail_views
from wagtail.models import Page, Site
from wagtail.url_routing import RouteResult

MAX_LOOKUP_DEPTH = 12


def _home_url_path(site: Site) -> str | None:
    language = translation.get_language()
    fallback = None
    for root in Site.get_site_root_paths():
        if root.site_id != site.pk:
            continue
        if root.language_code == language:
            return root.root_path
        # No home page in this language: the default language's (reads no Page row).
        if fallback is None or root.language_code == settings.LANGUAGE_CODE:
            fallback = root.root_path
    return fallback


def route(request: HttpRequest, path: str) -> RouteResult | None:
    site = Site.find_for_request(request)
    if site is None:
        return None
    home_path = _home_url_path(site)
    if home_path is None:
        return None
    components = [component for component in path.split("/") if component]
    # Bounded, so a URL with thousands of segments cannot build a huge query; anything deeper
    # is left to the deepest page's own route().
    searched = components[:MAX_LOOKUP_DEPTH]
    candidates = [home_path] + [
        home_path + "/".join(searched[: length + 1]) + "/" for length in range(len(searched))
    ]
    home_slug = home_path.strip("/").rsplit("/", 1)[-1]
    deepest = (
        # slug is indexed, url_path is not: the slug filter keeps this an index lookup.
        Page.objects.filter(slug__in={home_slug, *searched}, url_path__in=candidates)
        .only("id", "depth", "url_path", "content_type")
        .order_by("-depth")
        .first()
    )
    if deepest is None:
        return None
    consumed = deepest.url_path.count("/") - home_path.count("/")
    return _specific(deepest).route(request, components[consumed:])


def _specific(page: Page) -> Page:
    """The specific page, with the relations its type asks for (``route_select_related``)."""
    model = page.specific_class
    if model is None:
        return page.specific
    related = getattr(model, "route_select_related", ())
    return model._default_manager.select_related(*related).get(pk=page.pk)


def _serve(request: HttpRequest, path: str) -> HttpResponse:
    # Wagtail's Page.route_for_request() reads this cache first, so the view below uses our route.
    if not hasattr(request, "_wagtail_route_for_request"):
        try:
            request._wagtail_route_for_request = route(request, path)
        except Http404:
            request._wagtail_route_for_request = None
    return wagtail_views.serve(request, path)


@transaction.non_atomic_requests
def serve(request: HttpRequest, path: str) -> HttpResponse:
    """Wagtail's serve view, with the route found by ``route`` above.

    Reading a page writes nothing, so GET and HEAD skip ATOMIC_REQUESTS' transaction (a round
    trip per page); other methods (form pages) keep it.
    """
    if request.method in {"GET", "HEAD"}:
        return _serve(request, path)
    with transaction.atomic():
        return _serve(request, path)
