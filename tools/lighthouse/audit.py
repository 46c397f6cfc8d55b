"""Lighthouse (mobile) on a page of every public type: `python tools/lighthouse/audit.py`.

Loads the demo content into a throwaway SQLite database, serves it with the development server
(``runserver --noreload`` on a free port), runs Lighthouse (npm package ``lighthouse``, pinned in
package-lock.json next to this file) with the Debian Chromium on each page type, prints the four
scores and every audit below 1, and exits 1 when accessibility, best practices or SEO is below
100 for a reason not listed in ``EXPECTED`` (performance is printed, not gated: the development
server serves uncompressed files one request at a time, so it measures the machine as much as
the site).

Everything it downloads or makes goes to .lighthouse/ (git-ignored): node_modules, the database,
the media, one JSON report per page. It downloads from npm, so it is not part of .ci/run.

Audits that cannot pass, and why (README, "Fast by construction"):
- ``robots-txt`` on every page: Lighthouse fetches /robots.txt from inside the page
  (DevTools' Network.loadNetworkResource), and Chromium applies the page's Content-Security-
  Policy to that fetch; the public policy allows no connection at all (connect-src falls back to
  default-src 'none'), so Chromium refuses it ("CSP violation"). Crawlers fetch robots.txt
  directly and are not affected; tests/search checks the file itself.
- ``is-crawlable`` and ``meta-description`` on search results: they are marked noindex on
  purpose (a reader's search words are nobody's business) and describe no page.
- the 404 page: Lighthouse refuses to audit a page whose status is an error
  (ERRORED_DOCUMENT_REQUEST); the status is right, a 200 there would be a "soft 404".
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
WORK = ROOT / ".lighthouse"
LIGHTHOUSE = WORK / "node_modules" / ".bin" / "lighthouse"
PYTHON = sys.executable
NPM = shutil.which("npm") or "npm"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")

# (name, path): a page of every public type in the demo content. Pages are found by type, so
# the demo may change its slugs.
INDEXES = {"story-index": "stories", "event-index": "events", "guide-index": "resources"}
# What may fail, per page name ("*": every page), and why: see the module's docstring.
EXPECTED = {
    "*": {"robots-txt"},
    "search": {"robots-txt", "is-crawlable", "meta-description"},
}


def step(message: str) -> None:
    print(f"lighthouse: {message}", flush=True)


def run(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(args, check=True, **kwargs)  # noqa: S603 (fixed arguments)


def install() -> None:
    """npm install from the committed lock file (Lighthouse needs no install scripts).

    Not ``npm ci``: npm 11 refuses this lock file ("Missing: third-party-web", a peer
    dependency it writes elsewhere); ``npm install`` with the lock file installs the same tree."""
    lock = HERE / "package-lock.json"
    stamp = WORK / "installed.lock"
    if stamp.exists() and stamp.read_bytes() == lock.read_bytes() and LIGHTHOUSE.exists():
        return
    step("installing lighthouse into .lighthouse/ (npm install --ignore-scripts)")
    WORK.mkdir(exist_ok=True)
    shutil.copy(HERE / "package.json", WORK / "package.json")
    shutil.copy(lock, WORK / "package-lock.json")
    run(
        [NPM, "install", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=WORK,
    )
    stamp.write_bytes(lock.read_bytes())


def environment() -> dict[str, str]:
    keep = {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR"}
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update(
        DJANGO_SETTINGS_MODULE="samvedna.settings.dev",
        DATABASE_URL=f"sqlite:///{WORK / 'site.sqlite3'}",
        MEDIA_ROOT=str(WORK / "media"),
        PYTHONUNBUFFERED="1",
    )
    return env


def prepare_site(env: dict[str, str]) -> None:
    step("migrating a throwaway SQLite database and loading the demo content")
    (WORK / "site.sqlite3").unlink(missing_ok=True)
    for command in (["migrate", "--noinput"], ["load_demo"]):
        run([PYTHON, "manage.py", *command, "-v", "0"], cwd=ROOT, env=env, capture_output=True)


def page_paths(env: dict[str, str]) -> list[tuple[str, str]]:
    """One English page of each type, the Gujarati home page, search and a missing page."""
    code = (
        "import json, django; django.setup(); from wagtail.models import Page;"
        "pages = Page.objects.live().filter(depth__gte=2, locale__language_code='en').specific();"
        "print(json.dumps({type(p).__name__: p.url for p in reversed(list(pages))}))"
    )
    found = json.loads(run([PYTHON, "-c", code], cwd=ROOT, env=env, capture_output=True).stdout)
    names = {
        "HomePage": "home",
        "StandardPage": "standard",
        "StoryIndexPage": "story-index",
        "StoryPage": "story",
        "EventIndexPage": "event-index",
        "EventPage": "event",
        "ResourceIndexPage": "guide-index",
        "ResourcePage": "guide",
    }
    paths = [(name, found[model]) for model, name in names.items()]
    return [*paths, ("home-gu", "/gu/"), ("search", "/en/search/?q=ration")]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_serving(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("lighthouse: the server stopped; see .lighthouse/server.log")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("lighthouse: the server did not answer within 60 s")


def audit(name: str, url: str) -> dict:
    output = WORK / f"{name}.json"
    subprocess.run(  # noqa: S603 (fixed arguments)
        [
            str(LIGHTHOUSE),
            url,
            "--chrome-flags=--headless=new --no-sandbox",
            f"--only-categories={','.join(CATEGORIES)}",
            "--output=json",
            f"--output-path={output}",
            "--quiet",
        ],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        check=False,
        capture_output=True,
    )
    return json.loads(output.read_text()) if output.exists() else {}


def failing(report: dict) -> set[str]:
    """Audits below 1 that count in a gated category."""
    counted = {
        ref["id"]
        for key, category in report["categories"].items()
        if key != "performance"
        for ref in category["auditRefs"]
        if ref["weight"] > 0
    }
    return {
        audit_id
        for audit_id, result in report["audits"].items()
        if audit_id in counted and result["score"] is not None and result["score"] < 1
    }


def main() -> int:
    started = time.monotonic()
    install()
    env = environment()
    prepare_site(env)
    port = free_port()
    step(f"serving the demo with runserver on http://127.0.0.1:{port}/")
    log = (WORK / "server.log").open("w")
    server = subprocess.Popen(  # noqa: S603 (fixed arguments)
        [PYTHON, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    ok = True
    try:
        wait_until_serving(port, server)
        print(f"\n  {'page':<12} perf  a11y  best   seo  failing audits")
        for name, path in page_paths(env):
            report = audit(name, f"http://127.0.0.1:{port}{path}")
            if not report or report.get("runtimeError"):
                error = (report.get("runtimeError") or {}).get("code", "no report")
                print(f"  {name:<12} Lighthouse could not audit it: {error}")
                ok = False
                continue
            scores = [report["categories"][key]["score"] for key in CATEGORIES]
            shown = "  ".join(f"{round(s * 100) if s is not None else '-':>4}" for s in scores)
            failed = failing(report)
            unexpected = failed - EXPECTED.get(name, EXPECTED["*"])
            ok = ok and not unexpected
            marks = [f"{a}{'' if a not in unexpected else ' (UNEXPECTED)'}" for a in sorted(failed)]
            print(f"  {name:<12} {shown}  {', '.join(marks)}")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()
    print()
    step(f"reports in .lighthouse/<page>.json; took {time.monotonic() - started:.0f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
