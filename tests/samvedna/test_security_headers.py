"""Security headers: the exact Content-Security-Policy and the other headers on every response.

Public pages (every live page in every language, the 404 page, feeds, calendars, sitemap,
robots.txt, search) get the strict public policy; the admin gets its own; production adds HSTS,
secure cookies, the HTTPS redirect and upgrade-insecure-requests.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

from accounts.otp_secrets import new_key
from events.models import EventIndexPage, EventPage
from stories.models import StoryIndexPage
from tests.support.helpers import parse, public_page_urls

ROOT = Path(__file__).resolve().parents[2]

PUBLIC_POLICY = {
    "default-src": ["'none'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'"],
    "media-src": ["'self'"],
    "form-action": ["'self'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
}
ADMIN_POLICY = {
    "default-src": ["'none'"],
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "blob:"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'"],
    "form-action": ["'self'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'self'"],
}
# Features a reader's browser must never offer to anything on a public page.
MUST_DENY = (
    "camera",
    "microphone",
    "geolocation",
    "payment",
    "usb",
    "serial",
    "hid",
    "interest-cohort",
    "browsing-topics",
    "display-capture",
    "publickey-credentials-get",
    "local-network-access",
)


def csp(response) -> dict[str, list[str]]:
    """The Content-Security-Policy header as {directive: [sources]}, each directive once."""
    header = response.headers.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.wsgi_request.path}"
    directives: dict[str, list[str]] = {}
    for part in filter(None, (p.strip() for p in header.split(";"))):
        name, *sources = part.split()
        assert name not in directives, f"{name} twice in {header}"
        directives[name] = sources
    return directives


def permissions(response) -> dict[str, str]:
    header = response.headers["Permissions-Policy"]
    features = {}
    for item in header.split(","):
        name, _, allow = item.strip().partition("=")
        features[name] = allow
    return features


def assert_public_headers(response, *, production: bool = False) -> None:
    where = response.wsgi_request.get_full_path()
    header = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in header and "unsafe-eval" not in header, where
    expected = dict(PUBLIC_POLICY)
    if production:
        expected["upgrade-insecure-requests"] = []
    assert csp(response) == expected, where
    assert response.headers["Referrer-Policy"] == "no-referrer", where
    assert response.headers["X-Content-Type-Options"] == "nosniff", where
    assert response.headers["X-Frame-Options"] == "DENY", where
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin", where
    assert response.headers["Cross-Origin-Resource-Policy"] == "same-origin", where
    features = permissions(response)
    assert all(allow == "()" for allow in features.values()), f"{where}: {features}"
    assert set(MUST_DENY) <= set(features), where


def public_urls() -> list[str]:
    """Every live page, the 404 page, the feeds, calendars, sitemap, robots.txt, icon, search."""
    urls = public_page_urls()
    for index in StoryIndexPage.objects.live():
        urls.append(f"{index.url}feed/")
    for index in EventIndexPage.objects.live():
        urls += [f"{index.url}feed/", f"{index.url}calendar/"]
    urls += [f"{event.url}calendar/" for event in EventPage.objects.live()]
    return [
        *urls,
        *("/sitemap.xml", "/robots.txt", "/favicon.ico"),
        *("/en/search/?q=ration", "/hi/search/?q=x", "/"),
    ]


@pytest.mark.django_db
def test_every_public_response_has_the_strict_policy_and_headers(client, pages_of_each_kind):
    urls = public_urls()
    assert len(urls) >= 30
    kinds = set()
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 302, 404), url
        kinds.add(response.headers["Content-Type"].split(";")[0])
        assert_public_headers(response)
    # Pages, feeds, calendars, sitemap and robots.txt were all among them.
    assert {"text/html", "application/rss+xml", "text/calendar", "application/xml"} <= kinds
    assert {"text/plain", "image/x-icon"} <= kinds


@pytest.mark.django_db
def test_public_pages_have_no_inline_script_style_or_handler(client, pages_of_each_kind):
    """What the CSP forbids, the templates must not contain (a browser would refuse it)."""
    for url in public_page_urls():
        html = parse(client.get(url).content)
        for tag, attrs in html.tags:
            where = f"{url}: <{tag} {attrs}>"
            assert tag != "style", where
            assert "style" not in attrs, where
            assert not [name for name in attrs if name.startswith("on")], where
            for value in (attrs.get("href"), attrs.get("src"), attrs.get("action")):
                assert not (value or "").strip().lower().startswith("javascript:"), where
            if tag == "script":
                # Our one script is a file; JSON-LD data blocks are not run, so CSP allows them.
                assert attrs.get("src") or attrs.get("type") == "application/ld+json", where
            if tag == "link" and attrs.get("rel") == "stylesheet":
                assert (attrs.get("href") or "").startswith("/static/"), where


@pytest.mark.django_db
def test_a_logged_in_editor_reading_the_public_site_gets_the_public_policy(client, staff_member):
    client.force_login(staff_member)
    assert_public_headers(client.get("/gu/"))


def admin_urls(story) -> list[str]:
    return [
        "/admin/",
        f"/admin/pages/{story.pk}/edit/",
        "/admin/images/",
        "/admin/images/chooser/",
        "/admin/stories-to-review/",
        "/admin/pages/",
    ]


@pytest.mark.django_db
def test_admin_pages_get_the_admin_policy(client, leader_member, pages_of_each_kind):
    story = pages_of_each_kind[0]
    client.force_login(leader_member)  # every screen below is one a leader uses
    for url in admin_urls(story):
        response = client.get(url)
        assert response.status_code == 200, url
        header = response.headers["Content-Security-Policy"]
        assert "unsafe-eval" not in header, url
        assert csp(response) == ADMIN_POLICY, url
        # Same-origin, not no-referrer: Chromium would send "Origin: null" with every admin form.
        assert response.headers["Referrer-Policy"] == "same-origin", url
        assert response.headers["X-Content-Type-Options"] == "nosniff", url
        assert response.headers["Cross-Origin-Resource-Policy"] == "same-origin", url
        features = permissions(response)
        assert features["clipboard-write"] == "(self)", url
        assert all(features[name] == "()" for name in MUST_DENY), url


@pytest.mark.django_db
def test_the_sign_in_page_gets_the_admin_policy(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert csp(response) == ADMIN_POLICY
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_a_page_preview_keeps_the_public_policy_but_may_be_framed_by_the_admin(site_pages):
    # Wagtail renders previews through the middleware with a fake request for the page's public
    # URL; the admin shows the result in an iframe.
    response = site_pages[("en", "about")].make_preview_request()
    assert response.status_code == 200
    assert csp(response) == {**PUBLIC_POLICY, "frame-ancestors": ["'self'"]}
    assert response.headers["Referrer-Policy"] == "no-referrer"


@pytest.mark.django_db
def test_a_view_that_sets_its_own_headers_keeps_them(rf):
    from samvedna.security_headers import (
        ContentSecurityPolicyMiddleware,
        SecurityHeadersMiddleware,
    )

    def view(request):
        from django.http import HttpResponse

        response = HttpResponse("x")
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response["Permissions-Policy"] = "camera=()"
        return response

    response = ContentSecurityPolicyMiddleware(SecurityHeadersMiddleware(view))(rf.get("/en/"))
    assert response.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response.headers["Permissions-Policy"] == "camera=()"


# --- Production -----------------------------------------------------------------------------


def production_settings() -> dict:
    """The security settings as production.py computes them, read in a fresh interpreter."""
    names = [
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SECURE_SSL_REDIRECT",
        "SECURE_PROXY_SSL_HEADER",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_REFERRER_POLICY",
        "CONTENT_SECURITY_POLICY",
        "CONTENT_SECURITY_POLICY_ADMIN",
    ]
    code = (
        "import json, django; django.setup(); from django.conf import settings;"
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}))"
    )
    unset = {"DJANGO_SETTINGS_MODULE", "SECURE_SSL_REDIRECT", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(
        DJANGO_SETTINGS_MODULE="samvedna.settings.production",
        SECRET_KEY=secrets.token_urlsafe(60),
        OTP_SECRET_KEYS=new_key(),
        ALLOWED_HOSTS="samvedna.example.org",
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


@pytest.fixture(scope="module")
def production() -> dict:
    return production_settings()


def test_production_settings_turn_on_hsts_secure_cookies_and_https(production):
    assert production["SECURE_HSTS_SECONDS"] == 2 * 365 * 24 * 60 * 60  # two years
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert production["SECURE_HSTS_PRELOAD"] is True
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SESSION_COOKIE_SECURE"] is True
    assert production["CSRF_COOKIE_SECURE"] is True
    assert production["SECURE_REFERRER_POLICY"] == "same-origin"  # the admin's; public: header
    for name in ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_ADMIN"):
        assert production[name]["DIRECTIVES"]["upgrade-insecure-requests"] is True


@pytest.mark.django_db
def test_production_redirects_plain_http_to_https(client, production):
    with override_settings(**production):
        response = client.get("/en/about/?x=1", HTTP_HOST="testserver")
    assert response.status_code == 301
    assert response.headers["Location"] == "https://testserver/en/about/?x=1"
    assert "Strict-Transport-Security" not in response.headers  # only ever sent over HTTPS


@pytest.mark.django_db
def test_production_headers_over_https(client, leader_member, production):
    with override_settings(**production):
        for url in ["/en/", "/gu/about/", "/en/stories/feed/", "/sitemap.xml", "/en/nothing/"]:
            response = client.get(url, secure=True)
            assert response.headers["Strict-Transport-Security"] == (
                "max-age=63072000; includeSubDomains; preload"
            ), url
            assert_public_headers(response, production=True)
            assert not response.cookies, url

        sign_in = client.get("/admin/login/", secure=True)
        assert csp(sign_in) == {**ADMIN_POLICY, "upgrade-insecure-requests": []}
        assert sign_in.cookies["csrftoken"]["secure"] is True
        client.force_login(leader_member)
        assert client.cookies["sessionid"]["secure"] is True
        dashboard = client.get("/admin/", secure=True)
        assert dashboard.status_code == 200
        assert dashboard.headers["Strict-Transport-Security"].startswith("max-age=63072000")


# --- The application server ---------------------------------------------------------------


def test_gunicorn_config_names_no_server_version_and_logs_no_addresses():
    """gunicorn's Server header is its bare name; the access log format has no client fields.

    tests/samvedna/test_logs.py runs gunicorn with this file and reads what it sends and logs.
    """
    import gunicorn
    import gunicorn.glogging

    namespace: dict = {}
    config = ROOT / "samvedna" / "gunicorn.conf.py"
    exec(compile(config.read_text(), str(config), "exec"), namespace)  # noqa: S102
    assert gunicorn.SERVER == "gunicorn"
    assert not re.search(r"\d", gunicorn.SERVER)
    log_format = namespace["access_log_format"]
    # gunicorn's atoms are case-sensitive: %(h)s is the client address, %(H)s the protocol.
    for atom in ("%(h)s", "%(a)s", "%(f)s", "%(u)s", "%(r)s", "%(q)s"):
        assert atom not in log_format, atom
    assert "forwarded" not in log_format.lower() and "}i" not in log_format  # no request header
    assert issubclass(namespace["logger_class"], gunicorn.glogging.Logger)
