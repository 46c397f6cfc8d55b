"""A query string Django refuses to read gets the site's own 400 page, in every setting.

Django parses ``request.GET`` lazily and raises ``TooManyFieldsSent`` (more than
``DATA_UPLOAD_MAX_NUMBER_FIELDS`` parameters) each time it is read. With ``DEBUG = True`` its
technical error page reads ``request.GET`` again to show it, fails the same way at every layer
of middleware, and the development server answered a 500 after many seconds; with
``DEBUG = False`` the reader got Django's bare "Bad Request" page without the quick exit.

``QueryStringLimitMiddleware`` reads the query string once, before any view or middleware that
uses it. When Django refuses it, the request gets an empty query (nothing later reads the
refused one again) and the 400 page from the site's ``400.html`` (the quick exit included),
in production and development alike.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.core.exceptions import TooManyFieldsSent
from django.http import HttpRequest, HttpResponseBase, QueryDict
from django.urls import get_resolver, get_urlconf

security_logger = logging.getLogger("django.security.TooManyFieldsSent")


class QueryStringLimitMiddleware:
    """Answer 400 with the site's error page when the query string has too many parameters."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        try:
            request.GET  # noqa: B018  (parsed and cached now, or refused now)
        except TooManyFieldsSent as refused:
            request.GET = QueryDict()
            # What Django logs for a refused request, without the query string itself.
            security_logger.warning(
                "Too many query parameters", extra={"status_code": 400, "request": request}
            )
            handler = get_resolver(get_urlconf()).resolve_error_handler(400)
            return handler(request, refused)
        return self.get_response(request)
