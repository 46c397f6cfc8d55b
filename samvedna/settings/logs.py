"""Logging: what the application writes about requests (never readers' addresses).

Imported at the end of base.py.
"""

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    # django.server logs request lines with visitors' addresses: keep it quiet outside dev.
    "loggers": {
        "django": {"handlers": ["console"], "level": "WARNING"},
        "django.server": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}
