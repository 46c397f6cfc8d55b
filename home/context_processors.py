"""Template context shared by every public page."""

from django.http import HttpRequest
from wagtail.models import Site

from .site_settings import cached_safety_settings


def site_safety(request: HttpRequest) -> dict[str, dict[str, str]]:
    """Quick-exit destination and contacts, cached until an editor saves the settings."""
    return {"site_safety": cached_safety_settings(Site.find_for_request(request))}
