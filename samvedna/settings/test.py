"""Test settings: SQLite in memory by default, PostgreSQL when DATABASE_URL is set."""

import os

from .base import *  # noqa: F403
from .base import BASE_DIR

SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast, tests only
WAGTAILADMIN_BASE_URL = "http://testserver"
# Each run writes uploads to its own folder so tests can read the stored files back.
MEDIA_ROOT = BASE_DIR / ".test-media" / str(os.getpid())
# The page cache stays off: query-count tests measure rendering. tests/caching turns it on.
PAGE_CACHE = False
