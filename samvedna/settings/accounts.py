"""Admin accounts: two-factor authentication, lockout, sessions and passwords.

Imported at the end of base.py, so every environment gets these settings.
"""
