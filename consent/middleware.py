"""Turns a refused publish anywhere in the admin into a message instead of an error page."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from .guard import PublicationRefused


class ConsentGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if not isinstance(exception, PublicationRefused):
            return None
        # ATOMIC_REQUESTS has already rolled back everything the request did.
        messages.error(request, exception.messages[0])
        if exception.page_id:
            return redirect("wagtailadmin_pages:edit", exception.page_id)
        return redirect("wagtailadmin_home")
