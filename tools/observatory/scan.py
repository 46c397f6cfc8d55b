"""`make observatory`: grade the production configuration with the MDN HTTP Observatory.

Serves the site with gunicorn over HTTPS on localhost (production settings, a self-signed
certificate, a throwaway SQLite database with the demo content), scans it with the Observatory's
own scanner (npm package @mdn/mdn-http-observatory, pinned in package-lock.json next to this
file) and prints the grade, the score and each test's result. Exits 1 below A+.

Everything it downloads or makes goes to .observatory/ (git-ignored): node_modules, the
certificate, the database, the report. It downloads from npm, so it is not part of .ci/run.

Quirks of running the scanner locally:
- its install script downloads the HSTS preload list and a CA bundle: installed with
  --ignore-scripts, with an empty conf/hsts-preload.json instead (so "preloaded" is never
  claimed for localhost);
- its launcher points NODE_EXTRA_CA_CERTS at the CA bundle file that install script would have
  fetched; that file holds our self-signed certificate instead, so the scan verifies TLS;
- it fetches http:// and https:// on the same host and port: the plain-HTTP attempt fails on
  the TLS port, which it grades as "no HTTP, so no redirection needed" (no penalty, no bonus).
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
WORK = ROOT / ".observatory"
PACKAGE = WORK / "node_modules" / "@mdn" / "mdn-http-observatory"
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
NPM = shutil.which("npm") or "npm"
NODE = shutil.which("node") or "node"
OPENSSL = shutil.which("openssl") or "openssl"


def step(message: str) -> None:
    print(f"observatory: {message}", flush=True)


def run(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(args, check=True, **kwargs)  # noqa: S603 (fixed arguments)


def install_scanner() -> None:
    """npm ci from the committed lock file, without install scripts (they download lists)."""
    lock = HERE / "package-lock.json"
    stamp = WORK / "installed.lock"
    if stamp.exists() and stamp.read_bytes() == lock.read_bytes() and PACKAGE.exists():
        return
    step("installing @mdn/mdn-http-observatory into .observatory/ (npm ci --ignore-scripts)")
    WORK.mkdir(exist_ok=True)
    shutil.copy(HERE / "package.json", WORK / "package.json")
    shutil.copy(lock, WORK / "package-lock.json")
    run([NPM, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], cwd=WORK)
    stamp.write_bytes(lock.read_bytes())


def ca_bundle_path() -> Path:
    """The CA file the scanner's launcher (bin/wrapper.js) gives Node as NODE_EXTRA_CA_CERTS."""
    script = (
        "const path = require('node:path');"
        "const main = require.resolve('node_extra_ca_certs_mozilla_bundle');"
        "console.log(path.join(path.dirname(main), 'ca_bundle', 'ca_intermediate_bundle.pem'));"
    )
    result = run([NODE, "-e", script], cwd=PACKAGE, capture_output=True, text=True)
    return Path(result.stdout.strip())


def prepare_scanner(certificate: Path) -> None:
    preload = PACKAGE / "conf" / "hsts-preload.json"
    preload.parent.mkdir(exist_ok=True)
    preload.write_text("{}\n")
    bundle = ca_bundle_path()
    bundle.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(certificate, bundle)


def make_certificate() -> tuple[Path, Path]:
    """A fresh self-signed certificate for localhost, valid for two days."""
    tls = WORK / "tls"
    tls.mkdir(parents=True, exist_ok=True)
    cert, key = tls / "localhost.pem", tls / "localhost-key.pem"
    run(
        [
            OPENSSL,
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        capture_output=True,
    )
    key.chmod(0o600)
    return cert, key


def production_environment() -> dict[str, str]:
    """Production settings with throwaway values; nothing is read from the caller's .env."""
    keep = {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT"}
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update(
        DJANGO_SETTINGS_MODULE="samvedna.settings.production",
        SECRET_KEY=secrets.token_urlsafe(60),
        OTP_SECRET_KEYS=base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        ALLOWED_HOSTS="localhost",
        DATABASE_URL=f"sqlite:///{WORK / 'site.sqlite3'}",
        MEDIA_ROOT=str(WORK / "media"),
        WAGTAILADMIN_BASE_URL="https://localhost",
        PYTHONUNBUFFERED="1",
    )
    return env


def prepare_site(env: dict[str, str]) -> None:
    step("migrating a throwaway SQLite database, loading the demo content, collecting static")
    (WORK / "site.sqlite3").unlink(missing_ok=True)
    for command in (["migrate", "--noinput"], ["load_demo"], ["collectstatic", "--noinput"]):
        run([PYTHON, "manage.py", *command, "-v", "0"], cwd=ROOT, env=env)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_serving(port: int, certificate: Path, server: subprocess.Popen) -> None:
    context = ssl.create_default_context(cafile=str(certificate))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("observatory: gunicorn stopped; see its log above")
        try:
            urllib.request.urlopen(
                f"https://localhost:{port}/robots.txt", context=context, timeout=2
            )
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("observatory: gunicorn did not answer within 60 s")


def report(result: dict) -> bool:
    if "error" in result:
        print(f"observatory: the scan failed: {result['error']}")
        return False
    scan = result["scan"]
    print()
    print(f"  {'test':<28} {'score':>5}  result")
    for name, test in sorted(result["tests"].items()):
        modifier = test.get("scoreModifier", 0)
        mark = "pass" if test.get("pass") else "FAIL"
        print(f"  {name:<28} {modifier:>+5}  {mark}  {test.get('result')}")
    print()
    print(f"  Grade {scan['grade']}, score {scan['score']}/100 ", end="")
    print(f"({scan['testsPassed']} of {scan['testsQuantity']} tests passed)")
    print()
    return scan["grade"] == "A+"


def main() -> int:
    started = time.monotonic()
    install_scanner()
    certificate, key = make_certificate()
    prepare_scanner(certificate)
    env = production_environment()
    prepare_site(env)
    port = free_port()
    step(f"serving the production settings with gunicorn on https://localhost:{port}/")
    log = (WORK / "gunicorn.log").open("w")
    server = subprocess.Popen(  # noqa: S603 (fixed arguments)
        [
            GUNICORN,
            "--config",
            str(ROOT / "samvedna" / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--certfile",
            str(certificate),
            "--keyfile",
            str(key),
            "--access-logfile",
            "-",
            "--no-control-socket",  # gunicorn 27 would otherwise create ~/.gunicorn/
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_until_serving(port, certificate, server)
        step(f"scanning localhost:{port}")
        scanned = run(
            [NODE, str(PACKAGE / "bin" / "wrapper.js"), f"localhost:{port}"],
            capture_output=True,
            text=True,
        )
        (WORK / "report.json").write_text(scanned.stdout)
        result = json.loads(scanned.stdout)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()
    passed = report(result)
    step(f"full report in .observatory/report.json; took {time.monotonic() - started:.0f} s")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
