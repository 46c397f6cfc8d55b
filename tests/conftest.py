"""Shared fixtures: the demo site is loaded once per test database and rolled back per test."""

import os
import shutil

import pytest
from django.conf import settings
from django.core.management import call_command

# Benchmarks print figures and take time: `make bench` runs them, the normal suite does not.
collect_ignore = [] if os.environ.get("RUN_BENCHMARKS") else ["bench"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo", verbosity=0)


@pytest.fixture(scope="session", autouse=True)
def _clean_test_media():
    yield
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture
def demo_pages(db):
    """The demo pages by (language, slug); the home pages have the slug "home"."""
    from wagtail.models import Page

    pages = {}
    for page in Page.objects.filter(depth__gte=2).select_related("locale").specific():
        slug = "home" if page.depth == 2 else page.slug
        pages[(page.locale.language_code, slug)] = page
    return pages


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
