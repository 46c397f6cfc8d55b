"""Settings shared by every environment; per-machine values come from the environment."""

from pathlib import Path

import dj_database_url

from .env import env_int, env_list, env_str

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

SECRET_KEY = env_str("SECRET_KEY")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

INSTALLED_APPS = [
    # Project apps first so their templates and translations win.
    "demo",
    "home",
    "search",
    "stories",
    "events",
    "resources",
    "press",
    "base",
    "consent",
    "moderation",
    "privacy",
    "accounts",
    "editing",
    "caching",
    "backups",  # manage.py backup / restore
    "wagtailmedia",
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "accounts.users_config.UsersConfig",  # wagtail.users, people added by invitation
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Admin accounts (accounts/): TOTP and recovery codes, login lockout.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
]

MIDDLEWARE = [
    "samvedna.health.HealthMiddleware",  # /health/ for the load balancer: before anything else
    "django.middleware.security.SecurityMiddleware",
    "samvedna.security_headers.ContentSecurityPolicyMiddleware",  # django-csp, admin's own policy
    "samvedna.security_headers.SecurityHeadersMiddleware",  # Permissions-Policy, CORP, referrer
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "caching.middleware.CacheControlMiddleware",  # s-maxage for a proxy, same on hit and miss
    "caching.middleware.PageCacheMiddleware",  # anonymous public pages: before sessions, routing
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "samvedna.bad_requests.QueryStringLimitMiddleware",  # too many parameters: the site's 400 page
    "base.sites.CachedSiteMiddleware",  # Wagtail's Site lookup without a query per request
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): second factor done
    "accounts.sign_in_language.SignInLanguageMiddleware",  # admin before sign-in: Gujarati
    "django.contrib.messages.middleware.MessageMiddleware",
    "privacy.upload_notices.UploadNoticeMiddleware",  # what the sanitisers tell the uploader
    # Files of a rolled-back request deleted; a full disk or S3 down: a message, nothing kept.
    "privacy.saved_files.UncommittedFilesMiddleware",
    "accounts.middleware.AdminIdleTimeoutMiddleware",  # admin: signed out after 2 h idle
    "accounts.middleware.TwoFactorMiddleware",  # admin: nothing before the second factor
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "privacy.public_pages.PublicRenderMiddleware",  # files public only on live public pages
    "consent.middleware.ConsentGuardMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into the sign-in page's message
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses sign-ins while locked out
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "samvedna.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "home.context_processors.site_safety",
            ],
        },
    },
]

WSGI_APPLICATION = "samvedna.wsgi.application"

# A SQLite file in the checkout unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        # A kept connection (CONN_MAX_AGE > 0) that died in a database restart is replaced at the
        # next request instead of failing it (samvedna/unavailable.py).
        conn_health_checks=True,
    )
}
# One transaction per request: a refused publish or a failed upload leaves nothing half-saved.
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The editor autosaves every half second while someone types, so saves overlap. SQLite
    # allows one writer at a time; these make overlapping saves queue instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        # Readers never wait for the writer nor the writer for readers. synchronous stays at
        # its default (FULL): a withdrawal of consent must survive a power cut.
        "init_command": "PRAGMA journal_mode=WAL",
        # A request's transaction takes the write lock when it begins. A deferred transaction
        # that read first and writes second fails at once with "database is locked" when
        # another request wrote in between (SQLite cannot make it wait).
        "transaction_mode": "IMMEDIATE",
        # Seconds a transaction waits for the write lock: far longer than a burst of saves.
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages -------------------------------------------------------------------------------
# English is the source language of the demo content; Gujarati and Hindi are full translations.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("gu", "ગુજરાતી"),
    ("hi", "हिन्दी"),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# The sign-in form's password label is translated; the reset e-mail goes out in the language
# of the account it is for.
WAGTAILADMIN_USER_LOGIN_FORM = "accounts.sign_in_language.SignInForm"
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = "accounts.sign_in_language.PasswordResetForm"  # noqa: S105
# locale/: this project's strings, regenerated by `make messages`. locale_admin/: Gujarati and
# Hindi for the Wagtail, Django, django-otp and wagtail-localize strings leaders see (those apps
# ship none or few); kept apart because makemessages would mark them obsolete in locale/.
# Django reads LOCALE_PATHS before the apps' catalogues, the first path first.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_admin"]
# Date formats for Gujarati (Django has none) and additions for Hindi: samvedna/formats/.
FORMAT_MODULE_PATH = ["samvedna.formats"]
# The admin's sign-in pages speak the leaders' language until someone picks another
# (accounts/sign_in_language.py).
ADMIN_SIGN_IN_LANGUAGE = "gu"
TIME_ZONE = "Asia/Kolkata"
USE_I18N = True
USE_TZ = True
# Everyone works in India: no time zone list (hundreds of English place names) in accounts.
WAGTAIL_USER_TIME_ZONES = [TIME_ZONE]

# --- Static files and media ------------------------------------------------------------------
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "static_collected"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    # FileSystemStorage that leaves no partial file when the disk is full, and no file of a
    # rolled-back request (privacy/saved_files.py).
    "default": {"BACKEND": "privacy.saved_files.LocalMediaStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploads above this are refused by the image form with a message, before any processing.
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640

# --- E-mail -------------------------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_str("EMAIL_USE_TLS", "") in {"1", "true", "True", "yes"}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Samvedna site <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Wagtail -----------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Samvedna"
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Images, voice clips and documents: samvedna/settings/media.py.
WAGTAILEMBEDS_FINDERS = []  # no third-party embeds on public pages
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ALLOW_UNICODE_SLUGS = True
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILADMIN_COMMENTS_ENABLED = True
# Editing an approved story sends it through the leaders' approval again.
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
WAGTAIL_FINISH_WORKFLOW_ACTION = "moderation.workflows.publish_approved_revision"

# --- Privacy of readers ---------------------------------------------------------------------
# Sessions exist only for the admin; public pages never touch them (tested).
# Session and CSRF cookie settings: samvedna/settings/accounts.py.
LANGUAGE_COOKIE_NAME = "samvedna_language"  # read if present, never set by public pages
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# The admin's referrer policy: cross-site requests carry no referrer; same-site ones keep the
# Origin header, which the admin's CSRF check needs ("no-referrer" makes Chromium send
# "Origin: null" and every admin form fails). Public pages are stricter:
# samvedna/security_headers.py sends them "Referrer-Policy: no-referrer" (PUBLIC_REFERRER_POLICY in
# settings/headers.py) and base.html repeats it in <meta name="referrer" content="no-referrer">.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}
# The page cache (caching/): None = on only when the default cache is shared between processes
# (Redis with REDIS_URL; LocMemCache is per process, so a withdrawal in one worker would not
# empty another's cache). True or False forces it.
PAGE_CACHE = None


# --- Security and media (one module per concern) --------------------------------------------------
from .accounts import *  # noqa: E402,F403
from .headers import *  # noqa: E402,F403
from .logs import *  # noqa: E402,F403
from .media import *  # noqa: E402,F403
