from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Site search, ``/sitemap.xml`` and ``/robots.txt``: what reads every page app. No models.

    Its label is ``search`` (Wagtail's own search app is ``wagtailsearch``)."""

    name = "search"
    verbose_name = "Search and sitemap"
