"""Readers leave no trace in the logs: no IP address or user agent in any log line.

Requests that make Django log (a 404, a 500 with a traceback, a DisallowedHost, a failed admin
sign-in that django-axes records) come from a distinctive address and browser; neither may appear
in what the configured handlers write, nor in the records other handlers (caplog) receive. Then
gunicorn, run with samvedna/gunicorn.conf.py, is sent a malformed request and a page request
that fails (empty database): its error and access logs name no client either, and its Server
header carries no version.
"""

from __future__ import annotations

import io
import logging
import os
import secrets
import socket
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.contrib.auth import authenticate
from django.http import HttpRequest, HttpResponse
from django.test import override_settings
from django.urls import path

from accounts.otp_secrets import new_key
from samvedna.settings.logs import REDACTED, ForgetClients, forget_clients
from tests.support.servers import free_port, gunicorn_command, started

ROOT = Path(__file__).resolve().parents[2]

ADDRESS = "203.0.113.77"
FORWARDED = "198.51.100.23"
IPV6 = "2001:db8:85a3::8a2e:370:7334"
AGENT = "TraceMeBrowser/9.9 (Reader-Phone-XYZ)"
CLIENT = {
    "REMOTE_ADDR": ADDRESS,
    "HTTP_X_FORWARDED_FOR": f"{FORWARDED}, {IPV6}",
    "HTTP_USER_AGENT": AGENT,
}
TRACES = (ADDRESS, FORWARDED, IPV6, "8a2e:370:7334", AGENT, "TraceMeBrowser", "Reader-Phone")


def failing_view(request: HttpRequest) -> HttpResponse:
    # A careless error message that quotes the client, as third-party code might.
    meta = request.META
    raise RuntimeError(f"boom for {meta['REMOTE_ADDR']} using {meta['HTTP_USER_AGENT']}")


urlpatterns = [path("boom/", failing_view)]


def assert_no_trace(text: str, where: str) -> None:
    for trace in TRACES:
        assert trace not in text, f"{trace!r} in {where}:\n{text}"


@contextmanager
def configured_log_output() -> Iterator[io.StringIO]:
    """What the handlers configured by settings.LOGGING write, in a buffer."""
    handlers = [
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(f, ForgetClients) for f in handler.filters)
    ]
    assert handlers, "settings.LOGGING configured no handler with the ForgetClients filter"
    buffer = io.StringIO()
    previous = [handler.setStream(buffer) for handler in handlers]
    try:
        yield buffer
    finally:
        for handler, stream in zip(handlers, previous, strict=True):
            handler.setStream(stream)


@pytest.fixture
def log_output(caplog) -> Iterator[io.StringIO]:
    caplog.set_level(logging.INFO)
    with configured_log_output() as buffer:
        yield buffer
    records = caplog.get_records("call")
    assert records, "nothing was logged"
    assert_no_trace(caplog.text, "the log records (caplog)")
    for record in records:
        assert_no_trace(record.getMessage(), "a log record's message")
        # No handler may print the request's META (address, user agent).
        assert getattr(record, "request", None) is None, record.getMessage()


@pytest.mark.django_db
def test_a_404_logs_the_path_not_the_reader(client, log_output):
    response = client.get("/en/no-such-page/", **CLIENT)
    assert response.status_code == 404
    output = log_output.getvalue()
    assert "Not Found: /en/no-such-page/" in output
    assert_no_trace(output, "the log")


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_a_500_logs_the_traceback_without_the_reader(client, log_output):
    client.raise_request_exception = False
    response = client.get("/boom/", **CLIENT)
    assert response.status_code == 500
    output = log_output.getvalue()
    assert "Internal Server Error: /boom/" in output
    assert "Traceback" in output and "RuntimeError: boom for" in output
    assert f"boom for {REDACTED} using {REDACTED}" in output
    assert_no_trace(output, "the log")


@pytest.mark.django_db
def test_a_disallowed_host_logs_the_host_not_the_reader(client, log_output):
    response = client.get("/en/", HTTP_HOST="evil.example", **CLIENT)
    assert response.status_code == 400
    output = log_output.getvalue()
    assert_no_trace(output, "the log")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "axes_settings",
    [
        {},  # the project's own (accounts.py)
        # django-axes printing the client in full, as it does when its settings are changed:
        # the log filter still blanks the address (should accounts.py ever change).
        {
            "AXES_VERBOSE": True,
            "AXES_CLIENT_STR_CALLABLE": None,
            "AXES_SENSITIVE_PARAMETERS": [],
        },
    ],
    ids=["project-settings", "axes-verbose"],
)
def test_a_failed_admin_sign_in_logs_no_address_or_browser(
    rf, leader_member, log_output, axes_settings
):
    # django-axes records every failure with the client's details (lockout is by address).
    request = rf.post("/admin/login/", **CLIENT)
    with override_settings(**axes_settings):
        for _ in range(3):
            user = authenticate(request=request, username=leader_member.username, password="wrong")
            assert user is None
    output = log_output.getvalue()
    assert "AXES" in output  # axes did log the failures
    assert_no_trace(output, "the log")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"from {ADDRESS}.", f"from {REDACTED}."),
        (f"ip={IPV6}: bad", f"ip={REDACTED}: bad"),
        ("from ::1 and [::ffff:10.0.0.1]", f"from {REDACTED} and [{REDACTED}]"),
        (f"peer {ADDRESS}:51234 closed", f"peer {REDACTED}:51234 closed"),
        ('{username: "meena", user_agent: "Firefox/1", path_info: "/admin/login/"}', None),
        # Not addresses: kept as they are.
        ("at 12:30:45 on 2026-11-28", "at 12:30:45 on 2026-11-28"),
        ("Django 5.2.19, /en/stories/page-2/", "Django 5.2.19, /en/stories/page-2/"),
        ("took 0.25 s, 3 queries", "took 0.25 s, 3 queries"),
    ],
)
def test_the_filter_blanks_addresses_and_user_agents_only(text, expected):
    result = forget_clients(text)
    if expected is None:
        assert "Firefox" not in result and 'username: "meena"' in result
    else:
        assert result == expected


# --- gunicorn ---------------------------------------------------------------------------------


def exchange(port: int, raw: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(raw)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_gunicorn_logs_no_client_and_sends_no_version(tmp_path):
    port = free_port()
    unset = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(
        DJANGO_SETTINGS_MODULE="samvedna.settings.production",
        SECRET_KEY=secrets.token_urlsafe(60),
        OTP_SECRET_KEYS=new_key(),
        ALLOWED_HOSTS="localhost",
        SECURE_SSL_REDIRECT="false",  # plain HTTP here; the scheme is not what is tested
        # An empty database: a page request fails with a 500 and a traceback, which is wanted.
        DATABASE_URL=f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    log_path = tmp_path / "gunicorn.log"
    command = gunicorn_command(port, 1, "--access-logfile", "-", "--error-logfile", "-")
    with (
        log_path.open("w") as log,
        started(
            command,
            port,
            "gunicorn",
            log=log_path,
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        ),
    ):
        headers = (
            f"User-Agent: {AGENT}\r\nX-Forwarded-For: {ADDRESS}\r\n"
            f"Referer: https://elsewhere.example/{AGENT}\r\nConnection: close\r\n\r\n"
        )
        page_request = f"GET /en/?q=hivtestingnearme HTTP/1.1\r\nHost: localhost\r\n{headers}"
        answers = [
            exchange(port, page_request.encode()),
            exchange(port, f"BROKEN\x00LINE\r\n{headers}".encode()),
        ]

    page, broken = answers
    assert page.startswith(b"HTTP/1.1 500"), page[:200]
    assert broken.startswith(b"HTTP/1.1 400"), broken[:200]
    servers = []
    for answer in answers:
        head = answer.split(b"\r\n\r\n", 1)[0].decode("latin-1")
        servers += [line for line in head.split("\r\n") if line.lower().startswith("server:")]
    # The name without a version (gunicorn's own error page sends no Server header at all).
    assert servers == ["Server: gunicorn"]
    # Even the error pages carry the strict public policy.
    assert b"Content-Security-Policy: " in page and b"default-src 'none'" in page

    output = log_path.read_text()
    assert "Internal Server Error: /en/" in output  # Django's error log, with its traceback
    assert "Invalid request from ip=[redacted]" in output  # gunicorn's own error log
    assert '"GET /en/ HTTP/1.1" 500' in output  # the access log: path without the query
    assert "hivtestingnearme" not in output and "elsewhere.example" not in output
    assert "127.0.0.1" not in output  # the client's address (and our own, redacted alike)
    assert_no_trace(output, "gunicorn's output")
