"""Security headers: Content-Security-Policy, Permissions-Policy and the other response headers.

Imported at the end of base.py, so every environment gets these settings.
"""
