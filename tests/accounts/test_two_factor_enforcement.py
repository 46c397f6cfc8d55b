"""No admin URL answers a password-only session: pages go to the code, everything else is 403.

The sweep takes every named URL pattern under /admin/ (Wagtail's, the apps', wagtail-localize's,
wagtailmedia's, ours), fills its parameters with real or sample values, and requests it as a
superuser who typed her password but not yet her code.
"""

import re

import pytest
from django.urls import NoReverseMatch, URLResolver, get_resolver, reverse
from wagtail.models import Page

from accounts.middleware import UNVERIFIED_ALLOWED
from tests.accounts.test_two_factor import (
    MISSING,
    VERIFY,
    add_phone,
    make_user,
    sign_in_fully,
    sign_in_with_password,
)

pytestmark = pytest.mark.django_db

_ROUTE_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")
_REGEX_PARAM = re.compile(r"\(\?P<(\w+)>((?:[^()]|\([^()]*\))*)\)")
_SAMPLES = ("1", "audio", "live", "latest", "x", "a")


def _walk(patterns, namespaces: list[str], prefix: str):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespaces + ([pattern.namespace] if pattern.namespace else [])
            yield from _walk(pattern.url_patterns, inner, prefix + str(pattern.pattern))
        elif pattern.name:
            yield ":".join([*namespaces, pattern.name]), prefix + str(pattern.pattern)


def _kwargs(route: str, page_id: int) -> dict[str, str]:
    kwargs = {}
    for converter, name in _ROUTE_PARAM.findall(route):
        kwargs[name] = str(page_id) if converter == "int" else "x"
    for name, regex in _REGEX_PARAM.findall(route):
        kwargs[name] = next(
            (sample for sample in (str(page_id), *_SAMPLES) if re.fullmatch(regex, sample)),
            "1",
        )
    return kwargs


def every_admin_url(page_id: int) -> dict[str, str]:
    """{url: URL name} for every named admin URL pattern that can be reversed."""
    admin = reverse("wagtailadmin_home")
    urls = {}
    for name, route in _walk(get_resolver().url_patterns, [], "/"):
        if not route.startswith(admin):
            continue
        try:
            url = reverse(name, kwargs=_kwargs(route, page_id))
        except NoReverseMatch:
            try:
                url = reverse(name)
            except NoReverseMatch:
                continue
        urls.setdefault(url, name)
    return urls


def named_admin_urls(page_id: int, image_id: int | None) -> list[str]:
    """The screens an attacker would want first, by name (the sweep covers the rest)."""
    urls = [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore_root"),
        reverse("wagtailadmin_explore", args=[page_id]),
        reverse("wagtailadmin_pages:edit", args=[page_id]),
        reverse("wagtailadmin_pages:history", args=[page_id]),
        reverse("wagtailadmin_pages:set_privacy", args=[page_id]),
        reverse("wagtailadmin_pages:preview_on_edit", args=[page_id]),
        reverse("wagtailimages:index"),
        reverse("wagtailimages:add"),
        reverse("wagtaildocs:index"),
        reverse("wagtailsnippets:index"),
        reverse("wagtailsnippets_consent_consentrecord:list"),
        reverse("wagtailusers_users:index"),
        reverse("wagtailusers_groups:index"),
        reverse("wagtailsettings:edit", args=["home", "sitesafetysettings"]),
        reverse("wagtailadmin_reports:site_history"),
        reverse("wagtailadmin_reports:aging_pages"),
        reverse("wagtailadmin_workflows:index"),
        reverse("moderation_waiting"),
        reverse("wagtailadmin_account"),
        reverse("accounts_recovery_codes"),
        reverse("wagtailadmin_choose_page"),
        reverse("wagtailimages_chooser:choose"),
        reverse("wagtaildocs_chooser:choose"),
        reverse("wagtailadmin_tag_autocomplete"),
        "/admin/api/main/pages/",
        f"/admin/api/main/pages/{page_id}/",
        "/admin/api/main/images/",
        "/admin/api/main/documents/",
        "/admin/no-such-screen/",
    ]
    if image_id:
        urls.append(reverse("wagtailimages:edit", args=[image_id]))
    return urls


@pytest.fixture
def page_id(site_pages) -> int:
    return site_pages[("en", "home")].pk


def _assert_refused(response, url: str, step: str, page: bool) -> None:
    assert response.status_code != 200, f"{url} answered a password-only session"
    if page and not url.startswith("/admin/api/"):
        assert response.status_code == 302, (url, response.status_code)
        assert response.url.startswith(step), (url, response.url)
    else:
        assert response.status_code == 403, (url, response.status_code)


def test_the_sweep_covers_the_whole_admin(page_id):
    urls = every_admin_url(page_id)
    assert len(urls) > 200
    names = set(urls.values())
    for expected in (
        "wagtailadmin_home",
        "wagtailadmin_pages:edit",
        "wagtailimages:index",
        "wagtaildocs:index",
        "wagtailsnippets:index",
        "wagtailusers_users:index",
        "wagtailsettings:edit",
        "wagtailadmin_reports:site_history",
        "moderation_waiting",
        "moderation_review",
        "wagtailadmin_account",
        "wagtailadmin_choose_page",
        "wagtailadmin_api:pages:listing",
        "wagtailadmin_editing_sessions:ping",
        "accounts_recovery_codes",
    ):
        assert expected in names, expected


@pytest.mark.parametrize("has_app", [True, False], ids=["verify", "not-set-up"])
def test_no_admin_url_answers_a_password_only_session(client, page_id, has_app):
    from privacy.models import PrivateImage

    user = make_user("intruder", group=None, is_superuser=True)
    if has_app:
        add_phone(user)
    step = VERIFY if has_app else MISSING
    sign_in_with_password(client, "intruder")

    image = PrivateImage.objects.first()
    urls = set(named_admin_urls(page_id, image.pk if image else None))
    swept = every_admin_url(page_id)
    urls |= {url for url, name in swept.items() if name not in UNVERIFIED_ALLOWED}
    checked = 0
    for url in sorted(urls):
        _assert_refused(client.get(url), url, step, page=True)
        # What scripts and choosers send, and form posts: 403, never the data.
        _assert_refused(
            client.get(url, headers={"X-Requested-With": "XMLHttpRequest"}), url, step, False
        )
        _assert_refused(client.get(url, headers={"Accept": "application/json"}), url, step, False)
        _assert_refused(client.post(url, {}), url, step, page=False)
        checked += 1
    assert checked > 200
    assert client.session.get("_auth_user_id") == str(user.pk)  # still signed in, not verified


def test_the_same_urls_answer_once_the_code_is_typed(client, page_id):
    user = make_user("editor", group=None, is_superuser=True)
    device = add_phone(user)
    sign_in_fully(client, user, device)
    for url in named_admin_urls(page_id, None):
        if "no-such-screen" in url or "preview" in url or "privacy" in url:
            continue
        response = client.get(url)
        assert response.status_code in (200, 302), (url, response.status_code)
        if response.status_code == 302:  # e.g. the snippets index sends on to the dashboard
            assert not response.url.startswith(("/admin/login/", VERIFY)), url


def test_signed_out_visitors_still_go_to_the_sign_in_page(client, page_id):
    for url in named_admin_urls(page_id, None)[:10]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/admin/login/"), url


def test_sign_in_out_reset_and_the_code_pages_stay_open(client):
    make_user("leader")
    sign_in_with_password(client, "leader")
    for name in (
        "wagtailadmin_password_reset",
        "wagtailadmin_password_reset_done",
        "wagtailadmin_password_reset_complete",
        "accounts_two_factor_missing",
        "wagtailadmin_javascript_catalog",
        "wagtailadmin_sprite",
    ):
        assert client.get(reverse(name)).status_code == 200, name
    response = client.post(reverse("wagtailadmin_logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


# --- The public site ----------------------------------------------------------------------------


def test_a_password_only_session_is_signed_out_on_the_public_site(client, site_pages):
    """A page restricted to signed-in users opens only after the second factor."""
    from wagtail.models import PageViewRestriction

    page = site_pages[("en", "about")]
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    user = make_user("editor", group=None, is_superuser=True)
    device = add_phone(user)
    sign_in_with_password(client, "editor")

    response = client.get(page.url)
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")  # WAGTAIL_FRONTEND_LOGIN_URL
    response = client.get(response.url)  # the sign-in page sends her on to the code
    assert response.status_code == 302 and response.url.startswith(VERIFY)
    response = client.post(response.url, {"code": _code(device)})
    assert response.status_code == 302 and response.url == page.url
    assert client.get(page.url).status_code == 200


def _code(device) -> str:
    from tests.accounts.test_two_factor import next_code

    return next_code(device)


def test_public_pages_do_not_read_the_session_of_a_signed_in_editor(client):
    user = make_user("editor", group=None, is_superuser=True)
    device = add_phone(user)
    sign_in_fully(client, user, device)
    assert client.get("/admin/").status_code == 200
    response = client.get("/en/")
    assert response.status_code == 200
    assert not response.cookies
    assert "cookie" not in response.headers.get("Vary", "").lower()


def test_pages_need_the_public_root_only(page_id):
    # Sanity check of the fixture: the sweep fills ids with a real page.
    assert Page.objects.filter(pk=page_id).exists()
