"""A copy of the test database that a test uses as the site's database, committing for real.

For tests about what the database keeps on disk (SQLite's file and WAL, PostgreSQL's pages) or a
real server process. ``copy_test_database`` (the session fixture ``test_database_copy`` in
conftest.py calls it before any test opens its transaction: SQLite's backup cannot read a
database that another transaction is writing, PostgreSQL cannot copy a database in use) makes
the template once per test process; ``database_copy`` (a fixture) gives each test its own copy
and points the default connection at it meanwhile.
"""

import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import connections


def copy_test_database(directory: Path) -> str:
    """Copy the migrated test database (demo site included); returns the copy's NAME."""
    test_database = connections["default"]
    if test_database.vendor == "sqlite":
        path = directory / "template.sqlite3"
        test_database.ensure_connection()
        copy = sqlite3.connect(path)
        try:
            test_database.connection.backup(copy)
        finally:
            copy.close()
        return str(path)
    name = f"{test_database.settings_dict['NAME']}_copy"
    test_database.close()  # a database in use cannot be a template
    _create_from_template(name, test_database.settings_dict["NAME"])
    return name


def drop_database_copy(name: str) -> None:
    if connections["default"].vendor != "sqlite":
        with connections["default"]._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


def _create_from_template(name: str, template: str) -> None:
    with connections["default"]._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')


@contextmanager
def database_copy_in_use(template: str, directory: Path) -> Iterator[str]:
    """A fresh copy of ``template`` used as the default database meanwhile; yields its NAME."""
    test_database = connections["default"]
    if test_database.vendor == "sqlite":
        name = str(directory / "db.sqlite3")
        shutil.copyfile(template, name)
    else:
        name = f"{template}_{directory.name}"[:63]
        _create_from_template(name, template)
    in_the_copy = test_database.__class__(
        {**test_database.settings_dict, "NAME": name}, alias="default"
    )
    connections["default"] = in_the_copy
    try:
        yield name
    finally:
        in_the_copy.close()
        connections["default"] = test_database
        if test_database.vendor != "sqlite":
            drop_database_copy(name)
