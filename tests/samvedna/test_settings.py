"""Configuration comes from the environment; production refuses to start half-configured."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from accounts.otp_secrets import new_key

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # DJANGO_ALLOW_ASYNC_UNSAFE is set for the browser tests; a deployment never has it.
    unset = {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {"DJANGO_SETTINGS_MODULE": "samvedna.settings.production"}


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", **PRODUCTION, ALLOWED_HOSTS="samvedna.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_manage("check", **PRODUCTION, SECRET_KEY=secrets.token_urlsafe(60))
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_deploy_check_is_clean_under_production_settings(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **PRODUCTION,
        SECRET_KEY=secrets.token_urlsafe(60),
        OTP_SECRET_KEYS=new_key(),
        ALLOWED_HOSTS="samvedna.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_development_settings_are_the_manage_py_default():
    result = run_manage("diffsettings", "--all")
    assert result.returncode == 0, result.stderr
    assert "DEBUG = True" in result.stdout


@pytest.mark.parametrize(
    ("url", "engine"),
    [
        ("postgres://postgres@127.0.0.1:5432/samvedna", "django.db.backends.postgresql"),
        ("sqlite:////tmp/samvedna.sqlite3", "django.db.backends.sqlite3"),
    ],
)
def test_database_comes_from_database_url(url, engine):
    code = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "samvedna.settings.dev"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == engine, result.stderr


def test_media_goes_to_private_s3_storage_when_a_bucket_is_configured():
    code = (
        "from django.conf import settings; s = settings.STORAGES['default']['BACKEND'];"
        "print(s, settings.AWS_DEFAULT_ACL, settings.AWS_S3_FILE_OVERWRITE)"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={
            **os.environ,
            **PRODUCTION,
            "SECRET_KEY": secrets.token_urlsafe(60),
            "OTP_SECRET_KEYS": new_key(),
            "ALLOWED_HOSTS": "samvedna.example.org",
            "AWS_STORAGE_BUCKET_NAME": "samvedna-media",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["privacy.saved_files.S3MediaStorage", "private", "False"], (
        result.stderr
    )


def test_production_uses_redis_as_the_cache_when_redis_url_is_set(tmp_path):
    # The README's REDIS_URL: the cache must work through it (the `redis` client library is a
    # dependency; without it every page answered 500).
    from tests.support.redis_server import redis_server

    with redis_server(tmp_path) as url:
        result = run_manage(
            "shell",
            "-c",
            "from django.core.cache import caches; cache = caches['default']; "
            "cache.set('probe', 'kept', 30); print(type(cache).__name__, cache.get('probe'))",
            **PRODUCTION,
            SECRET_KEY=secrets.token_urlsafe(60),
            OTP_SECRET_KEYS=new_key(),
            ALLOWED_HOSTS="samvedna.example.org",
            DATABASE_URL=f"sqlite:///{tmp_path / 'cache.sqlite3'}",
            REDIS_URL=url,
        )
        assert result.returncode == 0, result.stderr[-2000:]
        # The last line: the shell may first say what it imported.
        assert result.stdout.strip().splitlines()[-1].split() == ["ResilientRedisCache", "kept"]
        # Kept in that Redis, not in the process.
        import redis

        assert redis.Redis.from_url(url).keys("*probe*")


@pytest.mark.parametrize(
    ("redis_url", "page_cache", "enabled"),
    [
        ("redis://127.0.0.1:1/0", "", True),  # the default with Redis: on
        ("redis://127.0.0.1:1/0", "0", False),  # PAGE_CACHE=0 turns it off
        ("", "1", False),  # never forced on with the per-process cache
    ],
)
def test_page_cache_follows_redis_and_can_be_turned_off(tmp_path, redis_url, page_cache, enabled):
    # Only settings are read: the Redis address is never contacted.
    result = run_manage(
        "shell",
        "-c",
        "from caching import generation; print(generation.enabled())",
        **PRODUCTION,
        SECRET_KEY=secrets.token_urlsafe(60),
        OTP_SECRET_KEYS=new_key(),
        ALLOWED_HOSTS="samvedna.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'cache.sqlite3'}",
        REDIS_URL=redis_url,
        PAGE_CACHE=page_cache,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().splitlines()[-1] == str(enabled)
