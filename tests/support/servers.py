"""Real server processes for tests and benchmarks (runserver, gunicorn, varnishd): a free port,
the test database's address for another process, start-and-wait, and a plain GET."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.db import connections

GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
GUNICORN_CONFIG = Path(__file__).resolve().parents[2] / "samvedna" / "gunicorn.conf.py"


def gunicorn_command(port: int, workers: int, *extra: str) -> list[str]:
    """gunicorn as production runs it (samvedna/gunicorn.conf.py) on 127.0.0.1:``port``."""
    return [
        GUNICORN,
        "--config",
        str(GUNICORN_CONFIG),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        # Gunicorn 23+ opens a control socket at one path in the home directory: not shared.
        "--no-control-socket",
        *extra,
    ]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url(name: str) -> str:
    """DATABASE_URL for another process using the database ``name`` (a test's copy)."""
    database = connections["default"].settings_dict
    if connections["default"].vendor == "sqlite":
        return f"sqlite:///{name}"
    password = f":{database['PASSWORD']}" if database["PASSWORD"] else ""
    host = f"{database['HOST'] or 'localhost'}:{database['PORT'] or 5432}"
    return f"postgres://{database['USER']}{password}@{host}/{name}"


def wait_until_listening(
    process: subprocess.Popen, port: int, name: str, seconds: float = 60, log: Path | None = None
) -> None:
    """Returns once ``port`` accepts connections; fails if the process stops or never listens
    (with its log, when there is one)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            detail = log.read_text(errors="replace")[-4000:] if log and log.exists() else ""
            raise AssertionError(f"{name} stopped\n{detail}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise AssertionError(f"{name} never listened on port {port}")


@contextmanager
def started(
    command: list[str], port: int, name: str, *, log: Path | None = None, **popen: Any
) -> Iterator[subprocess.Popen]:
    """``command`` running until the block ends, once it listens on ``port``."""
    process = subprocess.Popen(command, **popen)
    try:
        wait_until_listening(process, port, name, log=log)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    """Status and body of a GET; the timeout only stops a hung server from hanging the suite."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


@contextmanager
def development_server(
    settings_folder: Path, database: str, cache_backend: str, cache_location: str
) -> Iterator[str]:
    """``manage.py runserver`` in a process of its own on the database copy ``database`` with
    the shared cache given (e.g. a Redis of the test's own), DEBUG off; yields its base URL.

    Its settings module is written into ``settings_folder`` (a test's tmp_path)."""
    from django.conf import settings

    module = f"two_process_settings_{settings_folder.name.replace('-', '_')}"
    (settings_folder / f"{module}.py").write_text(
        "from samvedna.settings.dev import *  # noqa\n"
        "DEBUG = False\n"
        f"CACHES = {{'default': {{'BACKEND': {cache_backend!r}, "
        f"'LOCATION': {cache_location!r}}}}}\n"
    )
    port = free_port()
    command = [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": module,
        "PYTHONPATH": f"{settings_folder}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
        "DATABASE_URL": database_url(database),
    }
    with started(
        command,
        port,
        "the development server",
        cwd=Path(settings.BASE_DIR),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    ):
        yield f"http://127.0.0.1:{port}"
