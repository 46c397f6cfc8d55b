"""Private media stays private: documents only through Wagtail's serve view and its privacy
checks, original photos, documents and voice clips never from a public URL, only the renditions
and voice clip copies live public pages show public (privacy/storage.py,
privacy/images/renditions.py, privacy/audio/publication.py, privacy/dev_media.py,
samvedna/settings/storage.py).
tests/privacy/images/test_renditions.py follows renditions through publishing, unpublishing and the
admin, tests/privacy/audio/test_publication.py voice clips.
"""

from __future__ import annotations

import importlib.util
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from wagtail.models import Collection, CollectionViewRestriction, Page, UploadedFile

from accounts.otp_secrets import new_key
from privacy.documents.models import PrivateDocument
from privacy.images.renditions import RenditionStorage
from privacy.models import PrivateImage, PrivateMedia, PrivateRendition
from privacy.public_pages import serving_public_page
from privacy.storage import PUBLIC_MEDIA_STORAGE_ALIAS, public_media_storage
from samvedna.settings.storage import s3_media_storages
from tests.support import audio_samples, image_samples, pdf_samples, voice_clips

ROOT = Path(__file__).resolve().parents[2]
ALT = "Two women sitting at a table with papers"
HEX_NAME = r"[0-9a-f]{32}"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


def make_document(collection: Collection | None = None) -> PrivateDocument:
    fields = {"collection": collection} if collection else {}
    return PrivateDocument.objects.create(
        title="Ration card form", file=ContentFile(pdf_samples.planted(), "form.pdf"), **fields
    )


def make_image() -> PrivateImage:
    return PrivateImage.objects.create(
        title="Meeting",
        description=ALT,
        file=File(io.BytesIO(image_samples.planted("JPEG")), "priya_bhuj_gps.jpg"),
    )


def make_voice_clip() -> PrivateMedia:
    return PrivateMedia.objects.create(
        title="Voice", file=File(io.BytesIO(audio_samples.silent_mp3()), "priya.mp3")
    )


# A filter public templates use (settings.PUBLIC_IMAGE_FILTERS) and one only the admin uses.
PUBLIC_FILTER = "width-800|format-webp"
ADMIN_FILTER = "max-165x165"


def public_rendition(image: PrivateImage) -> PrivateRendition:
    """The rendition a reader of a live public page gets."""
    with serving_public_page(Page.objects.live().filter(depth=2).first()):
        return image.get_rendition(PUBLIC_FILTER)


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


# --- documents through the serve view ----------------------------------------------------------


@pytest.mark.django_db
def test_a_public_document_is_served_as_a_download_with_safe_headers(client):
    document = make_document()
    assert document.url == f"/documents/{document.pk}/{Path(document.file.name).name}"

    response = client.get(document.url)

    assert response.status_code == 200
    assert body(response) == Path(document.file.path).read_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;"), disposition
    assert Path(document.file.name).name in disposition
    assert "form" not in disposition  # nothing of the upload's name
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert not response.cookies


@pytest.mark.django_db
def test_a_document_url_with_another_file_name_is_not_found(client):
    document = make_document()
    assert client.get(f"/documents/{document.pk}/form.pdf").status_code == 404


@pytest.fixture
def private_collection(db) -> Collection:
    collection = Collection.get_first_root_node().add_child(name="Internal forms")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    return collection


@pytest.mark.django_db
def test_a_document_in_a_private_collection_is_refused_to_anonymous_readers(
    client, private_collection
):
    document = make_document(private_collection)
    stored = Path(document.file.path).read_bytes()

    response = client.get(document.url)

    assert response.status_code == 302
    assert stored not in body(response)
    assert "/documents/" not in response["Location"].split("?")[0]


@pytest.mark.django_db
def test_a_document_in_a_private_collection_is_served_to_a_signed_in_editor(
    staff_client, private_collection
):
    document = make_document(private_collection)
    response = staff_client.get(document.url)
    assert response.status_code == 200
    assert body(response) == Path(document.file.path).read_bytes()


def test_shared_passwords_are_not_offered_for_private_collections(settings):
    from wagtail.admin.forms.collections import CollectionViewRestrictionForm

    field = CollectionViewRestrictionForm().fields["restriction_type"]
    choices = [value for value, _label in field.choices]
    assert CollectionViewRestriction.PASSWORD not in choices
    assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"


@pytest.mark.django_db
def test_stored_media_is_not_served_from_media_url(client):
    document = make_document()
    image = make_image()
    rendition = image.get_rendition("width-20")
    for name in (document.file.name, image.file.name, rendition.file.name):
        assert client.get(f"/media/{name}").status_code == 404, name


# --- development: only public media from MEDIA_URL -----------------------------------------------


@pytest.fixture
def dev_urlconf(settings, media_root):
    """samvedna/urls.py as `make run` loads it (DEBUG on), as a separate module."""
    settings.DEBUG = True
    name = "samvedna_urls_in_debug"
    spec = importlib.util.spec_from_file_location(name, ROOT / "samvedna" / "urls.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    settings.ROOT_URLCONF = name
    yield module
    del sys.modules[name]


@pytest.mark.django_db
def test_development_serves_renditions_and_voice_clips_only(client, dev_urlconf, media_root):
    image = make_image()
    rendition = public_rendition(image)
    admin_thumbnail = image.get_rendition(ADMIN_FILTER)
    clip = make_voice_clip()
    private_clip = clip.file.name
    with serving_public_page(Page.objects.live().filter(depth=2).first()):
        clip_url = clip.url  # what a live public page links to: a public copy
    document = make_document()
    temporary = UploadedFile.objects.create(
        for_content_type=ContentType.objects.get_for_model(PrivateDocument),
        file=ContentFile(pdf_samples.plain(), "upload.pdf"),
    )

    for url, path in ((rendition.url, rendition.file.path), (clip_url, clip.file.path)):
        assert url.startswith("/media/")
        response = client.get(url)
        assert response.status_code == 200, url
        assert body(response) == Path(path).read_bytes()

    hidden = [
        image.file.name,
        document.file.name,
        temporary.file.name,
        admin_thumbnail.file.name,
        private_clip,
    ]
    assert [name.split("/")[0] for name in hidden] == [
        "original_images",
        "documents",
        "wagtail_uploads",
        "private_images",
        "private_media",
    ]
    for name in hidden:
        assert media_root.joinpath(name).exists()
        assert client.get(f"/media/{name}").status_code == 404, name
    # No way round the folder check.
    original = Path(image.file.name).name
    for path in (
        f"/media/images/../original_images/{original}",
        f"/media/images/%2e%2e/original_images/{original}",
        f"/media/images%2F..%2Foriginal_images%2F{original}",
        f"/media/images//{original}",
    ):
        assert client.get(path).status_code == 404, path
    # No folder listing (a page-like path gets the language redirect, then a 404).
    for path in ("/media/images/", "/media/"):
        assert client.get(path, follow=True).status_code == 404, path
    # The document itself is still served, by Wagtail's view.
    assert client.get(document.url).status_code == 200


@pytest.mark.django_db
def test_development_serves_a_voice_clip_only_while_a_live_story_plays_it(
    client, dev_urlconf, media_root, staff_client, leader_client
):
    clip = voice_clips.staff_uploads_a_clip(staff_client)
    stored = media_root.joinpath(clip.file.name).read_bytes()
    assert clip.file.name.startswith("private_media/")
    # Uploaded: no URL under MEDIA_URL answers, and nothing is in the served folder.
    assert client.get(f"/media/{clip.file.name}").status_code == 404
    assert client.get(f"/media/media/{Path(clip.file.name).name}").status_code == 404
    assert not media_root.joinpath("media").exists() or not any(
        media_root.joinpath("media").iterdir()
    )
    # Editors play it through the admin; an anonymous visitor is sent to sign in.
    admin_url = clip.url
    assert admin_url.startswith("/admin/private-voice-clips/")
    assert body(staff_client.get(admin_url)) == stored
    assert client.get(admin_url).status_code == 302

    story = voice_clips.live_story_playing(clip)
    public_url = voice_clips.reader_plays(client, story)
    assert public_url.startswith("/media/media/") and public_url != f"/media/{clip.file.name}"
    response = client.get(public_url)
    assert response.status_code == 200
    assert body(response) == stored
    assert audio_samples.find_planted(stored) == set()

    voice_clips.leader_withdraws(leader_client, story)

    assert client.get(public_url).status_code == 404
    assert not media_root.joinpath(public_url.removeprefix("/media/")).exists()
    assert client.get(story.url).status_code in (404, 410)


# --- storage layout: private default, public renditions and voice clips ------------------------


@pytest.fixture
def two_storages(settings, tmp_path):
    private, public = tmp_path / "private", tmp_path / "public"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(private), "base_url": "/private-media/"},
        },
        PUBLIC_MEDIA_STORAGE_ALIAS: {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(public), "base_url": "https://media.example.org/"},
        },
    }
    return private, public


def files_in(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


@pytest.mark.django_db
def test_originals_documents_and_voice_clips_are_private_and_what_pages_show_public(two_storages):
    private, public = two_storages
    image = make_image()
    rendition = public_rendition(image)
    admin_thumbnail = image.get_rendition(ADMIN_FILTER)
    clip = make_voice_clip()
    document = make_document()

    assert files_in(private) == {
        image.file.name,
        document.file.name,
        admin_thumbnail.file.name,
        clip.file.name,
    }
    assert files_in(public) == {rendition.file.name}
    assert admin_thumbnail.url.startswith("/admin/private-images/")
    assert rendition.url.startswith("https://media.example.org/images/")
    assert clip.url.startswith("/admin/private-voice-clips/")
    # A live public page playing the clip makes a public copy under another random name.
    with serving_public_page(Page.objects.live().filter(depth=2).first()):
        assert clip.url.startswith("https://media.example.org/media/")
    assert files_in(public) == {rendition.file.name, clip.public_file}
    assert Path(clip.public_file).stem != Path(clip.file.name).stem
    # Public names are unguessable: they start with the original's 32 random hex digits.
    stem = Path(image.file.name).stem
    assert Path(rendition.file.name).name.startswith(stem + ".")
    assert len(stem) == 32 and int(stem, 16) >= 0
    # The storage follows the configuration, without a migration.
    assert isinstance(PrivateRendition._meta.get_field("file").storage, RenditionStorage)
    assert PrivateMedia._meta.get_field("file").storage is default_storage


@pytest.mark.django_db
def test_without_a_public_storage_everything_stays_in_the_default_storage(media_root):
    image = make_image()
    rendition = image.get_rendition("width-20")
    assert public_media_storage.location == default_storage.location
    assert media_root.joinpath(rendition.file.name).exists()


# --- production configuration ------------------------------------------------------------------


def test_private_and_public_s3_options():
    storages = s3_media_storages(
        bucket="samvedna-media", endpoint_url="https://s3.example.org", region_name=None
    )
    private = storages["default"]["OPTIONS"]
    public = storages[PUBLIC_MEDIA_STORAGE_ALIAS]["OPTIONS"]
    # django-storages' S3Storage that deletes the files of a rolled-back request, for both.
    assert storages["default"]["BACKEND"] == "privacy.saved_files.S3MediaStorage"
    assert storages[PUBLIC_MEDIA_STORAGE_ALIAS]["BACKEND"] == "privacy.saved_files.S3MediaStorage"
    assert private["default_acl"] == "private"
    assert private["querystring_auth"] is True
    assert private["querystring_expire"] == 600
    assert private["custom_domain"] is None  # a custom domain would drop the signature
    assert public["default_acl"] == "public-read"
    assert public["querystring_auth"] is False
    assert private["file_overwrite"] is False and public["file_overwrite"] is False
    assert (private["location"], public["location"]) == ("private", "public")
    assert private["bucket_name"] == public["bucket_name"] == "samvedna-media"
    assert "region_name" not in private  # unset values are left to boto3


def storage_settings_in_production(**env: str) -> dict:
    code = (
        "import json; from samvedna.settings import production as s; "
        "print(json.dumps({'storages': s.STORAGES}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **os.environ,
            "SECRET_KEY": "only-for-reading-the-settings-" + "x" * 40,
            "OTP_SECRET_KEYS": new_key(),
            "ALLOWED_HOSTS": "samvedna.example.org",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_storage_settings_come_from_the_environment():
    found = storage_settings_in_production(
        AWS_STORAGE_BUCKET_NAME="samvedna-media",
        AWS_PUBLIC_STORAGE_BUCKET_NAME="samvedna-public",
        AWS_S3_PUBLIC_CUSTOM_DOMAIN="media.samvedna.example.org",
        AWS_QUERYSTRING_EXPIRE="300",
    )
    storages = found["storages"]
    assert set(storages) == {"default", PUBLIC_MEDIA_STORAGE_ALIAS, "staticfiles"}
    assert "whitenoise" in storages["staticfiles"]["BACKEND"]
    assert storages["default"]["OPTIONS"]["bucket_name"] == "samvedna-media"
    assert storages["default"]["OPTIONS"]["querystring_expire"] == 300
    public = storages[PUBLIC_MEDIA_STORAGE_ALIAS]["OPTIONS"]
    assert public["bucket_name"] == "samvedna-public"
    assert public["custom_domain"] == "media.samvedna.example.org"

    policy_only = storage_settings_in_production(
        AWS_STORAGE_BUCKET_NAME="samvedna-media", AWS_PUBLIC_ACL="none"
    )
    assert policy_only["storages"][PUBLIC_MEDIA_STORAGE_ALIAS]["OPTIONS"]["default_acl"] is None


def test_no_bucket_means_local_files():
    storages = storage_settings_in_production(AWS_STORAGE_BUCKET_NAME="")["storages"]
    assert set(storages) == {"default", "staticfiles"}
    # FileSystemStorage that leaves no partial file when the disk fills up, nor a rolled-back
    # request's files (privacy/saved_files.py).
    assert storages["default"]["BACKEND"] == "privacy.saved_files.LocalMediaStorage"
