"""Production: everything secret or host-specific comes from the environment."""

from .accounts import DEV_ONLY_OTP_SECRET_KEY, otp_secret_keys
from .base import *  # noqa: F403
from .base import CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_ADMIN, STORAGES
from .env import env_bool, env_list, env_required, env_str

DEBUG = False
SECRET_KEY = env_required("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("The environment variable ALLOWED_HOSTS must be set.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [f"https://{h}" for h in ALLOWED_HOSTS])
# The keys of the TOTP secrets and recovery codes (settings/accounts.py): no default here, and
# never the development key, which is in the source code.
OTP_SECRET_KEYS = otp_secret_keys("OTP_SECRET_KEYS")
if DEV_ONLY_OTP_SECRET_KEY in OTP_SECRET_KEYS:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("OTP_SECRET_KEYS holds the development key: make a new one.")

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 63_072_000  # two years
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# Over HTTPS only, a stray http:// URL (e.g. in an editor's rich text) is fetched over HTTPS
# instead of being blocked or sent in clear.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {**CONTENT_SECURITY_POLICY["DIRECTIVES"], "upgrade-insecure-requests": True}
}
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {**CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"], "upgrade-insecure-requests": True}
}

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Media on S3-compatible storage when a bucket is configured (see storage.py).
from .storage import *  # noqa: E402,F403
from .storage import MEDIA_STORAGES  # noqa: E402

# Private originals and documents ("default") and public renditions and clips ("public_media").
STORAGES.update(MEDIA_STORAGES)

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    # Reads miss and writes do nothing while Redis is unreachable (caching/backends.py); short
    # timeouts so a network cut costs a request half a second, not the TCP timeout.
    CACHES = {
        "default": {
            "BACKEND": "caching.backends.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
# PAGE_CACHE=0 turns the page cache off (diagnosis, tests/bench/test_served_rates.py's uncached
# rows). It cannot force it on: with the per-process default cache a withdrawal would not reach
# the other workers.
if not env_bool("PAGE_CACHE", True):
    PAGE_CACHE = False

# Front-end caches (caching/frontend.py): after every change that can alter a public page, each
# one is emptied at once (a Varnish BAN, Cloudflare's purge_everything, a CloudFront "/*"
# invalidation), before the request that made the change returns; Wagtail's per-page purges go
# to them as well. Public pages tell them to keep a copy up to 10 minutes (s-maxage); without
# any configured here, pages say max-age=0 and no proxy keeps them.
WAGTAILFRONTENDCACHE = {}
# Varnish with deploy/varnish/default.vcl: its address as the application servers reach it,
# e.g. http://127.0.0.1:6081 (they must be in its `purgers` list).
FRONTEND_CACHE_PURGE_URL = env_str("FRONTEND_CACHE_PURGE_URL")
if FRONTEND_CACHE_PURGE_URL:
    WAGTAILFRONTENDCACHE["varnish"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": FRONTEND_CACHE_PURGE_URL,
    }
# Cloudflare: the zone's id and an API token allowed to purge its cache.
CLOUDFLARE_ZONE_ID = env_str("CLOUDFLARE_ZONE_ID")
if CLOUDFLARE_ZONE_ID:
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "ZONEID": CLOUDFLARE_ZONE_ID,
        "BEARER_TOKEN": env_required("CLOUDFLARE_API_TOKEN"),
    }
# CloudFront: the distribution's id; credentials as boto3 finds them (AWS_* variables, a role).
CLOUDFRONT_DISTRIBUTION_ID = env_str("CLOUDFRONT_DISTRIBUTION_ID")
if CLOUDFRONT_DISTRIBUTION_ID:
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": CLOUDFRONT_DISTRIBUTION_ID,
    }
