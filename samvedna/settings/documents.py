"""Documents (downloads): model, allowed extensions, size limits, how they are served.

Imported at the end of base.py, so every environment gets these settings.
"""
