"""The demo rights guides (fictional where not from the programme's own record), in three languages."""

from wagtail.models import Locale, Page


def build_demo_resources(home: Page, locales: dict[str, Locale]) -> int:
    """Create the demo rights guides under ``home`` and its translations; returns how many pages were created.

    Idempotent: pages that exist already (by language and slug) are left untouched.
    """
    return 0
