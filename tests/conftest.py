"""Shared fixtures: every test database starts with the tests' own small site
(tests/support/site.py), rolled back per test; only tests/demo/ loads the demo."""

import os
import shutil

import pytest
from django.conf import settings

# Benchmarks and the soak run print figures and take minutes: `make bench` and `make soak` run
# them, the normal suite does not.
collect_ignore = [] if os.environ.get("RUN_BENCHMARKS") else ["bench", "soak"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from django.db import connection

    from tests.support.site import build_site

    with django_db_blocker.unblock():
        # The migrated rows (root page, groups, workflows), for transactional tests that find
        # the database flushed by an earlier one (``migrated_rows_again``).
        connection._migrated_rows = connection.creation.serialize_db_to_string()
        build_site()


@pytest.fixture
def migrated_rows_again(transactional_db):
    """A transactional test that ran earlier in this process flushed the database, and with it
    what the migrations made (the root page, groups, permissions, workflows): put those rows
    back (only into an emptied database: on top of the tests' site they would collide)."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connection
    from wagtail.models import Page

    if not Page.objects.exists():
        # Content types and permissions came back with other ids after the flush: empty the
        # tables once more without recreating them, then restore the migrated ids. Wagtail's
        # Task.__init__ looks its content type up while the rows are restored: a warm cache
        # keeps that lookup from inserting the row the snapshot is about to insert (as
        # tests/e2e/conftest.py does).
        from django.apps import apps

        ContentType.objects.get_for_models(*apps.get_models(), for_concrete_models=False)
        call_command(
            "flush",
            interactive=False,
            inhibit_post_migrate=True,
            reset_sequences=False,
            verbosity=0,
        )
        connection.creation.deserialize_db_from_string(connection._migrated_rows)
        ContentType.objects.clear_cache()


@pytest.fixture(scope="session")
def test_database_copy(django_db_setup, django_db_blocker, tmp_path_factory):
    """The test database copied once (tests/support/database_files.py): a file path or a
    database name."""
    from tests.support.database_files import copy_test_database, drop_database_copy

    with django_db_blocker.unblock():
        name = copy_test_database(tmp_path_factory.mktemp("database"))
    yield name
    with django_db_blocker.unblock():
        drop_database_copy(name)


@pytest.fixture
def database_copy(test_database_copy, tmp_path):
    """This test's own copy of the test database, used as the default database meanwhile."""
    from tests.support.database_files import database_copy_in_use

    with database_copy_in_use(test_database_copy, tmp_path) as name:
        yield name


@pytest.fixture
def pages_of_each_kind(db):
    """A published story, event and guide in each language, added to the site for this test
    (tests/support/site.py): for suites that visit every kind of page."""
    from tests.support.site import add_one_page_of_each_kind

    return add_one_page_of_each_kind()


@pytest.fixture(scope="class")
def _pages_of_each_kind_for_class(django_db_setup, django_db_blocker):
    """``pages_of_each_kind`` built once for a test class, in a transaction rolled back after
    its last test (each test runs in a savepoint inside it, as tests/demo/conftest.py does): for
    parametrized tests that visit every page, where building the pages per test dominated the
    suite's time."""
    from django.db import transaction

    from tests.support.site import add_one_page_of_each_kind

    with django_db_blocker.unblock():
        class_transaction = transaction.atomic()
        class_transaction.__enter__()
        try:
            yield add_one_page_of_each_kind()
        finally:
            transaction.set_rollback(True)
            class_transaction.__exit__(None, None, None)


@pytest.fixture
def pages_of_each_kind_for_class(_pages_of_each_kind_for_class, db):
    return _pages_of_each_kind_for_class


@pytest.fixture(scope="session", autouse=True)
def _clean_test_media():
    yield
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture
def site_pages(db):
    """The site's pages by (language, slug); the home pages have the slug "home"."""
    from tests.support.helpers import pages_by_language_and_slug

    return pages_by_language_and_slug()


@pytest.fixture(autouse=True)
def _empty_cache():
    # The cache is not rolled back with the database: start every test from an empty one.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english_outside_requests():
    # LocaleMiddleware leaves the last request's language active on the thread; tests that
    # read messages outside a request expect the default language.
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


# --- The people who use the admin (tests/support/people.py): group members, never superusers ---
# A test of a staff member's, leader's or administrator's action signs in as one of these.
# Each *_client is its own Client (like pytest-django's admin_client), signed in with the
# second factor done (the shortcut below). Their admin language is English so that tests can
# read the admin's messages; a test about a leader's Gujarati screens makes its own leader.


@pytest.fixture
def staff_member(db):
    """A member of "KMVS staff": writes pages, uploads photos, voice clips and documents."""
    from tests.support import people

    return people.staff(language="en")


@pytest.fixture
def leader_member(db):
    """A member of "Samvedna leaders": confirms consent, approves, withdraws, allows details."""
    from tests.support import people

    return people.leader(language="en")


@pytest.fixture
def administrator_member(db):
    """A member of "Site administrators": settings, publishing non-story pages, any upload."""
    from tests.support import people

    return people.administrator(language="en")


def _signed_in_client(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def staff_client(staff_member):
    return _signed_in_client(staff_member)


@pytest.fixture
def leader_client(leader_member):
    return _signed_in_client(leader_member)


@pytest.fixture
def administrator_client(administrator_member):
    return _signed_in_client(administrator_member)


# --- Test-only shortcut: force_login counts as a completed second factor ----------------------
# The admin needs a TOTP code after the password (accounts/middleware.py). Most admin tests are
# about something else and log in with client.force_login() or the *_client fixtures above;
# for them, force_login also gives the user a confirmed TOTP device and marks the session as
# verified, as accounts.views.verify does after a right code. THIS IS A TEST SHORTCUT ONLY,
# never used by the site. Tests of the second factor itself sign in through the real forms
# (client.post to /admin/login/ and the code pages), or carry @pytest.mark.real_two_factor to
# make force_login a plain, password-only login again.

REAL_TWO_FACTOR = "real_two_factor"


def pytest_configure(config):
    config.addinivalue_line(
        "markers", f"{REAL_TWO_FACTOR}: force_login leaves the session without a second factor"
    )
    config.addinivalue_line(
        "markers",
        'database_engine(vendor): about one database engine\'s storage ("sqlite", '
        '"postgresql"); selected only when the suite runs on that engine',
    )


def verify_session_for_tests(client, user) -> None:
    """Give ``user`` a confirmed TOTP device and mark the client's session as verified."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test shortcut", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


@pytest.fixture(autouse=True)
def _force_login_passes_the_second_factor(request, monkeypatch):
    if request.node.get_closest_marker(REAL_TWO_FACTOR):
        return
    from django.test.client import ClientMixin

    password_only_login = ClientMixin.force_login

    def force_login(self, user, backend=None):
        password_only_login(self, user, backend)
        verify_session_for_tests(self, user)

    monkeypatch.setattr(ClientMixin, "force_login", force_login)


def pytest_collection_modifyitems(config, items):
    # Tests of one engine's storage run where the suite runs on that engine (not skipped:
    # deselected, as `-m` would).
    engine = settings.DATABASES["default"]["ENGINE"]
    other_engine = [
        item
        for item in items
        if (marker := item.get_closest_marker("database_engine"))
        and not engine.endswith(f".{marker.args[0]}")
    ]
    if other_engine:
        config.hook.pytest_deselected(items=other_engine)
        items[:] = [item for item in items if item not in other_engine]
    for item in items:
        if item.get_closest_marker("e2e"):
            # With pytest-xdist (`-n 2 --dist loadgroup`), the browser tests run one after the
            # other in one worker: they share one Chromium and one live server and restore the
            # same database snapshot (tests/e2e/conftest.py).
            item.add_marker(pytest.mark.xdist_group("browser"))
