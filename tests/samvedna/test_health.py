"""/health/ (samvedna/health.py): 200 "ok" when the database, the shared cache and the media
storage answer; 503 naming only the part that failed; never a cookie, never cached. Each failure
is real: a Redis server stopped, a database address nobody listens on, a storage that cannot be
written."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from django.test import Client

from tests.support.redis_server import redis_server
from tests.support.servers import free_port, get, gunicorn_command, started

pytestmark = pytest.mark.django_db

BACKEND = "caching.backends.ResilientRedisCache"


def _redis_cache(settings, url: str) -> None:
    settings.CACHES = {"default": {"BACKEND": BACKEND, "LOCATION": url}}


def _private(response) -> None:
    assert not response.cookies and not response.has_header("Set-Cookie")
    assert response["Cache-Control"] == "no-store"


def test_all_up_answers_ok_with_no_cookie_and_no_caching(settings, tmp_path):
    with redis_server(tmp_path) as url:
        _redis_cache(settings, url)
        # A probe from the load balancer: a bare address as Host, plain HTTP, no sign-in.
        response = Client().get("/health/", HTTP_HOST="10.0.0.7")
        head = Client().head("/health/", HTTP_HOST="10.0.0.7")
    assert response.status_code == 200 and response.content == b"ok\n"
    assert head.status_code == 200
    _private(response)


def test_redis_stopped_answers_503_cache(settings, tmp_path):
    with redis_server(tmp_path) as url:
        _redis_cache(settings, url)
        assert Client().get("/health/").status_code == 200
    response = Client().get("/health/")
    assert response.status_code == 503 and response.content == b"cache\n"
    _private(response)


def test_storage_that_cannot_be_written_answers_503_storage(settings, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the media directory should be")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(blocker / "media")},
        },
    }
    response = Client().get("/health/")
    assert response.status_code == 503 and response.content == b"storage\n"
    _private(response)


def test_database_unreachable_answers_503_database(tmp_path):
    """gunicorn as production runs it, with a database address nobody listens on."""
    from django.conf import settings

    port = free_port()
    log = tmp_path / "gunicorn.log"
    with (
        log.open("w") as output,
        started(
            gunicorn_command(port, 1),
            port,
            "gunicorn",
            log=log,
            cwd=Path(settings.BASE_DIR),
            env={
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "samvedna.settings.dev",
                "DATABASE_URL": f"postgres://postgres@127.0.0.1:{free_port()}/nothing",
                "MEDIA_ROOT": str(tmp_path / "media"),
            },
            stdout=output,
            stderr=subprocess.STDOUT,
        ),
    ):
        status, body = get(f"http://127.0.0.1:{port}/health/")
    assert (status, body) == (503, "database\n")
    # Nothing about the failure beyond its part's name: no host, port or error text.
    assert "127.0.0.1" not in body and "Error" not in body


def test_s3_storage_up_then_unreachable(settings):
    """The media bucket as production has it (samvedna/settings/storage.py), on moto's S3
    server: the probe leaves no object behind; the server stopped answers 503 "storage"."""
    import boto3
    from moto.server import ThreadedMotoServer

    from samvedna.settings.storage import s3_media_storages

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        endpoint = f"http://{host}:{port}"
        bucket = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        bucket.create_bucket(Bucket="health-media")
        settings.STORAGES = {
            **settings.STORAGES,
            **s3_media_storages(
                bucket="health-media",
                endpoint_url=endpoint,
                region_name="us-east-1",
                addressing_style="path",
                access_key="testing",
                secret_key="testing",
            ),
        }
        response = Client().get("/health/")
        assert response.status_code == 200 and response.content == b"ok\n"
        assert bucket.list_objects_v2(Bucket="health-media").get("KeyCount") == 0
    finally:
        server.stop()
    response = Client().get("/health/")
    assert response.status_code == 503 and response.content == b"storage\n"
    _private(response)
