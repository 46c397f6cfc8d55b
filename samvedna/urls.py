from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from base import routing
from samvedna.favicon import favicon_view
from search.sitemap import robots_view, sitemap_view
from search.views import search_view

# The database not answering: a 503 page without the database (samvedna/unavailable.py).
handler500 = "samvedna.unavailable.server_error"

urlpatterns = [
    # The invitation link (accounts/urls.py): under /admin/ for the admin's headers, before
    # Wagtail's admin URLs, which all need a signed-in user.
    path("admin/welcome/", include("accounts.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap_view, name="sitemap"),
    path("robots.txt", robots_view, name="robots"),
    path("favicon.ico", favicon_view, name="favicon"),
]

if settings.DEBUG:
    # Development: only public media (renditions, voice clips), never originals or documents.
    from privacy.dev_media import public_media_urlpatterns

    urlpatterns += public_media_urlpatterns()


# Every public page lives under its language prefix: /en/, /gu/, /hi/.
urlpatterns += i18n_patterns(
    path("search/", search_view, name="search"),
    # Same pattern and name as Wagtail's own serve view, matched first: see base/routing.py.
    re_path(r"^((?:[\w\-]+/)*)$", routing.serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
