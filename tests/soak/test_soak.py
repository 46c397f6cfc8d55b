"""Soak: readers on every kind of page for minutes, an editor saving and publishing, and a
leader withdrawing a story in the middle of it (issue 17, item 5).

Run with `make soak` (10 minutes; ``SOAK_SECONDS`` changes that). Prints figures; asserts what
must never happen under load: a server error, or a withdrawn story still shown a second after the
leader's request returned.

What runs:
- the demo in a real copy of the test database (SQLite by default, PostgreSQL when DATABASE_URL
  is set) plus a consented story to withdraw, gunicorn with the production settings (2 sync
  workers) and a Redis server of the run's own (the page cache on, as in production);
- readers: ``wrk`` (2 threads, 16 connections) for the whole run, cycling through a page of each
  kind (home, story, story index, event, guide, search, sitemap and a part, the feed, a static
  file) and the story that will be withdrawn; a Lua script counts answers of 500 and above;
- an editor (a member of the staff group) saving a draft of a story every few seconds and a
  leader publishing it every fourth time, in this process against the same database (the page
  cache is emptied by every publication, so readers keep rebuilding pages under load);
- half way through, a leader (a member of the leaders group, never a superuser) withdraws the
  story's consent through the same admin view the button posts to; the run then reads the story,
  home, index, feed, sitemap and search through gunicorn until none shows it, and reports how
  long after her request returned that was;
- each worker's resident memory every 30 seconds.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from consent.models import ConsentRecord
from stories.models import StoryPage
from tests.support import people
from tests.support.production_server import (
    HOST,
    collect_static,
    get,
    gunicorn,
    load_the_demo,
    machine,
    page_urls,
    production_environment,
    worker_memory,
)
from tests.support.servers import database_url
from tests.support.story_factories import make_consent, make_story

pytestmark = pytest.mark.django_db

SECONDS = int(os.environ.get("SOAK_SECONDS", "600"))
SAMPLE_EVERY = 30  # seconds between memory samples
EDIT_EVERY = 3  # seconds between an editor's saves
TITLE = "Soakwithdrawquux at the district office"
WORD = "pension"

LUA = """
paths = {PATHS}
counter = 0
errors = 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

function response(status, headers, body)
  if status >= 500 then
    errors = errors + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("errors")
  end
  io.write(string.format("server errors: %d\\n", total))
end
"""


def readers(port: int, paths: list[str], seconds: int, script: Path) -> subprocess.Popen:
    quoted = ", ".join(f'"{path}"' for path in paths)
    script.write_text(LUA.replace("{PATHS}", "{" + quoted + "}"))
    return subprocess.Popen(
        [
            "wrk",
            "--threads",
            "2",
            "--connections",
            "16",
            "--duration",
            f"{seconds}s",
            "--timeout",
            "10s",
            "--latency",
            "--header",
            f"Host: {HOST}",
            "--header",
            "X-Forwarded-Proto: https",
            "--script",
            str(script),
            f"http://127.0.0.1:{port}/",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def shows_the_story(port: int, url: str, story_url: str) -> bool:
    status, body = get(port, url)
    if url == story_url:
        return status != 410
    assert status < 500, f"{url} answered {status}"
    return TITLE in body or story_url in body


def seconds_until_gone(port: int, story_url: str, surfaces: list[str], since: float) -> float:
    """For each surface (asked in parallel, as separate readers would), when the first request
    that no longer showed the story was sent, counted from ``since``; the latest of them. A
    reader's view: she asked then and did not see it."""

    def first_gone(url: str) -> float:
        while True:
            sent = time.monotonic()
            if not shows_the_story(port, url, story_url):
                return sent - since
            assert sent - since < 10, f"{url} still shows the withdrawn story"
            time.sleep(0.02)

    urls = [story_url, *surfaces]
    with ThreadPoolExecutor(max_workers=len(urls)) as pool:
        return max(pool.map(first_gone, urls))


def editor_saves(story, count: int, staff, publisher) -> None:
    """A staff member saves a draft; every fourth save a leader publishes it (the same revision
    publish the approval ends in)."""
    story.title = f"Papers that match, draft {count}"
    revision = story.save_revision(user=staff, log_action=True)
    if count % 4 == 0:
        # As a finished approval workflow publishes (WorkflowState.on_finish).
        revision.publish(user=publisher, skip_permission_checks=True)


def withdraw_as_a_leader(consent: ConsentRecord) -> None:
    client = Client()
    client.force_login(people.leader("soak-leader", language="en"))
    response = client.post(reverse("consent_withdraw", args=[consent.pk]))
    assert response.status_code in (200, 302), response.status_code
    consent.refresh_from_db()
    assert consent.status == ConsentRecord.Status.WITHDRAWN


def test_soak(database_copy, tmp_path, settings):
    if shutil.which("wrk") is None:
        pytest.skip("wrk is not installed (Debian package wrk; .ci/run installs it)")
    from tests.support.redis_server import redis_server

    print(f"\nmachine: {machine()}; {SECONDS} s of load")
    load_the_demo()
    urls = page_urls(WORD)
    story_to_edit = StoryPage.objects.live().filter(locale__language_code="en").first()
    staff, publisher = people.staff("soak-editor"), people.leader("soak-publisher")
    consent = make_consent(storyteller="Member K-77")
    withdrawn = make_story(consent, title=TITLE, publish=True)
    story_url = withdrawn.url
    connections["default"].close()  # gunicorn sees everything committed

    with redis_server(tmp_path) as redis_url:
        # This process writes too (the editor, the leader): its writes must empty the cache the
        # servers read, as another gunicorn worker's would.
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": redis_url,
            }
        }
        settings.PAGE_CACHE = None
        env = production_environment(database_url(database_copy), redis_url)
        collect_static(env)
        with gunicorn(env, tmp_path / "gunicorn.log") as (port, server):
            home = get(port, "/en/")[1]
            static = re.search(r'href="(/static/css/site\.[0-9a-f]+\.css)"', home).group(1)
            surfaces = [urls["home"], urls["story index"], urls["story feed"], "/sitemap.xml"]
            surfaces.append(f"/en/search/?q={TITLE.split()[0]}")
            for url in [story_url, *surfaces]:
                assert shows_the_story(port, url, story_url), f"{url}: public before withdrawal"
            for url in [*urls.values(), static]:
                assert get(port, url)[0] == 200, url

            memory = [(0, worker_memory(server))]
            load = readers(port, [*urls.values(), static, story_url], SECONDS, tmp_path / "r.lua")
            began = time.monotonic()
            saves = 0
            withdrawal = None
            next_sample = SAMPLE_EVERY
            while load.poll() is None:
                elapsed = time.monotonic() - began
                if withdrawal is None and elapsed >= SECONDS / 2:
                    withdraw_as_a_leader(consent)
                    withdrawal = seconds_until_gone(port, story_url, surfaces, time.monotonic())
                if elapsed >= next_sample:
                    memory.append((round(elapsed), worker_memory(server)))
                    next_sample += SAMPLE_EVERY
                saves += 1
                editor_saves(story_to_edit, saves, staff, publisher)
                time.sleep(EDIT_EVERY)
            output = load.communicate()[0]
            memory.append((round(time.monotonic() - began), worker_memory(server)))

    report(output, saves, withdrawal, memory)
    errors = int(re.search(r"server errors: (\d+)", output).group(1))
    assert errors == 0, output
    assert withdrawal is not None and withdrawal < 1.0, withdrawal


def report(output: str, saves: int, withdrawal: float | None, memory: list) -> None:
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)
    total = re.search(r"(\d+) requests in", output).group(1)
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1)
    errors = re.search(r"server errors: (\d+)", output).group(1)
    socket_errors = re.search(r"Socket errors: .*", output)
    print(f"readers: {total} requests, {rate} requests/s, p50 {p50}, p99 {p99}")
    print(f"server errors (5xx): {errors}; {socket_errors.group(0) if socket_errors else ''}")
    print(f"editor: {saves} drafts saved, {saves // 4} published")
    print(
        "withdrawal: every surface asked after "
        f"{withdrawal * 1000:.0f} ms or later no longer shows the story (her request returned at 0)"
    )
    print("worker memory (RSS MB) by second: ")
    for second, sizes in memory:
        print(f"  {second:5d} s  " + ", ".join(f"{mb:.0f}" for mb in sizes))
    first, last = memory[0][1], memory[-1][1]
    growth = [b - a for a, b in zip(first, last, strict=False)]
    print("growth per worker over the run: " + ", ".join(f"{mb:+.0f} MB" for mb in growth))
