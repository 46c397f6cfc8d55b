"""The demo's own tests: the only ones that load the demo (the rest of the suite builds its own
content, tests/support/site.py).

The demo replaces the tests' site once per module, in a transaction that is rolled back after
the module's last test; each test runs in a savepoint inside it (pytest-django's ``db``), so a
test's changes are undone as usual and loading the demo (several seconds) is not repeated per
test."""

import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="module")
def _demo_for_this_module(django_db_setup, django_db_blocker):
    from wagtail.models import Page

    from home.models import SiteSafetySettings

    with django_db_blocker.unblock():
        module_transaction = transaction.atomic()
        module_transaction.__enter__()
        try:
            SiteSafetySettings.objects.all().delete()
            Page.get_first_root_node().get_children().delete()
            call_command("load_demo", verbosity=0)
            yield
        finally:
            transaction.set_rollback(True)
            module_transaction.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def demo_site(_demo_for_this_module, db):
    """The demo as `make run` loads it on a fresh database, in place of the tests' site."""


@pytest.fixture
def demo_pages(demo_site):
    """The demo pages by (language, slug); the home pages have the slug "home"."""
    from tests.support.helpers import pages_by_language_and_slug

    return pages_by_language_and_slug()
