"""Date formats by language (settings.FORMAT_MODULE_PATH), read before Django's own.

Django has no Gujarati format module, so Gujarati dates would come out in the American order
with English abbreviations ("Dec. 2, 2026"). Day, month name, year, as people write in India.
Times use the 24-hour clock, as Wagtail's own "at 14:05" does: no AM/PM to translate.
"""
