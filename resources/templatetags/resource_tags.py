"""Template helpers for guides. None runs a query."""

from __future__ import annotations

from django import template
from django.http import HttpRequest

register = template.Library()


def _parent_url(url: str) -> str:
    trimmed = url.rstrip("/")
    return trimmed[: trimmed.rfind("/") + 1] if "/" in trimmed else url


@register.simple_tag(takes_context=True)
def resource_index_url(context, resource) -> str:
    """The address of the guide index a guide belongs to: a guide always sits directly under
    its index, so it is the guide's address without its last segment."""
    request: HttpRequest | None = context.get("request")
    return _parent_url(resource.get_url(request) or "")
