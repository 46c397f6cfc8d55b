"""Saves of the same page, or of new pages under the same parent, take turns.

On SQLite, BEGIN IMMEDIATE (samvedna/settings/base.py) already makes whole requests take turns.
On PostgreSQL two requests overlap: each view reads the page's state first and writes later, so
without a row lock the later one decides on what it read before the earlier one committed.
The lock lasts until the request's transaction ends (ATOMIC_REQUESTS).
"""

from django.db import transaction
from wagtail.models import Page


def _locked(page: Page):
    return Page.objects.select_for_update().filter(pk=page.pk)


def _in_request_transaction() -> bool:
    return transaction.get_connection().in_atomic_block


def wait_for_other_creations(parent_page: Page) -> None:
    """Wait for other creations under ``parent_page``, so this one sees the pages they made
    and its new page does not take the same place in the tree."""
    if _in_request_transaction():
        # The tree code places the new page from numchild, which was read before the lock.
        parent_page.numchild = _locked(parent_page).values_list("numchild", flat=True).get()


def saved_meanwhile(page: Page) -> bool:
    """Wait for other saves of ``page``; say whether one made a newer revision than the one
    the view read before waiting (``page`` as the edit view loaded it)."""
    if not _in_request_transaction():
        return False
    latest = _locked(page).values_list("latest_revision_id", flat=True).get()
    return latest != page.latest_revision_id
