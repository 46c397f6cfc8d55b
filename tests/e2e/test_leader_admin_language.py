"""Every admin screen a leader reaches speaks her language and fits her phone (360 by 740).

A leader with Gujarati and Hindi content to look after (a consent record under a Gujarati
pseudonym, a Gujarati and a Hindi story waiting for review) goes, in Gujarati and then in
Hindi: through the sign-in page, a password reset (request, e-mail, the link with a real
token, new password), the second factor (code page; first page without an app), then every
admin screen reachable from her menu and dashboard by following links (admin_walk.Walk), and
two forms sent back with a message. Each screen's words (text, also hidden until opened, and
what screen readers say) must hold no English interface word (admin_walk.ALLOWED lists the
exceptions and why), and nothing may be wider than the phone or cut off at its edge.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from wagtail.models import Workflow
from wagtail.users.models import UserProfile

from moderation.groups import LEADERS, STAFF
from tests.support.story_factories import make_consent, make_story

from .admin_walk import Walk, content_strings, english_words
from .test_review_on_phone import PASSWORD, member, sign_in_on_her_phone

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREEN_CAP = 45  # kinds of screens per language; the walk finds about 30
LANGUAGE_NAMES = {"gu": "ગુજરાતી", "hi": "हिन्दी"}


def stories_waiting(writer) -> None:
    """A Gujarati and a Hindi story, each with its own consent record, sent for review."""
    content = {
        "gu": ("સભ્ય સ-૧૦૧ (મીના)", "અમે સાથે અમારા હક શીખ્યાં", "મીના", "અમે સાથે ગયાં."),
        "hi": ("सदस्य स-१०२ (रेखा)", "हमने साथ मिलकर अपने हक़ सीखे", "रेखा", "हम साथ गए।"),
    }
    for language, (storyteller, title, pseudonym, text) in content.items():
        story = make_story(
            make_consent(storyteller=storyteller),
            language=language,
            title=title,
            pseudonym=pseudonym,
            summary=text,
            body=[{"type": "paragraph", "value": f"<p>{text}</p>"}],
        )
        story.save_revision(user=writer)
        Workflow.objects.get(name="Story approval").start(story, writer)


def leader_speaking(language: str):
    leader = member(f"leader-{language}", LEADERS)  # Gujarati, set when she joined the group
    leader.first_name, leader.last_name = LANGUAGE_NAMES[language], "સંવેદના"
    leader.email = f"leader-{language}@example.org"
    leader.save()
    if language != "gu":
        UserProfile.objects.filter(user=leader).update(preferred_language=language)
    return leader


class Screens:
    """Checks each screen as she meets it and keeps what was wrong, to report all at once."""

    def __init__(self, site: str) -> None:
        self.walk = Walk(site, SCREEN_CAP)
        self.content: list[str] = []

    def check(self, page, label: str) -> None:
        self.walk.visited.append(label)
        self.walk.check(page, label, self.content)

    def report(self) -> str:
        return "\n".join(
            f"{screen}:\n  " + "\n  ".join(problems)
            for screen, problems in self.walk.problems.items()
        )


def signed_out_pages(page, site: str, screens: Screens, leader, language: str) -> None:
    """Sign-in page, then a password reset from the e-mail's link to the new password."""
    page.goto(f"{site}/admin/login/")
    if language != "gu":  # Gujarati until she picks her language with the page's links
        page.get_by_role("link", name=LANGUAGE_NAMES[language]).click()
        page.wait_for_url(f"**/admin/login/?lang={language}")
    assert page.locator("html").get_attribute("lang") == language
    screens.check(page, "sign-in")
    page.locator("a.reset-password").click()
    page.wait_for_url("**/admin/password_reset/")
    screens.check(page, "password reset: her e-mail address")
    page.fill("input[name=email]", leader.email)
    page.click("form button[type=submit]")
    page.wait_for_url("**/admin/password_reset/done/")
    screens.check(page, "password reset: sent")

    (message,) = mail.outbox
    sent = [("subject", message.subject), *(("body", line) for line in message.body.splitlines())]
    problems = english_words(sent, screens.content)  # her username is in it
    assert not problems, f"the reset e-mail in {language}: {problems}"
    link = re.search(r"https?://\S+/admin/password_reset/confirm/\S+/", message.body).group(0)
    page.goto(site + urlsplit(link).path)
    page.wait_for_url("**/set-password/")
    screens.check(page, "password reset: new password")
    page.fill("input[name=new_password1]", PASSWORD)
    page.fill("input[name=new_password2]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url("**/admin/password_reset/complete/")
    screens.check(page, "password reset: done")


def newcomer_speaking(language: str):
    """A leader who has not set up her authenticator app yet."""
    newcomer = get_user_model().objects.create_user(f"new-{language}", password=PASSWORD)
    newcomer.groups.add(Group.objects.get(name=LEADERS))
    UserProfile.objects.filter(user=newcomer).update(preferred_language=language)
    return newcomer


def second_factor_pages(new_context, site: str, screens: Screens, leader, newcomer) -> None:
    """The code page (her app is set up) and the page for a leader who has no app yet."""
    # Whatever the second step is for someone without an app (the set-up page, or a notice to
    # use her invitation link), it speaks her language too.
    steps = ((leader, r"two-factor/\?next=", "code"), (newcomer, r"two-factor/\S+/", "no app yet"))
    for user, step, label in steps:
        context, _guard = new_context()
        page = context.new_page()
        page.goto(f"{site}/admin/login/")
        page.fill("input[name=username]", user.get_username())
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(re.compile(f".*/admin/{step}.*"))
        screens.check(page, f"second factor: {label}")
        context.close()


def forms_sent_back(page, site: str, screens: Screens) -> None:
    """An empty consent record (refused, with the reasons) and her account, saved."""
    page.goto(f"{site}/admin/snippets/consent/consentrecord/add/")
    page.locator("button.action-save").click()
    page.wait_for_load_state()
    assert page.locator(".help-critical, .error-message").count() > 0
    screens.check(page, "consent record: sent empty")
    page.goto(f"{site}/admin/account/")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/admin/account/")
    assert page.locator(".messages .success").count() == 1
    screens.check(page, "account: saved")


@pytest.mark.parametrize("language", ["gu", "hi"])
def test_every_screen_a_leader_reaches_is_in_her_language_and_fits_her_phone(
    site, new_context, language, capsys
):
    stories_waiting(member("writer", STAFF))
    leader = leader_speaking(language)
    newcomer = newcomer_speaking(language)
    screens = Screens(site)
    screens.content = content_strings()
    context, _guard = new_context()  # a phone: 360 by 740
    page = context.new_page()

    signed_out_pages(page, site, screens, leader, language)
    second_factor_pages(new_context, site, screens, leader, newcomer)
    sign_in_on_her_phone(page, site, leader)
    page.wait_for_url(f"{site}/admin/")
    screens.walk.run(page, "/admin/", screens.content)
    forms_sent_back(page, site, screens)

    with capsys.disabled():
        print(f"\n{language}: {len(screens.walk.visited)} screens: {screens.walk.visited}")
    walked = set(screens.walk.visited)
    for expected in ("/admin/stories-to-review/", "/admin/snippets/consent/consentrecord/"):
        assert expected in walked, f"{expected} not reached from her menu"
    review_screens = [path for path in walked if re.match(r"/admin/stories-to-review/\d+/", path)]
    assert review_screens, "no story's review screen reached from her dashboard"
    assert "/admin/account/" in walked and "/admin/two-factor/recovery-codes/" in walked
    assert not screens.walk.problems, f"in {language}:\n{screens.report()}"
    # Control: the same check does catch an English interface word.
    assert english_words([("text", "Dashboard")], screens.content)
