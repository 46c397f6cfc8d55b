"""The mail server refuses: the actions that send e-mail still complete, the failure is logged
by kind and count without anyone's address, name or the story's title, and site
administrators see "N notifications could not be sent" on the dashboard (base/mail.py).

A real SMTP server runs on a local port (a small socket server in this module): it answers
the greeting with 421 or 554, or takes the greeting and refuses each recipient with 550,
repeating the address as real servers do. The site's EMAIL_HOST/EMAIL_PORT point at it.
"""

import datetime
import logging
import socketserver
import threading
from collections.abc import Iterator

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Page, TaskState

from accounts.models import Invitation
from moderation.groups import LEADERS
from moderation.models import LeadersApproveTask
from tests.moderation.test_notifications import edit_form_data
from tests.support import people
from tests.support.story_factories import make_consent, make_story

pytestmark = pytest.mark.django_db

TITLE = "Qzvmailtitle"
STORYTELLER = "Member Kxqmailteller"
CONFIRM = {"action": "approve", "approve-heard_final_text": "on", "approve-consent_covers_it": "on"}
PANEL = "could not be sent in the last 7 days"


class RefusingSMTP(socketserver.StreamRequestHandler):
    """One SMTP conversation: refused at the greeting, or at every recipient."""

    def handle(self) -> None:
        self.server.conversations += 1
        if self.server.greeting != 220:
            self.wfile.write(f"{self.server.greeting} 4.3.2 Service not available\r\n".encode())
            return
        self.wfile.write(b"220 refusing.test ESMTP\r\n")
        for line in self.rfile:
            verb = line[:4].upper()
            if verb in (b"EHLO", b"HELO"):
                self.wfile.write(b"250 refusing.test\r\n")
            elif verb in (b"MAIL", b"RSET", b"NOOP"):
                self.wfile.write(b"250 OK\r\n")
            elif verb == b"RCPT":
                # Real servers repeat the address in the refusal: it must not reach the log.
                address = line.decode().split(":", 1)[1].strip()
                self.wfile.write(f"550 5.1.1 {address}: mailbox unavailable\r\n".encode())
            elif verb == b"QUIT":
                self.wfile.write(b"221 Bye\r\n")
                return
            else:
                self.wfile.write(b"503 Bad sequence\r\n")


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    conversations = 0
    greeting = 220


@pytest.fixture(params=[421, 554, 550], ids=["greeting-421", "greeting-554", "recipient-550"])
def refusing_mail_server(request, settings) -> Iterator[Server]:
    server = Server(("127.0.0.1", 0), RefusingSMTP)
    server.greeting = 220 if request.param == 550 else request.param
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.server_address[1]
    settings.EMAIL_TIMEOUT = 10
    settings.EMAIL_USE_TLS = False
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def log(caplog):
    caplog.set_level(logging.INFO)
    return caplog


def assert_nothing_personal(text: str, *users) -> None:
    assert "@" not in text, text  # no address, of anyone
    for secret in (TITLE, STORYTELLER):
        assert secret not in text
    for user in users:
        for value in (user.username, user.first_name, user.last_name):
            if value:
                assert value not in text, text


def warnings_text(log) -> str:
    """Every warning or error logged, with its traceback (Wagtail's INFO lines name pages)."""
    return "\n".join(log.handler.format(r) for r in log.records if r.levelno >= logging.WARNING)


def mail_warnings(log) -> list[str]:
    return [r.getMessage() for r in log.records if r.name == "samvedna.mail"]


def dashboard(client) -> str:
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return response.content.decode()


def current_task(story):
    return Page.objects.get(pk=story.pk).specific.current_workflow_task_state


def test_submit_and_the_leaders_decisions_complete_when_the_mail_server_refuses(
    client, refusing_mail_server, log, django_capture_on_commit_callbacks
):
    writer = people.staff("writer", language="en", first_name="Wqxwriter")
    leaders = [
        people.leader(f"leader-{n}", language="en", first_name=f"Lqxleader{n}") for n in (1, 2)
    ]
    story = make_story(make_consent(storyteller=STORYTELLER), title=TITLE)
    story.save_revision(user=writer)

    # The staff member submits the story for the leaders' review through the editor.
    client.force_login(writer)
    url = reverse("wagtailadmin_pages:edit", args=[story.pk])
    data = edit_form_data(client, story, **{"action-submit": "Submit"})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    state = current_task(story)
    assert state is not None and state.status == TaskState.STATUS_IN_PROGRESS
    assert refusing_mail_server.conversations >= 1  # the real server was asked, and refused
    assert mail_warnings(log)[0].startswith("2 review request notification e-mail(s) could not")

    # A leader confirms the consent step: the story moves on to the leaders' approval.
    client.force_login(leaders[0])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("moderation_review", args=[state.pk]), CONFIRM)
    assert response.status_code == 302
    assert isinstance(current_task(story).task.specific, LeadersApproveTask)

    # The other leader sends it back: the writer's notice cannot go either.
    client.force_login(leaders[1])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("moderation_review", args=[current_task(story).pk]),
            {"action": "reject", "reject-comment": "Leave out the village."},
        )
    assert response.status_code == 302
    assert Page.objects.get(pk=story.pk).specific.current_workflow_state.status == "needs_changes"

    warnings = mail_warnings(log)
    assert any(w.startswith("1 send-back notice notification") for w in warnings), warnings
    assert_nothing_personal(warnings_text(log), writer, *leaders)

    # Site administrators see it on the dashboard; staff and leaders do not.
    administrator = people.administrator("admin-person", language="en")
    client.force_login(administrator)
    html = dashboard(client)
    total = sum(int(w.split()[0]) for w in warnings)
    assert f"{total} notifications {PANEL}" in html
    assert_nothing_personal(html.split(PANEL)[1].split("</section>")[0])
    for person in (writer, leaders[0]):
        client.force_login(person)
        assert PANEL not in dashboard(client)


def test_the_daily_consent_job_finishes_when_the_mail_server_refuses(refusing_mail_server, log):
    leader = people.leader("leader", language="en", first_name="Lqxleader")
    soon = datetime.date.today() + datetime.timedelta(days=10)
    make_consent(storyteller=STORYTELLER, review_by=soon)
    call_command("review_consents")  # raised SMTPConnectError / SMTPRecipientsRefused before
    assert mail_warnings(log)[0].startswith("1 consent reminder notification e-mail(s)")
    assert_nothing_personal(warnings_text(log), leader)


def test_an_invitation_is_not_half_made_and_the_log_names_nobody(client, refusing_mail_server, log):
    client.force_login(people.administrator("admin-person", language="en"))
    response = client.post(
        "/admin/users/new/",
        {"first_name": "Meenaqx", "email": "meena@example.org", "group": LEADERS, "language": ""},
    )
    assert response.status_code == 200
    assert "could not be sent, so nobody was added" in response.content.decode()
    assert not get_user_model().objects.filter(email="meena@example.org").exists()
    assert not Invitation.objects.exists()
    assert mail_warnings(log)[0].startswith("1 invitation notification e-mail(s)")
    log_text = warnings_text(log)
    assert "meena" not in log_text.lower() and "@" not in log_text
