"""Logging: what the application writes about requests (never readers' addresses).

Imported at the end of base.py (only LOGGING; samvedna/gunicorn.conf.py imports the filter).

Readers leave no trace, so no log line may hold a visitor's IP address or user agent:
- the one handler, on the root logger, carries ``ForgetClients``: it blanks IP addresses (v4
  and v6), the user agent and forwarded addresses of the request a record is about, and a
  ``user_agent: "..."`` field (django-axes' format), in messages and tracebacks alike; and it
  drops the request object from the record (an error e-mail or error tracker would print its
  headers);
- django.request ("Not Found: /path", "Internal Server Error: /path" with a traceback) and
  django.security (DisallowedHost, SuspiciousOperation) then say what happened, not to whom;
- axes (failed sign-ins, lockouts): accounts.py already keeps the client out of its lines; the
  filter is the second line of defence;
- django.server (runserver, development only) logs request lines: errors only;
- no "mail_admins" handler: Django's error e-mails carry the request's headers and address.

Access logs are written by the web server, not Django; their formats must leave addresses, user
agents, referrers and query strings (search terms) out. gunicorn (samvedna/gunicorn.conf.py
sets it):

    access_log_format = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'

nginx in front of it:

    log_format private '$time_iso8601 "$request_method $uri $server_protocol" '
                       '$status $body_bytes_sent $request_time';
    access_log /var/log/nginx/samvedna.access.log private;
    error_log /var/log/nginx/samvedna.error.log crit;  # nginx's error lines name the client

gunicorn's own error log ("Invalid request from ip=...") goes through the same filter
(``PrivateLogger`` in samvedna/gunicorn.conf.py).
"""

from __future__ import annotations

import ipaddress
import logging
import re

__all__ = ["LOGGING"]

REDACTED = "[redacted]"

# Candidate tokens: anything made of hex digits, dots and colons that could be an address.
_ADDRESS_CANDIDATE = re.compile(r"[0-9A-Fa-f:.]*[:.][0-9A-Fa-f:.]*")
_AXES_USER_AGENT = re.compile(r"""(user_agent["']?\s*[:=]\s*)(["'])(.*?)\2""")


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _forget_address(match: re.Match[str]) -> str:
    token = match.group(0)
    # The token may carry punctuation: "ip=203.0.113.7:" or "from 203.0.113.7." ("::1" may not
    # lose its colons).
    for core in (token, token.rstrip(".:"), token.strip(".:")):
        if core and _is_address(core):
            return token.replace(core, REDACTED, 1)
    host, _, port = token.strip(".:").rpartition(":")
    if "." in host and port.isdigit() and _is_address(host):  # 203.0.113.7:51234
        return token.replace(host, REDACTED)
    return token  # a time (12:30:45), a version (5.2.1), a path: not an address


def forget_clients(text: str, extra_secrets: tuple[str, ...] = ()) -> str:
    """``text`` with IP addresses, axes' user_agent field and the given strings blanked."""
    for secret in extra_secrets:
        if secret:
            text = text.replace(secret, REDACTED)
    text = _AXES_USER_AGENT.sub(lambda m: f"{m.group(1)}{m.group(2)}{REDACTED}{m.group(2)}", text)
    return _ADDRESS_CANDIDATE.sub(_forget_address, text)


class ForgetClients(logging.Filter):
    """Blanks who made a request from a log record, keeping what happened (path, status)."""

    def filter(self, record: logging.LogRecord) -> bool:
        secrets: tuple[str, ...] = ()
        request = getattr(record, "request", None)
        meta = getattr(request, "META", None)
        if isinstance(meta, dict):
            secrets = tuple(
                str(meta[key])
                for key in ("HTTP_USER_AGENT", "REMOTE_ADDR", "HTTP_X_FORWARDED_FOR")
                if meta.get(key)
            )
        if request is not None:
            record.request = None  # no handler may print its META (address, user agent)
        record.msg = forget_clients(record.getMessage(), secrets)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = forget_clients(record.exc_text, secrets)
        return True


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"forget_clients": {"()": ForgetClients}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["forget_clients"]},
    },
    # One handler, on the root logger: every record passes its filter, whichever logger made it.
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        # Declared without handlers: this drops Django's defaults (console in DEBUG, mail_admins)
        # and sends their records to the root handler.
        "django": {"level": "WARNING", "propagate": True},
        # Request lines of the development server: errors only (never used in production).
        "django.server": {"level": "ERROR", "propagate": True},
        "axes": {"level": "WARNING", "propagate": True},
    },
}
