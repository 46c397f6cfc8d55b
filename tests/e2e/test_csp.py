"""The Content-Security-Policy as Chromium enforces it: nothing on any page is refused.

Every public page (all page types, in the three languages; search, a filtered listing, the 404
page, a story with a photo and a voice clip) and the admin screens editors and leaders use (sign
in with password, the invitation link's password and app set-up pages, dashboard, page editor
with its live preview and rich text, image chooser, stories to review and the review screen)
load with zero CSP violations. Violations are caught twice: the
``securitypolicyviolation`` event in every frame (reported to the test through a binding) and
Chromium's console messages. Public pages also log no console error at all (the icon is served:
no 404 for /favicon.ico; the 404 page's own status excepted). Quick exit, whose script is a static
file, still works under the policy. Chromium must also recognise every feature the
Permissions-Policy names. The admin's private thumbnails and a draft's preview photo load through
the admin under its policy; a reader's browser asking for them gets the sign-in page.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files import File
from django.test import Client

from accounts import invitations
from moderation.groups import LEADERS, STAFF
from privacy.audio.models import PrivateMedia
from stories.models import StoryPage
from tests.support import audio_samples
from tests.support.helpers import public_page_urls
from tests.support.story_factories import (
    image_body,
    make_consent,
    make_image,
    make_story,
    waiting_for_leaders_approval,
)

from .conftest import LANGUAGES

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LISTEN = """
document.addEventListener("securitypolicyviolation", (event) => {
    window.__samvednaCspViolation({
        directive: event.effectiveDirective,
        blocked: event.blockedURI,
        sample: event.sample,
        source: `${event.sourceFile}:${event.lineNumber}`,
        document: event.documentURI,
        policy: event.originalPolicy.slice(0, 60),
    });
});
"""
# Chromium's console wording for a refused resource, script, style, frame or eval.
CONSOLE_MARKERS = ("Content Security Policy", "Refused to", "Permissions-Policy")


@dataclass
class Watch:
    """CSP violations and related console messages seen by one browser context.

    ``errors`` keeps every console error and uncaught exception, whatever it says (a missing
    /favicon.ico was one on every page), as (text, URL it is about)."""

    violations: list[dict] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)

    def take(self) -> list[str]:
        found = [f"violation: {v}" for v in self.violations] + [
            f"console: {text}" for text in self.console
        ]
        self.violations.clear()
        self.console.clear()
        return found


@pytest.fixture
def watched(new_context) -> Callable:
    """Factory: a guarded context whose pages report CSP violations to a Watch."""

    def make(**options):
        context, guard = new_context(**options)
        watch = Watch()
        context.expose_binding(
            "__samvednaCspViolation", lambda _source, v: watch.violations.append(v)
        )
        context.add_init_script(LISTEN)

        def on_page(page):
            page.on(
                "console",
                lambda message: (
                    watch.errors.append((message.text, message.location.get("url") or ""))
                    if message.type == "error"
                    else None
                ),
            )
            page.on("pageerror", lambda error: watch.errors.append((str(error), page.url)))
            page.on(
                "console",
                lambda message: (
                    watch.console.append(f"{message.type}: {message.text}")
                    if any(marker in message.text for marker in CONSOLE_MARKERS)
                    else None
                ),
            )

        context.on("page", on_page)
        return context, guard, watch

    return make


def settle(page) -> None:
    """Violation events are dispatched after the fact: give them a moment to arrive."""
    page.wait_for_load_state("load")
    page.evaluate("() => new Promise((done) => setTimeout(done, 60))")


def story_with_photo_and_voice() -> str:
    media = PrivateMedia.objects.create(
        title="Voice", file=File(io.BytesIO(audio_samples.planted("MP3")), "a.mp3")
    )
    image = make_image()
    story = make_story(
        make_consent(photo=True, voice=True),
        title="A story with a photo and a voice",
        body=[
            {"type": "paragraph", "value": "<p>We went together.</p>"},
            {"type": "image", "value": {"image": image.pk, "caption": "At the centre"}},
            {"type": "audio", "value": {"audio": media.pk, "transcript": "We went."}},
        ],
        publish=True,
    )
    return story.url


def public_paths() -> list[str]:
    pages = public_page_urls()  # every page type in every language, and the 404 page
    extra = []
    for language in LANGUAGES:
        extra += [
            f"/{language}/search/?q=rights",
            f"/{language}/resources/?category=identity-documents",
            f"/{language}/stories/?page=1",
            f"/{language}/no-such-page/",
        ]
    return ["/", *pages, *extra]


def test_every_public_page_loads_with_no_csp_violation_nor_console_error(site, watched):
    paths = [*public_paths(), story_with_photo_and_voice()]
    context, guard, watch = watched()
    page = context.new_page()
    problems = []
    for path in paths:
        response = page.goto(f"{site}{path}")
        assert response.status in (200, 404), path
        assert "default-src 'none'" in response.headers["content-security-policy"], path
        # Load what the page only loads later (lazy images, a voice clip before "play"), so the
        # policy is tried on them too.
        page.evaluate(
            """() => {
                document.querySelectorAll("img[loading=lazy]").forEach((img) => {
                    img.loading = "eager";
                });
                document.querySelectorAll("audio").forEach((audio) => audio.load());
            }"""
        )
        settle(page)
        problems += [f"{path}: {found}" for found in watch.take()]
        # Any console error counts, except the 404 page's own status (it is meant to be a 404).
        problems += [
            f"{path}: console error: {text} ({url})"
            for text, url in watch.errors
            if not (response.status == 404 and url == response.url)
        ]
        watch.errors.clear()
    assert not problems, "refused or failed on public pages:\n" + "\n".join(problems)
    # The pages' icon link was followed (and, with no console error, answered). Without the
    # link this fails: under the test's request routing Chromium logs nothing for a missing
    # /favicon.ico (tests/samvedna/test_favicon.py checks that address itself).
    assert any("/static/favicon." in url for url in guard.requests), guard.requests


def test_the_check_would_catch_a_violation(site, watched):
    # Control: an inline script added to a public page is refused, and the test sees it.
    context, _guard, watch = watched()
    page = context.new_page()
    page.goto(f"{site}/en/")
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.ranInline = true";
            document.body.append(script);
            const style = document.createElement("style");
            style.textContent = "body { color: red }";
            document.head.append(style);
        }"""
    )
    settle(page)
    assert page.evaluate("window.ranInline") is None
    directives = {violation["directive"] for violation in watch.violations}
    assert {"script-src-elem", "style-src-elem"} <= directives, watch.violations
    assert any("Content Security Policy" in text for text in watch.console), watch.console


@pytest.mark.parametrize("language", LANGUAGES)
def test_quick_exit_works_under_the_policy(site, watched, language):
    context, guard, watch = watched()
    page = context.new_page()
    page.goto("about:blank")
    page.goto(f"{site}/{language}/about/")
    exit_url = guard.allow_exit_from(page)
    settle(page)  # the script is deferred

    for _ in range(3):
        page.keyboard.press("Escape")
    page.wait_for_url(exit_url)
    # location.replace (the script), not the plain link: the site left the history.
    page.go_back()
    assert page.url == "about:blank", f"Back returned to {page.url}"
    assert guard.exits and guard.exits[0]["referer"] is None
    assert not watch.take()


# --- The admin --------------------------------------------------------------------------------

PASSWORD = "a-long-password-for-tests-1"


def signed_in(context, user, site: str) -> None:
    """Put a signed-in session for ``user`` into the browser context.

    The admin asks for a second factor after the password; tests/conftest.py makes
    Client.force_login count as having given it (a test shortcut, as for the other admin tests).
    """
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": site}])


def member(username: str, group: str):
    user = get_user_model().objects.create_user(username, password=PASSWORD)
    user.groups.add(Group.objects.get(name=group))
    return user


def assert_admin_policy(response, where: str) -> None:
    policy = response.headers["content-security-policy"]
    assert "frame-ancestors 'self'" in policy and "unsafe-eval" not in policy, where


def test_the_sign_in_page_has_no_csp_violation(site, watched):
    context, _guard, watch = watched(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    response = page.goto(f"{site}/admin/login/")
    assert_admin_policy(response, "sign-in")
    assert page.locator("input[name=username]").is_visible()
    settle(page)
    assert not watch.take()


@pytest.mark.real_two_factor
def test_signing_in_through_the_forms_has_no_csp_violation(site, watched):
    """The real sign-in: password form, then the page that says only the invitation link sets
    up an app; then the invitation link's two steps (password, app with its inline QR code)."""
    member("leader-one", LEADERS)
    context, _guard, watch = watched()
    page = context.new_page()
    page.goto(f"{site}/admin/login/")
    page.fill("input[name=username]", "leader-one")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/two-factor/not-set-up/?next=*")
    settle(page)
    assert not watch.take()

    _user, token = invitations.invite(
        display_name="Leader two",
        email="two@example.org",
        group=Group.objects.get(name=LEADERS),
        language="",
        sent_by=None,
    )
    page = context.new_page()
    page.goto(f"{site}/admin/welcome/{token}/")
    page.wait_for_url("**/admin/welcome/password/")
    settle(page)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.click("form.two-factor__form button[type=submit]")
    page.wait_for_url("**/admin/welcome/app/")
    assert page.locator("svg.two-factor-qr").is_visible()
    settle(page)
    assert not watch.take()


def test_the_editors_screens_have_no_csp_violation(site, watched):
    editor = member("editor", STAFF)  # staff write and edit the stories
    make_image()  # something for the image chooser to list
    story = StoryPage.objects.live().filter(locale__language_code="en").first()

    context, _guard, watch = watched(viewport={"width": 1280, "height": 800})
    signed_in(context, editor, site)
    page = context.new_page()
    problems = []

    def check(where: str) -> None:
        settle(page)
        problems.extend(f"{where}: {found}" for found in watch.take())

    response = page.goto(f"{site}/admin/")
    assert page.url == f"{site}/admin/", "not signed in: the second-factor shortcut is missing"
    assert_admin_policy(response, "dashboard")
    check("dashboard")

    response = page.goto(f"{site}/admin/pages/{story.pk}/edit/")
    assert_admin_policy(response, "page editor")
    page.wait_for_load_state("networkidle")
    check("page editor")

    # The live preview: a same-origin iframe showing the page under the public policy.
    page.click("button[data-side-panel-toggle='preview']")
    # Wagtail loads it in a second iframe, then swaps it in for the first.
    loaded = "iframe.w-preview__iframe[src*='/preview/']:not(.w-preview__proxy)"
    page.locator(loaded).wait_for(state="attached")
    preview = page.frame_locator(loaded)
    preview.locator("main h1").wait_for()
    assert story.title in preview.locator("main h1").inner_text()
    check("preview panel")

    # The image chooser (the share image on the Promote tab), its search and its upload tab.
    page.get_by_role("tab", name="Promote").click()
    page.locator("[data-chooser-action-choose]:visible").first.click()
    modal = page.locator(".modal-dialog")
    modal.get_by_role("heading", name="Choose an image").wait_for()
    modal.locator("a[data-chooser-modal-choice], .listing .image a").first.wait_for()
    check("image chooser")
    modal.get_by_role("tab", name="Upload").click()
    modal.locator("input[type=file]").wait_for(state="attached")
    check("image chooser, upload tab")
    page.keyboard.press("Escape")

    # Typing in the rich text editor (it injects its own styles).
    page.get_by_role("tab", name="Content").click()
    page.locator(".DraftEditor-root [contenteditable=true]").first.click()
    page.keyboard.type(" And then we spoke.")
    check("rich text editing")

    response = page.goto(f"{site}/admin/images/")
    assert_admin_policy(response, "images")
    check("image library")
    assert not problems, "refused in the admin:\n" + "\n".join(problems)


def test_the_leaders_review_screens_have_no_csp_violation(site, watched):
    author = member("writer", STAFF)
    confirming = member("leader-one", LEADERS)
    leader = member("leader-two", LEADERS)
    waiting_for_leaders_approval(
        author, confirming, consent=make_consent(photo=True), title="Story under review"
    )

    context, _guard, watch = watched()  # on her phone
    signed_in(context, leader, site)
    page = context.new_page()
    problems = []

    response = page.goto(f"{site}/admin/")
    assert page.url == f"{site}/admin/", "not signed in: the second-factor shortcut is missing"
    assert_admin_policy(response, "dashboard")
    settle(page)
    problems += [f"dashboard: {found}" for found in watch.take()]

    response = page.goto(f"{site}/admin/stories-to-review/")
    assert_admin_policy(response, "stories to review")
    link = page.get_by_role("link", name="Story under review")
    link.wait_for()
    settle(page)
    problems += [f"stories to review: {found}" for found in watch.take()]

    link.click()
    page.wait_for_url("**/stories-to-review/*/")
    assert page.get_by_role("button", name="મંજૂર કરો").is_visible()  # "Approve", in Gujarati
    settle(page)
    problems += [f"review screen: {found}" for found in watch.take()]
    assert not problems, "refused on the leaders' screens:\n" + "\n".join(problems)


# --- private thumbnails and previews (privacy/images/renditions.py) -------------------------------

PRIVATE_PREFIX = "/admin/private-images/"

# Every <img> of a selector, with whether the browser could decode it.
IMAGES = """(selector) => [...document.querySelectorAll(selector)].map((img) => ({
    src: img.getAttribute("src"),
    loaded: img.complete && img.naturalWidth > 0,
}))"""


def test_editors_see_private_thumbnails_and_readers_do_not(site, watched, new_context):
    editor = member("editor", STAFF)
    image = make_image()
    image.uploaded_by_user = editor  # staff's image library lists the photos they uploaded
    image.save(update_fields=["uploaded_by_user"])
    draft = make_story(
        make_consent(photo=True), title="A draft with a photo", body=image_body(image)
    )

    context, _guard, watch = watched(viewport={"width": 1280, "height": 800})
    signed_in(context, editor, site)
    page = context.new_page()

    page.goto(f"{site}/admin/images/")
    settle(page)
    thumbnails = page.evaluate(IMAGES, ".listing img, [data-listing] img, figure img")
    assert thumbnails, "the image library shows no thumbnail"
    assert all(t["src"].startswith(PRIVATE_PREFIX) and t["loaded"] for t in thumbnails), thumbnails

    page.goto(f"{site}/admin/pages/{draft.pk}/edit/")
    page.click("button[data-side-panel-toggle='preview']")
    loaded = "iframe.w-preview__iframe[src*='/preview/']:not(.w-preview__proxy)"
    page.locator(loaded).wait_for(state="attached")
    preview = page.frame_locator(loaded)
    photo = preview.locator("main img").first
    photo.wait_for()
    photo.evaluate("(img) => img.decode()")
    src = photo.get_attribute("src")
    assert src.startswith(PRIVATE_PREFIX), src
    assert photo.evaluate("(img) => img.naturalWidth") > 0
    settle(page)
    assert not watch.take(), "the admin's CSP refused a private image"

    # A reader (no session) following the same URLs lands on the sign-in page.
    reader_context, _reader_guard = new_context()
    reader = reader_context.new_page()
    for url in {src, *(t["src"] for t in thumbnails)}:
        response = reader.goto(f"{site}{url}")
        assert response.headers["content-type"].startswith("text/html"), url
        assert "/admin/login/" in reader.url, url
