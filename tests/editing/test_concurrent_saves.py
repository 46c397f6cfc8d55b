"""Overlapping saves in the page editor (issue 11): the editor autosaves every half second while
someone types, so an autosave and a press of Save (or two people saving one page) reach the
server together. Neither may get an error page, no second (orphan) draft may appear, and the text
typed last is what the page keeps.

The overlapping requests run in threads against a copy of the test database that they really
share: a SQLite file (an in-memory database cannot show SQLite's locking), or a clone of the
PostgreSQL test database. The first request is held inside its transaction, after its save,
until the second has reached its view (or for HOLD seconds if the database makes the second wait
before that), so the two truly overlap.
"""

import json
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from copy import deepcopy
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection, connections, transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from wagtail import hooks
from wagtail.models import Page

from editing.new_pages import NEW_PAGE_KEY
from home.models import HomePage, StandardPage
from moderation.groups import STAFF
from tests.support.helpers import form_data

pytestmark = pytest.mark.django_db

ON_SQLITE = connection.vendor == "sqlite"
HOLD = 0.5  # seconds the first request waits inside its transaction for the second
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


# --- A copy of the test database shared by threads --------------------------------------------


@pytest.fixture(scope="module")
def database_copy(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[dict]:
    """Settings of a copy of the test database (demo content included), made once per module."""
    with django_db_blocker.unblock():
        if ON_SQLITE:
            path = tmp_path_factory.mktemp("concurrent") / "db.sqlite3"
            connection.ensure_connection()
            target = sqlite3.connect(path)
            connection.connection.backup(target)
            target.close()
            yield {**connection.settings_dict, "NAME": str(path)}
        else:
            suffix = "concurrent_saves"
            connection.creation.clone_test_db(suffix=suffix, verbosity=0)
            yield connection.creation.get_test_db_clone_settings(suffix)
            connection.creation.destroy_test_db(verbosity=0, suffix=suffix)


@pytest.fixture
def threads_share_the_copy(database_copy) -> Iterator[None]:
    """New threads open their connections to the copy; this thread keeps the test database."""
    original = connections.settings["default"]
    connections.settings["default"] = database_copy
    yield
    connections.settings["default"] = original


def in_threads(*jobs: Callable[[], Any], names: tuple[str, ...] = ()) -> list[Any]:
    """Run each job in its own thread (named after ``names``); return results in order."""
    results: list[Any] = [None] * len(jobs)
    errors: list[BaseException] = []

    def run(index: int, job: Callable[[], Any]) -> None:
        try:
            results[index] = job()
        except BaseException as exc:  # re-raised in the test's thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(i, job), name=names[i] if names else f"job-{i}")
        for i, job in enumerate(jobs)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a save never finished"
    if errors:
        raise errors[0]
    return results


def on_copy(job: Callable[[], Any]) -> Any:
    return in_threads(job)[0]


@contextmanager
def first_held_inside_its_transaction() -> Iterator[threading.Event]:
    """The thread named "first" waits after its save, inside its transaction, until the thread
    named "second" reaches a page view. Yields the event set once "first" is held there."""
    first_inside = threading.Event()
    second_inside = threading.Event()

    def hold(request, page):
        if threading.current_thread().name == "first":
            first_inside.set()
            second_inside.wait(HOLD)

    def arrived(request, *args):
        if threading.current_thread().name == "second":
            second_inside.set()

    with hooks.register_temporarily(
        [
            ("after_create_page", hold),
            ("after_edit_page", hold),
            ("before_create_page", arrived),
            ("before_edit_page", arrived),
        ]
    ):
        yield first_inside


def overlapping(first: Callable[[], Any], second: Callable[[], Any]) -> tuple[Any, Any]:
    with first_held_inside_its_transaction() as first_inside:

        def second_once_first_is_inside():
            assert first_inside.wait(10), "the first request never reached its save"
            return second()

        return tuple(in_threads(first, second_once_first_is_inside, names=("first", "second")))


# --- The editor's form, as the browser sends it ------------------------------------------------


def editor_form(client: Client, url: str) -> dict[str, str]:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    fields = form_data(response.content, "page-edit-form")
    assert fields, "no page editor form on the page"
    # Wagtail's JS builds the StreamField's inputs; an empty body sends just its count.
    return {**fields, "body-count": "0"}


def typed(form: dict[str, str], **fields: str) -> dict[str, str]:
    return {**form, **fields}


def autosave(client: Client, url: str, data: dict[str, str]) -> HttpResponse:
    """The request Wagtail's autosave sends: the form's FormData, asking for JSON."""
    return client.post(
        url,
        data,
        HTTP_ACCEPT="application/json",
        HTTP_X_CSRFTOKEN=data.get("csrfmiddlewaretoken", ""),
    )


def save(client: Client, url: str, data: dict[str, str]) -> HttpResponse:
    """The "Save draft" button: a plain form submission."""
    return client.post(url, data, HTTP_ACCEPT=BROWSER_ACCEPT)


# --- People and pages --------------------------------------------------------------------------


def staff_member(username: str) -> User:
    user = User.objects.create_user(username, f"{username}@example.org", "x")
    user.groups.add(Group.objects.get(name=STAFF))
    return user


def signed_in(user: User) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)  # also completes the second factor (tests/conftest.py)
    return client


def same_browser(client: Client) -> Client:
    """A second client sharing the first one's session: another request from the same tab."""
    other = Client(raise_request_exception=False)
    other.cookies = deepcopy(client.cookies)
    return other


def english_home() -> HomePage:
    return HomePage.objects.get(locale__language_code="en")


def create_url(parent: Page) -> str:
    return reverse("wagtailadmin_pages:add", args=["home", "standardpage", parent.pk])


def edit_url(page_id: int) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page_id])


def new_page_fields(label: str, intro: str) -> dict[str, str]:
    return {"title": f"Meeting notes {label}", "slug": f"meeting-notes-{label}", "intro": intro}


def pages_titled(parent: Page, label: str) -> list[StandardPage]:
    return list(StandardPage.objects.child_of(parent).filter(draft_title=f"Meeting notes {label}"))


def latest_intro(page: Page) -> str:
    """The text of the page's newest draft, read afresh from the database."""
    return StandardPage.objects.get(pk=page.pk).get_latest_revision_as_object().intro


def no_error_page(*responses: HttpResponse) -> None:
    for response in responses:
        assert response.status_code < 500, response.content[:3000]


# --- The settings are in force ------------------------------------------------------------------


@pytest.mark.skipif(not ON_SQLITE, reason="SQLite's own settings; PostgreSQL has its test below")
def test_sqlite_file_runs_in_wal_mode_with_busy_timeout_and_immediate_transactions(
    threads_share_the_copy,
):
    def check():
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            journal_mode = cursor.fetchone()[0]
            cursor.execute("PRAGMA busy_timeout")
            busy_timeout_ms = cursor.fetchone()[0]
        # A transaction that has only read already holds the write lock: BEGIN IMMEDIATE.
        other = sqlite3.connect(connection.settings_dict["NAME"], timeout=0)
        try:
            with transaction.atomic():
                Page.objects.count()
                try:
                    other.execute("BEGIN IMMEDIATE")
                    other.execute("ROLLBACK")
                    writer_kept_out = False
                except sqlite3.OperationalError as exc:
                    writer_kept_out = "locked" in str(exc)
        finally:
            other.close()
        return journal_mode, busy_timeout_ms, writer_kept_out

    journal_mode, busy_timeout_ms, writer_kept_out = on_copy(check)
    assert journal_mode == "wal"
    assert busy_timeout_ms == 20_000
    assert writer_kept_out, "an atomic block does not start with BEGIN IMMEDIATE"


@pytest.mark.skipif(ON_SQLITE, reason="checks the PostgreSQL connection; SQLite's is above")
def test_postgresql_connection_has_none_of_the_sqlite_options():
    options = connection.settings_dict.get("OPTIONS", {})
    assert not {"init_command", "transaction_mode", "timeout"} & set(options)


# --- Overlapping saves ---------------------------------------------------------------------------


def test_two_people_saving_one_page_at_once_both_succeed_and_the_last_save_wins(
    threads_share_the_copy,
):
    label = uuid.uuid4().hex[:8]

    def setup():
        asha, meena = staff_member(f"asha-{label}"), staff_member(f"meena-{label}")
        home = english_home()
        clients = signed_in(asha), signed_in(meena)
        form = editor_form(clients[0], create_url(home))
        response = save(clients[0], create_url(home), typed(form, **new_page_fields(label, "")))
        assert response.status_code == 302, response.content[:3000]
        (page,) = pages_titled(home, label)
        forms = [editor_form(client, edit_url(page.pk)) for client in clients]
        return home, page, clients, forms

    home, page, (asha, meena), (asha_form, meena_form) = on_copy(setup)
    first, second = overlapping(
        lambda: save(asha, edit_url(page.pk), typed(asha_form, intro="Asha's notes")),
        lambda: save(meena, edit_url(page.pk), typed(meena_form, intro="Meena's notes")),
    )

    no_error_page(first, second)
    assert (first.status_code, second.status_code) == (302, 302)
    pages = on_copy(lambda: pages_titled(home, label))
    assert len(pages) == 1
    assert on_copy(lambda: latest_intro(pages[0])) == "Meena's notes"


@pytest.mark.parametrize("first_request", ["autosave", "save"])
def test_autosave_and_save_together_on_a_new_page_make_one_page_with_the_saved_text(
    threads_share_the_copy, first_request
):
    label = uuid.uuid4().hex[:8]

    def setup():
        client = signed_in(staff_member(f"staff-{label}"))
        home = english_home()
        return home, client, editor_form(client, create_url(home))

    home, client, form = on_copy(setup)
    url = create_url(home)
    # The autosave carries what had been typed half a second earlier; Save carries all of it.
    autosaving = lambda: autosave(client, url, typed(form, **new_page_fields(label, "We met")))  # noqa: E731
    saving = lambda: save(  # noqa: E731
        same_browser(client), url, typed(form, **new_page_fields(label, "We met and agreed"))
    )
    if first_request == "autosave":
        autosaved, saved = overlapping(autosaving, saving)
    else:
        saved, autosaved = overlapping(saving, autosaving)

    no_error_page(autosaved, saved)
    pages = on_copy(lambda: pages_titled(home, label))
    assert len(pages) == 1, "an orphan draft was left behind"
    (page,) = pages
    assert saved.status_code == 302 and saved["Location"].startswith(edit_url(page.pk))
    answer = json.loads(autosaved.content)
    if first_request == "autosave":
        assert answer["success"] and answer["pk"] == page.pk
    else:  # too late: refused the way Wagtail refuses an outdated autosave, not with an error
        assert (answer["success"], answer["error_code"]) == (False, "invalid_revision")
    assert on_copy(lambda: latest_intro(page)) == "We met and agreed"


@pytest.mark.parametrize("first_request", ["autosave", "save"])
def test_autosave_and_save_together_on_an_existing_page_keep_the_saved_text(
    threads_share_the_copy, first_request
):
    label = uuid.uuid4().hex[:8]

    def setup():
        client = signed_in(staff_member(f"staff-{label}"))
        home = english_home()
        form = editor_form(client, create_url(home))
        response = save(client, create_url(home), typed(form, **new_page_fields(label, "")))
        assert response.status_code == 302, response.content[:3000]
        (page,) = pages_titled(home, label)
        return home, page, client, editor_form(client, edit_url(page.pk))

    home, page, client, form = on_copy(setup)
    url = edit_url(page.pk)
    autosaving = lambda: autosave(client, url, typed(form, intro="We met"))  # noqa: E731
    saving = lambda: save(same_browser(client), url, typed(form, intro="We met and agreed"))  # noqa: E731
    if first_request == "autosave":
        autosaved, saved = overlapping(autosaving, saving)
    else:
        saved, autosaved = overlapping(saving, autosaving)

    no_error_page(autosaved, saved)
    assert saved.status_code == 302
    assert autosaved["Content-Type"] == "application/json"
    assert len(on_copy(lambda: pages_titled(home, label))) == 1
    assert on_copy(lambda: latest_intro(page)) == "We met and agreed"


# --- One create form, one page (no threads needed) -----------------------------------------------


def test_save_from_the_create_form_after_its_autosave_updates_the_autosaved_page(client):
    client.force_login(staff_member("staff-sequential"))
    home = english_home()
    form = editor_form(client, create_url(home))
    assert form[NEW_PAGE_KEY]

    autosaved = autosave(client, create_url(home), typed(form, **new_page_fields("seq", "We met")))
    assert autosaved.status_code == 200 and json.loads(autosaved.content)["success"]
    saved = save(client, create_url(home), typed(form, **new_page_fields("seq", "We met again")))

    (page,) = pages_titled(home, "seq")
    assert saved.status_code == 302 and saved["Location"].startswith(edit_url(page.pk))
    assert latest_intro(page) == "We met again"


def test_each_create_form_makes_its_own_page(client):
    client.force_login(staff_member("staff-two-forms"))
    home = english_home()
    for label in ("one", "two"):
        form = editor_form(client, create_url(home))
        save(client, create_url(home), typed(form, **new_page_fields(label, "")))
        assert len(pages_titled(home, label)) == 1


def test_a_create_form_carrying_someone_elses_page_key_makes_a_new_page(client):
    home = english_home()
    owner = signed_in(staff_member("staff-owner"))
    form = editor_form(owner, create_url(home))
    save(owner, create_url(home), typed(form, **new_page_fields("owned", "Hers")))
    (hers,) = pages_titled(home, "owned")

    client.force_login(staff_member("staff-other"))
    other_form = editor_form(client, create_url(home))
    response = save(
        client,
        create_url(home),
        typed(other_form, **new_page_fields("other", "Mine"), **{NEW_PAGE_KEY: form[NEW_PAGE_KEY]}),
    )

    assert response.status_code == 302
    (mine,) = pages_titled(home, "other")
    assert mine.pk != hers.pk and mine.translation_key != hers.translation_key
    assert latest_intro(hers) == "Hers"
