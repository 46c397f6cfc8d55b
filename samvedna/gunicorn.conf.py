"""gunicorn settings for production: ``gunicorn -c samvedna/gunicorn.conf.py``.

Readers leave no trace, in the web server's logs too:
- the access log format has no client address (%(h)s), user agent (%(a)s), referrer (%(f)s),
  remote user (%(u)s) or query string (%(r)s, %(q)s: search terms); access logging itself stays
  off unless asked for (``--access-logfile -``);
- gunicorn's error log names the client on malformed requests ("Invalid request from ip=..."):
  ``PrivateLogger`` passes every line through the filter the application's logs use
  (samvedna/settings/logs.py).

gunicorn's ``Server`` header is the bare name "gunicorn", without a version number.
"""

from __future__ import annotations

from typing import Any

from gunicorn.glogging import Logger

from samvedna.settings.logs import ForgetClients

wsgi_app = "samvedna.wsgi:application"

# Time, method, path without the query string, protocol, status, bytes, duration.
access_log_format = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'


class PrivateLogger(Logger):
    """gunicorn's logger with client addresses and user agents blanked from every line."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            if not any(isinstance(f, ForgetClients) for f in log.filters):
                log.addFilter(ForgetClients())


logger_class = PrivateLogger
