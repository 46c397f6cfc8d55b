"""Response headers Django does not set, and a separate policy for the Wagtail admin.

Two middlewares, placed right after Django's SecurityMiddleware (see settings/base.py):

- ``ContentSecurityPolicyMiddleware``: django-csp's middleware; public paths get
  ``CONTENT_SECURITY_POLICY``, admin paths ``CONTENT_SECURITY_POLICY_ADMIN``.
- ``SecurityHeadersMiddleware``: Permissions-Policy, Cross-Origin-Resource-Policy, on public
  paths ``Referrer-Policy: no-referrer`` (the admin keeps Django's ``SECURE_REFERRER_POLICY``),
  and X-Frame-Options on the responses Django's XFrameOptionsMiddleware never sees.

The policies themselves live in ``samvedna/settings/headers.py``; the middlewares sit here, next
to the settings, because they are about the whole site, not about any one app.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from csp.constants import SELF
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase


def is_admin_path(path: str) -> bool:
    """Whether a path belongs to the Wagtail admin (which gets the admin's policies)."""
    return path.startswith(tuple(settings.ADMIN_PATH_PREFIXES))


def permissions_policy(features: Mapping[str, Sequence[str]]) -> str:
    """``{"camera": [], "fullscreen": ["self"]}`` -> ``camera=(), fullscreen=(self)``."""
    return ", ".join(f"{feature}=({' '.join(allow)})" for feature, allow in features.items())


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's own policy for admin paths.

    A view that sets its own policy (django-csp's decorators) or header keeps it.
    """

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only or parts.config is not None:
            return parts
        if is_admin_path(request.path_info):
            parts.config = settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"]
        elif getattr(request, "is_dummy", False):
            # Wagtail's previews (and moderation views) render a public page through this
            # middleware with a fake request for the page's public URL, then show it in an
            # iframe of the admin: keep the public policy, so the preview breaks where the live
            # page would, but let the admin frame it.
            parts.replace = {**(parts.replace or {}), "frame-ancestors": [SELF]}
        return parts


class SecurityHeadersMiddleware:
    """Permissions-Policy, CORP, the public pages' Referrer-Policy, X-Frame-Options everywhere.

    Headers a view already set are kept (``setdefault``), like Django's own middlewares do.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        admin = is_admin_path(request.path_info)
        features = settings.PERMISSIONS_POLICY_ADMIN if admin else settings.PERMISSIONS_POLICY
        response.headers.setdefault("Permissions-Policy", permissions_policy(features))
        response.headers.setdefault(
            "Cross-Origin-Resource-Policy", settings.CROSS_ORIGIN_RESOURCE_POLICY
        )
        if not admin:
            # Set before SecurityMiddleware's setdefault("Referrer-Policy", "same-origin") runs.
            response.headers.setdefault("Referrer-Policy", settings.PUBLIC_REFERRER_POLICY)
        if not getattr(response, "xframe_options_exempt", False):
            # XFrameOptionsMiddleware sits further in: responses made outside it (the language
            # redirect from "/", static files) get the same answer.
            response.headers.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
        return response
