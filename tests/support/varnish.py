"""A Varnish of the test's own (Debian's varnishd) with deploy/varnish/default.vcl, and a gunicorn
behind it: real processes, as on a fresh machine.

Run as root (CI), varnishd runs its cache process as the unprivileged ``vcache`` user, which must
be able to read its working directory: pytest's tmp_path is under a 0700 directory, so Varnish
gets a directory of its own under the system's temporary directory, readable by all.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

from tests.support.servers import GUNICORN, started

VCL = Path(settings.BASE_DIR) / "deploy" / "varnish" / "default.vcl"
BACKEND_LINE = '.host = "127.0.0.1"; .port = "8000";'


def vcl_for_backend(port: int) -> str:
    """The shipped VCL with only the backend's port changed (the line an operator edits)."""
    text = VCL.read_text()
    assert text.count(BACKEND_LINE) == 1, "the backend line of default.vcl changed"
    return text.replace(BACKEND_LINE, f'.host = "127.0.0.1"; .port = "{port}";')


@contextmanager
def varnish(backend_port: int, port: int) -> Iterator[str]:
    """varnishd on 127.0.0.1:``port`` in front of ``backend_port``; yields its base URL."""
    binary = shutil.which("varnishd") or "/usr/sbin/varnishd"
    if not Path(binary).exists():
        raise RuntimeError("varnishd is not installed (Debian package varnish)")
    directory = Path(tempfile.mkdtemp(prefix="varnish-test-"))
    directory.chmod(0o755)
    vcl = directory / "default.vcl"
    vcl.write_text(vcl_for_backend(backend_port))
    vcl.chmod(0o644)
    command = [
        binary,
        "-F",
        "-n",
        str(directory / "work"),
        "-a",
        f"127.0.0.1:{port}",
        "-T",
        "127.0.0.1:0",
        "-f",
        str(vcl),
        "-s",
        "malloc,32m",
    ]
    try:
        with started(
            command, port, "varnishd", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        ):
            yield f"http://127.0.0.1:{port}"
    finally:
        shutil.rmtree(directory, ignore_errors=True)


@contextmanager
def gunicorn(
    port: int, settings_module: str, pythonpath: Path, env: dict[str, str]
) -> Iterator[Path]:
    """One sync gunicorn worker on 127.0.0.1:``port`` with the settings module found in
    ``pythonpath``; yields its access log's path (its errors go to gunicorn-error.log there)."""
    access_log = pythonpath / "gunicorn-access.log"
    error_log = pythonpath / "gunicorn-error.log"
    command = [
        GUNICORN,
        "samvedna.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
        "--access-logfile",
        str(access_log),
        # Gunicorn 23+ opens a control socket at one path in the home directory: not shared.
        "--no-control-socket",
    ]
    environment = {
        **os.environ,
        **env,
        "DJANGO_SETTINGS_MODULE": settings_module,
        "PYTHONPATH": f"{pythonpath}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
    }
    with (
        error_log.open("wb") as errors,
        started(
            command,
            port,
            "gunicorn",
            log=error_log,
            cwd=settings.BASE_DIR,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=errors,
        ),
    ):
        yield access_log
