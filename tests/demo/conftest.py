"""The demo's own tests: the only ones that load the demo (the rest of the suite builds its own
content, tests/support/site.py)."""

import pytest
from django.core.management import call_command


@pytest.fixture(autouse=True)
def demo_site(db):
    """The demo loaded in place of the tests' site, as `make run` loads it on a fresh database
    (rolled back after the test like everything else)."""
    from wagtail.models import Page

    from home.models import SiteSafetySettings

    SiteSafetySettings.objects.all().delete()
    Page.get_first_root_node().get_children().delete()
    call_command("load_demo", verbosity=0)


@pytest.fixture
def demo_pages(demo_site):
    """The demo pages by (language, slug); the home pages have the slug "home"."""
    from tests.support.helpers import pages_by_language_and_slug

    return pages_by_language_and_slug()
