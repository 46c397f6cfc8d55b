"""Production storage against a real S3-compatible server, over HTTP.

moto runs in server mode on a free localhost port (boto3 is not patched: every request goes
over the network, signed or anonymous, as in production). django-storages is configured with
the same ``s3_media_storages()`` production uses (samvedna/settings/storage.py).
"""

from __future__ import annotations

import io
import json
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from wagtail.models import Page

from privacy.documents.models import PrivateDocument
from privacy.models import PrivateImage
from privacy.public_pages import serving_public_page
from privacy.storage import PUBLIC_MEDIA_STORAGE_ALIAS, public_media_storage
from tests.support import audio_samples, image_samples, pdf_samples, voice_clips
from tests.support.s3_server import s3_client, s3_server, use_s3_storages

BUCKET = "samvedna-media"
PUBLIC_BUCKET = "samvedna-public"
# A public bucket without ACLs (AWS's default for new buckets): a bucket policy makes public/*
# readable, as samvedna/settings/storage.py describes for AWS_PUBLIC_ACL=none.
POLICY_BUCKET = "samvedna-public-policy"
ALT = "Two women sitting at a table with papers"


@pytest.fixture(scope="module")
def s3_endpoint():
    with s3_server() as endpoint:
        client = s3_client(endpoint)
        for bucket in (BUCKET, PUBLIC_BUCKET, POLICY_BUCKET):
            client.create_bucket(Bucket=bucket)
        client.put_bucket_policy(
            Bucket=POLICY_BUCKET,
            Policy=json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Principal": "*",
                            "Action": "s3:GetObject",
                            "Resource": f"arn:aws:s3:::{POLICY_BUCKET}/public/*",
                        }
                    ],
                }
            ),
        )
        yield endpoint, client


@pytest.fixture
def s3(settings, s3_endpoint):
    endpoint, client = s3_endpoint
    use_s3_storages(settings, endpoint, BUCKET, PUBLIC_BUCKET)
    return client


def anonymous_get(url: str) -> tuple[int, bytes]:
    """What a reader's browser gets: no credentials, no signature unless the URL has one."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def unsigned(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def public_read(client, bucket: str, key: str) -> bool:
    grants = client.get_object_acl(Bucket=bucket, Key=key)["Grants"]
    return any(
        grant["Grantee"].get("URI", "").endswith("/global/AllUsers")
        and grant["Permission"] == "READ"
        for grant in grants
    )


@pytest.mark.django_db
def test_original_images_are_private_and_renditions_public(s3):
    image = PrivateImage.objects.create(
        title="Meeting",
        description=ALT,
        file=File(io.BytesIO(image_samples.planted("JPEG")), "priya_bhuj_gps.jpg"),
    )
    key = f"private/{image.file.name}"
    assert key.startswith("private/original_images/")
    stored = s3.get_object(Bucket=BUCKET, Key=key)["Body"].read()
    assert image_samples.find_metadata(stored) == set()
    assert not public_read(s3, BUCKET, key)

    # Its URL is signed and works; without the signature it is refused.
    url = image.file.url
    assert "X-Amz-Signature=" in url and "X-Amz-Expires=600" in url
    assert anonymous_get(url) == (200, stored)
    status, content = anonymous_get(unsigned(url))
    assert status == 403 and content != stored

    # The admin's thumbnail stays in the private bucket, shown by the admin only.
    thumbnail = image.get_rendition("max-165x165")
    thumbnail_key = f"private/{thumbnail.file.name}"
    assert thumbnail_key.startswith("private/private_images/")
    assert not public_read(s3, BUCKET, thumbnail_key)
    assert thumbnail.url.startswith("/admin/private-images/")

    # What a live public page shows is public.
    with serving_public_page(Page.objects.live().filter(depth=2).first()):
        rendition = image.get_rendition("width-800|format-webp")
    rendition_key = f"public/{rendition.file.name}"
    assert rendition.url == f"{s3_endpoint_of(s3)}/{PUBLIC_BUCKET}/{rendition_key}"
    assert "?" not in rendition.url
    assert public_read(s3, PUBLIC_BUCKET, rendition_key)
    status, content = anonymous_get(rendition.url)
    assert status == 200
    assert image_samples.find_metadata(content) == set()
    # Nothing public in the private bucket, nothing private in the public one.
    assert keys(s3, BUCKET) == {key, thumbnail_key}
    assert keys(s3, PUBLIC_BUCKET) == {rendition_key}


def s3_endpoint_of(client) -> str:
    return client.meta.endpoint_url


def keys(client, bucket: str) -> set[str]:
    return {item["Key"] for item in client.list_objects_v2(Bucket=bucket).get("Contents", [])}


@pytest.mark.django_db
def test_a_second_upload_with_the_same_name_never_overwrites(s3):
    name = "original_images/0123456789abcdef0123456789abcdef.jpg"
    first = default_storage.save(name, ContentFile(b"first"))
    second = default_storage.save(name, ContentFile(b"second"))
    assert first == name and second != name
    assert default_storage.open(first).read() == b"first"
    assert default_storage.open(second).read() == b"second"

    public_first = public_media_storage.save("images/a.width-20.jpg", ContentFile(b"one"))
    public_second = public_media_storage.save("images/a.width-20.jpg", ContentFile(b"two"))
    assert public_first != public_second
    assert public_media_storage.open(public_first).read() == b"one"


@pytest.mark.django_db
def test_documents_are_private_and_served_through_the_serve_view(s3, client):
    document = PrivateDocument.objects.create(
        title="Ration card form", file=ContentFile(pdf_samples.planted(), "form.pdf")
    )
    key = f"private/{document.file.name}"
    assert key.startswith("private/documents/")
    stored = s3.get_object(Bucket=BUCKET, Key=key)["Body"].read()
    assert pdf_samples.find_metadata(stored) == set()
    assert not public_read(s3, BUCKET, key)
    status, _ = anonymous_get(unsigned(document.file.url))
    assert status == 403

    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == stored
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.fixture(params=["public-read", "none"], ids=["acl", "no-acl-bucket-policy"])
def public_mode(request, settings, s3_endpoint) -> tuple[object, str]:
    """Both ways production makes the public storage readable (``AWS_PUBLIC_ACL``)."""
    endpoint, client = s3_endpoint
    acl = request.param
    public_bucket = PUBLIC_BUCKET if acl == "public-read" else POLICY_BUCKET
    use_s3_storages(
        settings, endpoint, BUCKET, public_bucket, public_acl=None if acl == "none" else acl
    )
    return client, public_bucket


def voice_keys(client, bucket: str) -> set[str]:
    return {key for key in keys(client, bucket) if "media/" in key}


@pytest.mark.django_db
def test_a_voice_clip_is_public_only_while_a_live_story_plays_it(
    public_mode, client, staff_client, leader_client
):
    s3, public_bucket = public_mode
    clip = voice_clips.staff_uploads_a_clip(staff_client)

    # Uploaded by staff: a private object, and nothing public anywhere.
    key = f"private/{clip.file.name}"
    assert key.startswith("private/private_media/")
    stored = s3.get_object(Bucket=BUCKET, Key=key)["Body"].read()
    assert audio_samples.find_planted(stored) == set()
    assert not public_read(s3, BUCKET, key)
    assert anonymous_get(unsigned(clip.file.url))[0] == 403
    assert voice_keys(s3, public_bucket) == set()
    assert clip.url.startswith("/admin/private-voice-clips/")

    # A live story plays it: the reader's browser gets the sanitised bytes from a public copy.
    story = voice_clips.live_story_playing(clip)
    url = voice_clips.reader_plays(client, story)
    assert url.startswith(f"{s3_endpoint_of(s3)}/{public_bucket}/public/media/")
    assert "?" not in url
    assert anonymous_get(url) == (200, stored)
    assert len(voice_keys(s3, public_bucket)) == 1

    # A leader withdraws the consent: the public object is gone, whatever the bucket allows.
    voice_clips.leader_withdraws(leader_client, story)

    assert anonymous_get(url)[0] in (403, 404)
    assert voice_keys(s3, public_bucket) == set()
    assert keys(s3, BUCKET) >= {key}  # the private file stays until erasure


def test_the_public_storage_follows_the_settings(s3, settings):
    assert public_media_storage.bucket_name == PUBLIC_BUCKET
    assert public_media_storage.location == "public"
    assert Path(default_storage.location) == Path("private")
    assert PUBLIC_MEDIA_STORAGE_ALIAS in settings.STORAGES
