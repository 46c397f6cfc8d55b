"""A leader reviews stories on her phone, in Gujarati; axe finds nothing on any screen.

The whole admin page is checked, Wagtail's own menus and header included."""

import re
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.admin.models import EditingSession
from wagtail.models import Page, Workflow

from consent.models import IdentifyingDetailOverride
from moderation.groups import LEADERS, STAFF
from moderation.models import LeaderApproval
from tests.accounts.test_two_factor import next_code
from tests.support.story_factories import make_consent, make_story, waiting_for_leaders_approval

from .test_accessibility import describe

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TWO_FACTOR_STEP = re.compile(r".*/admin/two-factor/\?next=.*")

PASSWORD = "a-long-password-for-tests-1"
APPROVE_GU = "મંજૂર કરો"  # "Approve" in the Gujarati catalogue
APPROVED_WAITING_GU = "તમે મંજૂર કર્યું. હજી 1 આગેવાનની મંજૂરીની રાહ છે."
YOU_APPROVED_GU = "તમે આ વાર્તા મંજૂર કરી છે. હજી 1 આગેવાનની મંજૂરીની રાહ છે."
NOTHING_WAITING_GU = "તમારા માટે કંઈ બાકી નથી. આભાર!"  # "Nothing is waiting for you. Thank you!"
SEND_BACK_GU = "પાછું મોકલો"  # "Send back"
SENT_BACK_GU = "પાછું મોકલ્યું. લખનાર તમારી ટિપ્પણી વાંચશે."
EVENT_PUBLISHED_GU = "કાર્યક્રમ પ્રકાશિત થઈ ગયો."  # "The event is published."
OPEN_REVIEW_GU = "તપાસવાની વાર્તાઓ ખોલો"  # "Open stories to review"
ALLOW_GU = "ચિહ્નિત વિગતોને મંજૂરી આપો"  # "Allow the marked details"


def member(username: str, group: str):
    user = get_user_model().objects.create_user(username, password=PASSWORD)
    user.groups.add(Group.objects.get(name=group))
    # Her authenticator app, set up at her first sign-in (tests/e2e/test_two_factor.py).
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user


def sign_in_on_her_phone(page, site: str, user, next_path: str = "") -> None:
    """The real sign-in: password, then the six digits her authenticator app shows."""
    query = f"?next={next_path}" if next_path else ""
    page.goto(f"{site}/admin/login/{query}")
    page.fill("input[name=username]", user.get_username())
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(TWO_FACTOR_STEP)
    page.fill("input[name=code]", next_code(TOTPDevice.objects.get(user=user)))
    page.click("form.two-factor__form button[type=submit]")


def assert_fits_the_phone(page):
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"horizontal scroll of {overflow}px at 360px"


def assert_no_axe_violations(axe, page, where):
    violations = axe.run(page).response["violations"]
    assert not violations, f"axe-core violations on {where}:\n{describe(violations)}"


def test_a_leader_approves_on_her_phone_in_gujarati(site, new_context):
    author = member("writer", STAFF)
    confirming = member("leader-one", LEADERS)
    leader = member("leader-two", LEADERS)  # no preferred language: Gujarati
    story = waiting_for_leaders_approval(author, confirming, title="Phone review story")

    context, _guard = new_context()
    page = context.new_page()
    # She logs in through the real login form and her code, as on her phone, and lands on
    # the dashboard.
    sign_in_on_her_phone(page, site, leader)
    page.wait_for_url(f"{site}/admin/")
    assert page.locator("html").get_attribute("lang") == "gu"
    assert "1 વાર્તા તમારી રાહ જુએ છે." in page.content()  # the panel, in Gujarati
    panel = page.locator("section[aria-labelledby=stories-waiting-heading]")
    assert panel.get_by_role("link", name="Phone review story").is_visible()
    open_all = page.get_by_role("link", name=OPEN_REVIEW_GU)
    assert open_all.is_visible()
    assert open_all.bounding_box()["height"] >= 44
    axe = Axe()
    assert_no_axe_violations(axe, page, "the dashboard")

    open_all.click()
    page.wait_for_url("**/admin/stories-to-review/")
    link = page.get_by_role("link", name="Phone review story")
    assert link.is_visible()
    assert link.bounding_box()["height"] >= 44
    assert_fits_the_phone(page)
    assert_no_axe_violations(axe, page, "the list")

    link.click()
    page.wait_for_url("**/stories-to-review/*/")
    button = page.get_by_role("button", name=APPROVE_GU)
    assert button.is_visible()
    box = button.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44
    assert_fits_the_phone(page)
    assert_no_axe_violations(axe, page, "the review screen")

    button.click()
    page.wait_for_url(f"{site}/admin/stories-to-review/")
    state = Page.objects.get(pk=story.pk).specific.current_workflow_task_state
    assert LeaderApproval.objects.filter(task_state=state, user=leader).exists()
    assert LeaderApproval.objects.filter(task_state=state).count() == 1
    assert not Page.objects.get(pk=story.pk).live  # one more leader must approve
    # "Approved by you. Waiting for 1 more leader.", and the story has left her list.
    assert page.get_by_text(APPROVED_WAITING_GU).is_visible()
    assert page.get_by_role("link", name="Phone review story").count() == 0
    assert page.get_by_text(NOTHING_WAITING_GU).is_visible()
    assert_fits_the_phone(page)
    # Opened again (from her e-mail, say), the screen says she approved and offers no Approve.
    page.goto(f"{site}/admin/stories-to-review/{state.pk}/")
    assert page.get_by_text(YOU_APPROVED_GU).is_visible()
    assert page.get_by_role("button", name=APPROVE_GU).count() == 0


def test_a_leader_sends_a_story_back_and_the_author_reads_why(site, new_context):
    author = member("writer", STAFF)
    leader = member("leader-one", LEADERS)
    leader.first_name, leader.last_name = "Kanta", "Ben"  # her display name
    leader.email = "leader-one@example.org"
    leader.save()
    mail.outbox.clear()
    story = make_story(make_consent(), title="Story to send back")
    story.save_revision(user=author)
    Workflow.objects.get(name="Story approval").start(story, author)

    # She taps the link in her e-mail, signed out: sign-in, code, then that story's screen.
    [email] = [message for message in mail.outbox if message.to == [leader.email]]
    link = re.search(r"https?://\S+", email.body).group(0)
    path = urlsplit(link).path
    context, _guard = new_context()
    page = context.new_page()
    page.goto(site + path)
    assert urlsplit(page.url).path == "/admin/login/"
    assert parse_qs(urlsplit(page.url).query) == {"next": [path]}
    sign_in_on_her_phone(page, site, leader, path)
    page.wait_for_url(site + path)

    page.fill("textarea[name=reject-comment]", "Please leave out the name of her village.")
    page.get_by_role("button", name=SEND_BACK_GU).click()
    page.wait_for_url(f"{site}/admin/stories-to-review/")
    assert page.get_by_text(SENT_BACK_GU).is_visible()
    assert page.get_by_role("link", name="Story to send back").count() == 0
    assert_fits_the_phone(page)

    # The author signs in on her own phone and opens the story's edit screen.
    author_context, _guard = new_context()
    author_page = author_context.new_page()
    edit = f"/admin/pages/{story.pk}/edit/"
    sign_in_on_her_phone(author_page, site, author, edit)
    author_page.wait_for_url(site + edit)
    note = author_page.locator(".messages .send-back-comment")
    assert note.is_visible()
    assert "Kanta Ben wrote on" in note.inner_text()
    assert "Please leave out the name of her village." in note.inner_text()
    form = author_page.locator("#page-edit-form")
    assert note.bounding_box()["y"] < form.bounding_box()["y"]  # at the top
    # Closing the editor releases its editing session (a beacon): let that reach the server
    # inside the test, not while the next test's database is being set up.
    author_page.close()
    wait_until(lambda: not EditingSession.objects.filter(user=author).exists())


def wait_until(condition, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_a_leader_allows_a_marked_detail_on_her_phone(site, new_context):
    author = member("writer", STAFF)
    leader = member("leader-one", LEADERS)
    body = [{"type": "paragraph", "value": "<p>Her helpline is 98765 43210, she says.</p>"}]
    story = make_story(make_consent(), title="Story with a number", body=body)
    story.save_revision(user=author)
    Workflow.objects.get(name="Story approval").start(story, author)
    state = Page.objects.get(pk=story.pk).specific.current_workflow_task_state

    context, _guard = new_context()
    page = context.new_page()
    sign_in_on_her_phone(page, site, leader, f"/admin/stories-to-review/{state.pk}/")
    page.wait_for_url(f"**/admin/stories-to-review/{state.pk}/")
    mark = page.locator("mark.review-mark")
    assert mark.first.inner_text() == "98765 43210"
    assert_fits_the_phone(page)
    axe = Axe()
    assert_no_axe_violations(axe, page, "the review screen with a warning")

    page.locator("details.review-allow summary").click()
    page.fill("textarea[name=allow-reason]", "She wants readers to call her helpline.")
    assert_no_axe_violations(axe, page, "the open allow form")
    page.get_by_role("button", name=ALLOW_GU).click()
    page.wait_for_url(f"**/admin/stories-to-review/{state.pk}/")
    assert page.locator("mark.review-mark").count() == 0
    assert IdentifyingDetailOverride.objects.filter(translation_key=story.translation_key).exists()


def test_a_leader_checks_an_event_on_her_phone(site, new_context):
    from tests.support.event_factories import add_event, site_index

    author = member("writer", STAFF)
    leader = member("leader-one", LEADERS)
    event = add_event(
        site_index("gu"),
        "બચત જૂથની બેઠક",
        live=False,
        slug="savings-group-meeting",
        announcement="બધી બહેનો માટે બચત વિશેની બેઠક.",
        guests="બેંકના એક અધિકારી",
    )
    event.save_revision(user=author)
    Workflow.objects.get(name="Leader review").start(event, author)

    context, _guard = new_context()
    page = context.new_page()
    sign_in_on_her_phone(page, site, leader, "/admin/stories-to-review/")
    page.wait_for_url(f"{site}/admin/stories-to-review/")
    page.get_by_role("link", name="બચત જૂથની બેઠક").click()
    page.wait_for_url("**/stories-to-review/*/")
    assert page.locator("article[lang=gu] h2").inner_text() == "બચત જૂથની બેઠક"
    assert page.get_by_text("બેંકના એક અધિકારી").is_visible()
    assert_fits_the_phone(page)
    assert_no_axe_violations(Axe(), page, "the event review screen")

    page.get_by_role("button", name=APPROVE_GU).click()
    page.wait_for_url(f"{site}/admin/stories-to-review/")
    assert page.get_by_text(EVENT_PUBLISHED_GU).is_visible()
    assert Page.objects.get(pk=event.pk).live
