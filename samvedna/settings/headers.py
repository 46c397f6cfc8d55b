"""Security headers: Content-Security-Policy, Permissions-Policy and the other response headers.

Imported at the end of base.py, so every environment gets these settings. Django's own
SecurityMiddleware and XFrameOptionsMiddleware set HSTS, nosniff, the admin's Referrer-Policy,
Cross-Origin-Opener-Policy and X-Frame-Options (base.py, production.py); django-csp sets the
Content-Security-Policy; samvedna/security_headers.py sets the rest and picks the admin's
policies.
"""

from csp.constants import NONE, SELF, UNSAFE_INLINE

__all__ = [
    "ADMIN_PATH_PREFIXES",
    "CONTENT_SECURITY_POLICY",
    "CONTENT_SECURITY_POLICY_ADMIN",
    "CROSS_ORIGIN_RESOURCE_POLICY",
    "PERMISSIONS_POLICY",
    "PERMISSIONS_POLICY_ADMIN",
    "PUBLIC_REFERRER_POLICY",
]

# Everything under these prefixes is the Wagtail admin (the leaders' review screens included):
# it gets the admin's CSP, Permissions-Policy and Referrer-Policy; every other path is public.
ADMIN_PATH_PREFIXES = ("/admin/",)

# Public pages (and feeds, calendars, sitemap, static files; downloads keep the stricter
# "default-src 'none'" Wagtail's document view sets): the site loads only its own stylesheet,
# script, images and voice clips. No inline script or style anywhere, so neither
# 'unsafe-inline' nor 'unsafe-eval'. Fonts, fetch/XHR, frames, plugins, workers and manifests fall
# back to default-src 'none'. production.py adds upgrade-insecure-requests.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "media-src": [SELF],  # voice clips (<audio> in stories)
        "form-action": [SELF],  # search and listing filters (GET forms)
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    }
}

# The Wagtail admin. Measured in Chromium (tests/e2e/test_csp.py; and a crawl of 120 admin
# screens, from the strict public policy upwards): what it needs beyond the public policy, and why.
# - script-src 'unsafe-inline': Wagtail 8's form widgets print inline <script> initialisers
#   (choosers, date pickers: `new ImageChooser("id_og_image", ...)`, different for every
#   field, so no hash can list them), the chooser modals' HTML is run through jQuery, which
#   executes its inline scripts, and the focal-point cropper (Jcrop) sets inline event handlers.
#   Without it no chooser, date picker or modal works. No 'unsafe-eval': nothing needs it.
# - style-src 'unsafe-inline': the rich text editor (Draftail) injects a <style> element
#   generated for the document's list depths (a different hash on every load).
# - img-src blob:: thumbnails of images picked for upload, before they are sent.
# - connect-src 'self': the editor's fetch() calls (autosave, preview, editing sessions).
# - frame-src 'self' / frame-ancestors 'self': the live preview panel is a same-origin iframe.
# Everything else stays as strict as the public policy: the admin can still load or send
# nothing from or to another site.
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "blob:"],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "form-action": [SELF],
        "base-uri": [NONE],
        "frame-ancestors": [SELF],
    }
}

# Public pages: no referrer at all, even to our own pages (base.html also says so in a meta tag).
# The admin keeps SECURE_REFERRER_POLICY ("same-origin", base.py): Chromium sends "Origin: null"
# on POSTs from a no-referrer page and Django's CSRF check refuses every admin form.
PUBLIC_REFERRER_POLICY = "no-referrer"

# Nothing the site serves is meant to be embedded by another site.
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"

# Powerful features, all denied on public pages: a reader's camera, microphone, location,
# sensors, screen, devices, local network, payment and credentials are never asked for, and no
# ad-targeting API runs here (interest-cohort, browsing-topics, private state tokens). Only
# features Chromium recognises are listed: it logs an error for every unknown one on every page
# (the retired ad APIs: attribution-reporting, join-ad-interest-group, run-ad-auction,
# shared-storage; and ambient-light-sensor, bluetooth, web-share); tests/e2e/test_csp.py checks.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "captured-surface-control",
        "clipboard-read",
        "clipboard-write",
        "compute-pressure",
        "cross-origin-isolated",
        "digital-credentials-create",
        "digital-credentials-get",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "gamepad",
        "geolocation",
        "gyroscope",
        "hid",
        "identity-credentials-get",
        "idle-detection",
        "interest-cohort",
        "keyboard-map",
        "local-fonts",
        "local-network",
        "local-network-access",
        "loopback-network",
        "magnetometer",
        "microphone",
        "midi",
        "otp-credentials",
        "payment",
        "picture-in-picture",
        "private-state-token-issuance",
        "private-state-token-redemption",
        "publickey-credentials-create",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "speaker-selection",
        "storage-access",
        "sync-xhr",
        "usb",
        "window-management",
        "xr-spatial-tracking",
    )
}

# The admin: the same, except the clipboard, which Wagtail's "copy" buttons write to.
PERMISSIONS_POLICY_ADMIN: dict[str, list[str]] = {
    **PERMISSIONS_POLICY,
    "clipboard-write": ["self"],
}
