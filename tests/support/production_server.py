"""The site as production serves it, for benchmarks and the soak run: the production settings
with throwaway secrets, gunicorn with the project's configuration, the demo as content, a page of
each kind to load, each worker's memory."""

from __future__ import annotations

import fcntl
import os
import re
import secrets
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connections

from accounts.otp_secrets import new_key
from tests.support.servers import free_port, gunicorn_command, started

ROOT = Path(settings.BASE_DIR)
HOST = "localhost"


def production_environment(database_url: str, redis_url: str | None = None) -> dict[str, str]:
    """The production settings with throwaway values; nothing from the caller's environment but
    the basics (pytest's DJANGO_SETTINGS_MODULE must not leak in)."""
    keep = {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR"}
    env = {name: value for name, value in os.environ.items() if name in keep}
    env.update(
        DJANGO_SETTINGS_MODULE="samvedna.settings.production",
        SECRET_KEY=secrets.token_urlsafe(60),
        OTP_SECRET_KEYS=new_key(),
        ALLOWED_HOSTS=HOST,
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(settings.MEDIA_ROOT),  # where load_demo put the demo's images
        WAGTAILADMIN_BASE_URL=f"https://{HOST}",
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def get(port: int, path: str) -> tuple[int, str]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"Host": HOST, "X-Forwarded-Proto": "https"}
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


@contextmanager
def gunicorn(
    env: dict[str, str], log: Path, workers: int = 2
) -> Iterator[tuple[int, subprocess.Popen]]:
    """gunicorn with the project's configuration and ``workers`` sync workers; yields its port
    and process once it answers."""
    port = free_port()
    command = gunicorn_command(port, workers, "--error-logfile", "-")
    with (
        log.open("w") as output,
        started(
            command,
            port,
            "gunicorn",
            log=log,
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        ) as server,
    ):
        yield port, server


def worker_memory(server: subprocess.Popen) -> list[float]:
    """Each gunicorn worker's resident memory, MB (the master's children, from /proc)."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    sizes = []
    for child in children:
        status = Path(f"/proc/{child}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024)
    return sorted(sizes)


def load_the_demo() -> None:
    """The demo in place of the tests' own site (as tests/demo/conftest.py does)."""
    from wagtail.models import Page

    from home.models import SiteSafetySettings

    SiteSafetySettings.objects.all().delete()
    Page.get_first_root_node().get_children().delete()
    call_command("load_demo", verbosity=0)


def page_urls(word: str) -> dict[str, str]:
    """A page of each kind, in English, from the database (search for ``word``)."""
    from wagtail.models import Locale

    from events.models import EventPage
    from resources.models import ResourcePage
    from stories.models import StoryIndexPage, StoryPage

    english = Locale.objects.get(language_code="en")

    def first(model) -> str:
        return model.objects.live().public().filter(locale=english).order_by("pk").first().url

    index = first(StoryIndexPage)
    return {
        "home": "/en/",
        "story": first(StoryPage),
        "story index": index,
        "event": first(EventPage),
        "guide": first(ResourcePage),
        "search": f"/en/search/?q={word}",
        "sitemap": "/sitemap.xml",  # an index of parts once the site has over 1,000 pages
        "sitemap part": "/sitemap.xml?p=1",
        "story feed": f"{index}feed/",
    }


def collect_static(env: dict[str, str]) -> None:
    """The production static files (hashed names, WhiteNoise's manifest) in STATIC_ROOT.

    One collection at a time across the test processes (pytest-xdist workers): two at once
    delete and compress each other's files."""
    lock = Path(tempfile.gettempdir()) / f"samvedna-collectstatic-{os.getuid()}.lock"
    with lock.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=ROOT,
            env=env,
            check=True,
        )


def machine() -> str:
    cpu = re.search(r"model name\s*:\s*(.*)", Path("/proc/cpuinfo").read_text())
    load_average = Path("/proc/loadavg").read_text().split()[:3]
    database = connections["default"].vendor
    return (
        f"{os.cpu_count()} cores, {cpu.group(1) if cpu else 'unknown CPU'}; "
        f"load average {' '.join(load_average)}; {database}"
    )
