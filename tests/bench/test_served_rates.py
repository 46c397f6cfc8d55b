"""Benchmark: pages served by gunicorn with the production settings, uncached and from the page
cache, side by side with a static file from the same server (issue 16, item 5).

Run with `make bench` (or `RUN_BENCHMARKS=1 pytest tests/bench/test_served_rates.py -s`). Prints
one table per number of extra stories; asserts only that every page answered 200 (a benchmark of
error pages measures nothing), nothing about time (machines differ).

What runs:
- the demo (``load_demo``) in a real copy of the test database (SQLite by default, PostgreSQL when
  DATABASE_URL is set), plus 5 and 500 extra published stories (5,000 with
  ``BENCH_MANY_STORIES=1``: adding them and serving the slow pages takes several minutes);
- two gunicorns with the production settings and 2 sync workers each, sharing that database and a
  Redis server of the benchmark's own (``REDIS_URL``): one with the page cache on (the production
  default with Redis), one with ``PAGE_CACHE=0``. Only one is loaded at a time;
- ``wrk`` (Debian package wrk), one thread and 8 connections for ``BENCH_SECONDS`` (default 2)
  per URL and mode, in ``BENCH_ROUNDS`` (default 2) interleaved rounds so that drift in the
  machine's load affects every row alike. Requests carry ``X-Forwarded-Proto: https``, as behind
  the TLS proxy production has, so HTTPS redirects and HSTS behave as there.

The table: requests per second (mean of the rounds), p50 and p99 latency (mean of the rounds'
percentiles), the ratio to the static file's rate, failed requests (non-2xx/3xx answers and
socket errors, timeouts included) and one request's time with the server idle ("alone"). A page
that takes over ``SLOW_MS`` alone is not loaded: 8 connections would only queue behind it, and
the requests wrk leaves queued would slow the next rows (after each row the benchmark waits for
them anyway). Search with words is never cached (caching/middleware.py), so its "cached" row
measures the same work as the uncached one. After the load: each worker's resident memory (from
/proc) and Redis's memory per cached page.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connections

from accounts.otp_secrets import new_key
from tests.support.many_stories import DEFAULT_WORD, add_published_stories
from tests.support.servers import database_url, free_port, gunicorn_command, started

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
HOST = "localhost"
SECONDS = int(os.environ.get("BENCH_SECONDS", "2"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "2"))
CONNECTIONS = 8
MANY = os.environ.get("BENCH_MANY_STORIES", "") not in ("", "0")
# Extra published stories on top of the demo, cumulative: each run adds the difference.
STORY_COUNTS = (5, 500, 5000) if MANY else (5, 500)
# The extra stories' common word: search for it matches every one of them.
WORD = DEFAULT_WORD
MODES = ("uncached", "cached")
SLOW_MS = 1000


@dataclass
class Figures:
    rates: list[float] = field(default_factory=list)
    p50: list[float] = field(default_factory=list)  # milliseconds
    p99: list[float] = field(default_factory=list)
    failed: int = 0

    def add(self, other: Figures) -> None:
        self.rates += other.rates
        self.p50 += other.p50
        self.p99 += other.p99
        self.failed += other.failed

    @property
    def rate(self) -> float:
        return sum(self.rates) / len(self.rates)


# --- wrk ------------------------------------------------------------------------------------

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _milliseconds(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS[unit]


def parse_wrk(output: str) -> Figures:
    """Requests/s, the 50 % and 99 % latencies and the failures from ``wrk --latency``."""
    figures = Figures()
    figures.rates.append(float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)))
    figures.p50.append(_milliseconds(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1)))
    figures.p99.append(_milliseconds(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1)))
    if found := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        figures.failed += int(found.group(1))
    if found := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    ):
        # A sync worker closes the connection after each answer; wrk counts none of that as a
        # read error unless the answer was cut short.
        figures.failed += sum(int(n) for n in found.groups())
    return figures


def load(port: int, path: str) -> Figures:
    completed = subprocess.run(
        [
            "wrk",
            "--threads",
            "1",
            "--connections",
            str(CONNECTIONS),
            "--duration",
            f"{SECONDS}s",
            "--timeout",
            "10s",
            "--latency",
            "--header",
            f"Host: {HOST}",
            "--header",
            "X-Forwarded-Proto: https",
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return parse_wrk(completed.stdout)


# --- Servers ----------------------------------------------------------------------------------


def production_environment(database_url: str, redis_url: str) -> dict[str, str]:
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
        REDIS_URL=redis_url,
        WAGTAILADMIN_BASE_URL=f"https://{HOST}",
    )
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
def gunicorn(env: dict[str, str], log: Path) -> Iterator[tuple[int, subprocess.Popen]]:
    """gunicorn with the project's configuration and 2 sync workers; yields its port and
    process once it answers."""
    port = free_port()
    command = gunicorn_command(port, 2, "--error-logfile", "-")
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


# --- Content ----------------------------------------------------------------------------------


def load_the_demo() -> None:
    """The demo in place of the tests' own site (as tests/demo/conftest.py does)."""
    from wagtail.models import Page

    from home.models import SiteSafetySettings

    SiteSafetySettings.objects.all().delete()
    Page.get_first_root_node().get_children().delete()
    call_command("load_demo", verbosity=0)


def urls_to_time() -> dict[str, str]:
    """A page of each kind, in English, from the database."""
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
        "search": f"/en/search/?q={WORD}",
        "sitemap": "/sitemap.xml",  # an index of parts once the site has over 1,000 pages
        "sitemap part": "/sitemap.xml?p=1",
        "story feed": f"{index}feed/",
    }


def collect_static(env: dict[str, str]) -> None:
    """The production static files (hashed names, WhiteNoise's manifest) in STATIC_ROOT."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


# --- The benchmark ----------------------------------------------------------------------------


def machine() -> str:
    cpu = re.search(r"model name\s*:\s*(.*)", Path("/proc/cpuinfo").read_text())
    load_average = Path("/proc/loadavg").read_text().split()[:3]
    database = connections["default"].vendor
    return (
        f"{os.cpu_count()} cores, {cpu.group(1) if cpu else 'unknown CPU'}; "
        f"load average {' '.join(load_average)}; {database}"
    )


def warm_up(ports: dict[str, int], urls: dict[str, str]) -> dict[tuple[str, str], float]:
    """Each page twice from each server (workers import lazily, renditions are made on first
    view, the cache fills); returns the second request's time alone, in ms (a hit, cached).
    Every page must answer 200, or the figures would time an error page."""
    alone = {}
    for _round in range(2):
        for name, path in urls.items():
            for mode, port in ports.items():
                began = time.perf_counter()
                status, _body = get(port, path)
                alone[(name, mode)] = (time.perf_counter() - began) * 1000
                assert status == 200, f"{name} {path} ({mode}) answered {status}"
    return alone


def drained(port: int, static: str) -> None:
    """Waits until the requests wrk left queued in gunicorn are answered (a sync worker still
    serves a request whose client has gone), so they do not slow the next row down."""
    get(port, static)


def run_level(
    stories: int, env: dict[str, str], redis_client, urls: dict[str, str], tmp_path: Path
) -> None:
    redis_client.flushall()
    before = redis_client.info("memory")["used_memory"]
    uncached_env = {**env, "PAGE_CACHE": "0"}
    with (
        gunicorn(uncached_env, tmp_path / f"uncached-{stories}.log") as (port_off, server_off),
        gunicorn(env, tmp_path / f"cached-{stories}.log") as (port_on, server_on),
    ):
        ports = {"uncached": port_off, "cached": port_on}
        alone = warm_up(ports, urls)
        home = get(port_on, "/en/")[1]
        static = re.search(r'href="(/static/css/site\.[0-9a-f]+\.css)"', home).group(1)
        assert get(port_on, static)[0] == 200

        figures: dict[tuple[str, str], Figures] = {}
        rows = [("static file", "cached", static)] + [
            (name, mode, path) for name, path in urls.items() for mode in MODES
        ]
        for _round in range(ROUNDS):
            for name, mode, path in rows:
                if alone.get((name, mode), 0) > SLOW_MS:
                    continue  # under load it would only queue (see the table's note)
                port = ports[mode]
                figures.setdefault((name, mode), Figures()).add(load(port, path))
                drained(port, static)
        memory = {"uncached": worker_memory(server_off), "cached": worker_memory(server_on)}

    print_table(stories, rows, figures, alone)
    print(
        "worker memory after the load (RSS, MB): "
        + "; ".join(f"{mode} " + ", ".join(f"{mb:.0f}" for mb in memory[mode]) for mode in MODES)
    )
    print_redis_memory(redis_client, before)


def print_redis_memory(redis_client, before: int) -> None:
    keys = redis_client.keys("*pagecache:page:*")
    if not keys:
        print("Redis: no cached page (the page cache did not store anything)")
        return
    used = redis_client.info("memory")["used_memory"] - before
    sizes = [redis_client.memory_usage(key) or 0 for key in keys]
    print(
        f"Redis: {len(keys)} cached pages, used_memory +{used / 1024:.0f} KB "
        f"({used / len(keys) / 1024:.1f} KB per page; MEMORY USAGE per page: mean "
        f"{sum(sizes) / len(sizes) / 1024:.1f} KB, largest {max(sizes) / 1024:.1f} KB)"
    )


def print_table(
    stories: int,
    rows: list[tuple[str, str, str]],
    figures: dict[tuple[str, str], Figures],
    alone: dict[tuple[str, str], float],
) -> None:
    ceiling = figures[("static file", "cached")].rate
    print(
        f"\n== demo + {stories} extra stories: gunicorn, production settings, 2 sync workers; "
        f"wrk 1 thread, {CONNECTIONS} connections, {SECONDS} s x {ROUNDS} rounds =="
    )
    print(
        f"{'URL':48s} {'mode':8s} {'req/s':>8s} {'p50 ms':>8s} {'p99 ms':>8s} "
        f"{'/static':>7s} {'failed':>6s} {'alone ms':>8s}"
    )
    for name, mode, path in rows:
        label = f"{name} {path}"[:48]
        single = alone.get((name, mode))
        single_text = f"{single:8.1f}" if single is not None else f"{'':8s}"
        found = figures.get((name, mode))
        if found is None:
            print(
                f"{label:48s} {mode:8s} {'not loaded: one request alone takes':>47s} {single_text}"
            )
            continue
        print(
            f"{label:48s} {mode:8s} {found.rate:8.1f} "
            f"{sum(found.p50) / len(found.p50):8.1f} {sum(found.p99) / len(found.p99):8.1f} "
            f"{found.rate / ceiling:7.3f} {found.failed:6d} {single_text}"
        )
    print_targets(figures, ceiling)
    print(
        f"(alone: one request with the server idle, the second of the warm-up: a hit when cached; "
        f"pages over {SLOW_MS} ms alone are not loaded, since {CONNECTIONS} connections would "
        f"only queue behind them)"
    )


def print_targets(figures: dict[tuple[str, str], Figures], ceiling: float) -> None:
    """The issue's targets: cached pages at least half the static file's rate (search with words
    is never cached); an uncached story about 50 pages/s per process (2 workers here)."""
    cached = {
        name: found.rate / ceiling
        for (name, mode), found in figures.items()
        if mode == "cached" and name not in ("static file", "search")
    }
    if cached:
        slowest = min(cached, key=cached.get)
        verdict = "met" if cached[slowest] >= 0.5 else "NOT met"
        print(f"target cached >= 0.5x static: {verdict} (lowest {slowest}, {cached[slowest]:.2f}x)")
    if story := figures.get(("story", "uncached")):
        print(f"uncached story: {story.rate / 2:.1f} pages/s per worker (target: about 50)")


def test_served_rates(database_copy, tmp_path):
    if shutil.which("wrk") is None:
        message = "wrk is not installed (Debian package wrk; .ci/run installs it): not measured"
        print(f"\n{message}")
        pytest.skip(message)
    import redis

    from tests.support.redis_server import redis_server

    print(f"\nmachine: {machine()}")
    load_the_demo()
    with redis_server(tmp_path) as redis_url:
        env = production_environment(database_url(database_copy), redis_url)
        collect_static(env)
        redis_client = redis.Redis.from_url(redis_url)
        added = 0
        for stories in STORY_COUNTS:
            began = time.monotonic()
            count = add_published_stories(stories - added, word=WORD)
            print(f"\n{count} stories added in {time.monotonic() - began:.1f} s")
            added += count
            connections["default"].close()  # the servers see everything committed
            run_level(stories, env, redis_client, urls_to_time(), tmp_path)
    if not MANY:
        print("\n5,000 extra stories: set BENCH_MANY_STORIES=1 (several minutes more).")
