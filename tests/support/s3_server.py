"""A real S3-compatible server for tests (moto in server mode on a free localhost port: boto3 is
not patched, every request goes over HTTP) and the site's storages pointed at it the way
production builds them (``s3_media_storages()`` in samvedna/settings/storage.py)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import boto3
from moto.server import ThreadedMotoServer

from samvedna.settings.storage import s3_media_storages

REGION = "us-east-1"
CREDENTIALS = {"access_key": "testing", "secret_key": "testing"}  # moto accepts any


@contextmanager
def s3_server() -> Iterator[str]:
    """moto on 127.0.0.1; yields its endpoint URL. moto keeps one state per process: each module
    uses buckets of its own names."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        yield f"http://{host}:{port}"
    finally:
        server.stop()


def s3_client(endpoint: str) -> Any:
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=CREDENTIALS["access_key"],
        aws_secret_access_key=CREDENTIALS["secret_key"],
    )


def use_s3_storages(settings: Any, endpoint: str, bucket: str, public_bucket: str, **more) -> None:
    """The site's media storages on ``endpoint`` (pytest-django's ``settings``), as production."""
    settings.STORAGES = {
        **settings.STORAGES,
        **s3_media_storages(
            bucket=bucket,
            public_bucket=public_bucket,
            endpoint_url=endpoint,
            region_name=REGION,
            addressing_style="path",
            **CREDENTIALS,
            **more,
        ),
    }


@contextmanager
def s3_server_with_buckets(*buckets: str) -> Iterator[tuple[str, Any]]:
    """A running S3 server holding ``buckets`` (moto keeps one state per process: give a module
    buckets of its own); yields its endpoint and a client."""
    with s3_server() as endpoint:
        client = s3_client(endpoint)
        for bucket in buckets:
            client.create_bucket(Bucket=bucket)
        yield endpoint, client


def object_keys(client: Any, *buckets: str) -> set[str]:
    """Every object's key in ``buckets``."""
    return {
        item["Key"]
        for bucket in buckets
        for item in client.list_objects_v2(Bucket=bucket).get("Contents", [])
    }
