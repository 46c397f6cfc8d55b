"""Safety rule 1 for documents: stored PDFs keep no metadata, scripts, attachments or names.

Metadata is planted with pikepdf and with exiftool (which appends an update, so the earlier
values stay in the file), every upload path is exercised, and the stored file is read back
from disk with pikepdf and exiftool. Bad files must give a clear error and leave nothing
behind: no file on disk, no database row (safety rule 6).
"""

from __future__ import annotations

import hashlib
import html
import io
import re
from pathlib import Path

import pikepdf
import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from PIL import Image
from wagtail.documents import get_document_model
from wagtail.models import Collection, GroupCollectionPermission, UploadedFile
from wagtail.permissions import policy_registry

from privacy.documents.forms import PrivateDocumentForm
from privacy.documents.models import PrivateDocument, neutral_document_title
from privacy.documents.sanitise import sanitise_pdf
from resources.models import ResourcePage
from tests.support import pdf_samples as samples
from tests.support.resource_factories import new_index

# What this module tests happens in Python, not in the database: CI runs it once, on SQLite.
pytestmark = pytest.mark.file_processing

UPLOAD_STEM = "priya_bhuj_gps"
UPLOAD_NAME = f"{UPLOAD_STEM}.pdf"
RANDOM_DOCUMENT = re.compile(r"^documents/[0-9a-f]{32}\.pdf$")
RANDOM_TEMPORARY = re.compile(r"^wagtail_uploads/[0-9a-f]{32}\.pdf$")
NEUTRAL_TITLE = re.compile(r"^Document \d{4}-\d{2}-\d{2} [0-9a-f]{4}$")
LEADERS, STAFF, ADMINISTRATORS = "Samvedna leaders", "KMVS staff", "Site administrators"

# What the samples carry, so the "nothing found" checks below can fail.
PLANTED = {
    "info",
    "xmp",
    "piece-info",
    "additional-actions",
    "javascript",
    "open-action",
    "embedded-file",
    "comment-author",
    "exif",
    "signature",
    "marker",
    "exiftool",
    "exiftool:PDF:Author",
    "exiftool:PDF:Creator",
    "exiftool:PDF:Producer",
    "exiftool:PDF:Title",
    "exiftool:PDF:Subject",
    "exiftool:PDF:Keywords",
    "exiftool:PDF:CreateDate",
    "exiftool:PDF:ModifyDate",
    "exiftool:XMP-dc:Creator",
    "exiftool:XMP-photoshop:City",
}

NOT_A_PDF = "not a pdf"
DISGUISED = "but it is really"
POLYGLOT = "something else hidden inside it"
DAMAGED = "damaged or incomplete"
ENCRYPTED = "protected by a password or encryption"
# (upload name, content, words the error must contain)
BAD_FILES = [
    pytest.param("form.pdf", samples.truncated(), DAMAGED, id="truncated"),
    pytest.param("form.pdf", samples.truncated_at_the_end(), DAMAGED, id="truncated-xref"),
    pytest.param("form.pdf", samples.HTML, "a web page (html)", id="html-named-pdf"),
    pytest.param("form.pdf", samples.zip_archive(), "a zip archive", id="zip-named-pdf"),
    pytest.param("form.pdf", samples.pdf_then_zip(), POLYGLOT, id="pdf-zip-polyglot"),
    pytest.param("form.pdf", samples.zip_hidden_before_eof(), POLYGLOT, id="zip-before-eof"),
    pytest.param("form.pdf", samples.pdf_with_html_inside(), POLYGLOT, id="pdf-html-polyglot"),
    pytest.param("form.pdf", samples.pdf_then_html(), POLYGLOT, id="html-after-eof"),
    pytest.param("form.pdf", samples.encrypted(), ENCRYPTED, id="encrypted"),
    pytest.param("form.pdf", samples.encrypted(""), ENCRYPTED, id="encrypted-no-password"),
    pytest.param("form.pdf", samples.huge_image(), "too many pixels", id="pixel-bomb"),
    pytest.param("form.pdf", samples.PNG, "really a picture", id="png-named-pdf"),
    pytest.param("form.pdf", samples.TEXT, NOT_A_PDF, id="text-named-pdf"),
    pytest.param("drawing.svg", samples.SVG, "“.svg” are not accepted", id="svg"),
    pytest.param("drawing.pdf", samples.SVG, "an svg drawing", id="svg-named-pdf"),
    pytest.param("form.docx", samples.zip_archive(), "“.docx” are not accepted", id="docx"),
    pytest.param("form", samples.plain(), "are not accepted", id="no-extension"),
]


# --- helpers -----------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path: Path) -> Path:
    """Each test gets an empty MEDIA_ROOT, so 'nothing stored' can be checked on disk."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


def media_files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def upload(data: bytes, name: str = UPLOAD_NAME) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def root_collection_id() -> int:
    return Collection.get_first_root_node().pk


def text_of(response) -> str:
    """Response text as a user reads it (entities decoded); JSON fragments included."""
    content = response.content.decode()
    if response.get("Content-Type", "").startswith("application/json"):
        content = " ".join(str(v) for v in response.json().values())
    return html.unescape(content)


def page_text(data: bytes) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return b"".join(page.Contents.read_bytes() for page in pdf.pages)


def assert_stored_clean(document: PrivateDocument) -> bytes:
    """The stored file has no metadata, a random name, matching database fields, and the
    page content of the upload."""
    document.refresh_from_db()
    data = Path(document.file.path).read_bytes()
    assert samples.find_metadata(data) == set()
    assert RANDOM_DOCUMENT.match(document.file.name), document.file.name
    assert samples.PAGE_TEXT in page_text(data)
    assert document.file_size == len(data)
    assert document.file_hash == hashlib.sha1(data).hexdigest()  # noqa: S324 - Wagtail's hash
    assert_no_upload_name(document)
    return data


def assert_no_upload_name(document: PrivateDocument) -> None:
    """Nothing of 'priya_bhuj_gps.pdf' in the stored path, the title or any text column."""
    values = " ".join(
        str(getattr(document, field.attname))
        for field in PrivateDocument._meta.concrete_fields
        if field.attname != "id"
    ).lower()
    for word in samples.UPLOAD_NAME_WORDS:
        assert word not in values, f"{word!r} survived in {values!r}"


def signed_in(client, user):
    """Signed in with both factors, as the admin requires (accounts/middleware.py)."""
    client.force_login(user)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def editor(staff_client):
    """A KMVS staff member: staff add, replace and choose the documents of rights guides."""
    return staff_client


def user_in(django_user_model, group: str, name: str = "staffer"):
    user = django_user_model.objects.create_user(name, password="x" * 12)
    user.groups.add(Group.objects.get(name=group))
    return user


# --- the model and the sanitiser ---------------------------------------------------------------


def test_the_document_model_is_private_document():
    assert get_document_model() is PrivateDocument


@pytest.mark.parametrize("sample", [samples.pikepdf_planted, samples.planted])
def test_samples_really_carry_the_planted_metadata(sample):
    found = samples.find_metadata(sample())
    assert found >= PLANTED, PLANTED - found


def test_exiftool_planting_keeps_the_earlier_values_in_the_file():
    # exiftool appends an update: the pikepdf-planted Info is still in the bytes.
    data = samples.planted()
    assert b"Word on PRIYA-LAPTOP SERIAL-42" in data
    assert b"PRIYA exiftool author" in data


@pytest.mark.parametrize("sample", [samples.pikepdf_planted, samples.planted])
def test_sanitise_removes_metadata_scripts_and_attachments(sample):
    clean = sanitise_pdf(io.BytesIO(sample()), UPLOAD_NAME)
    assert samples.find_metadata(clean.data) == set()
    assert re.fullmatch(r"[0-9a-f]{32}\.pdf", clean.name)
    assert clean.pages == 1


def test_sanitise_keeps_the_page_content_and_the_photo_without_its_exif():
    clean = sanitise_pdf(io.BytesIO(samples.planted()), UPLOAD_NAME)
    assert samples.PAGE_TEXT in page_text(clean.data)
    with pikepdf.open(io.BytesIO(clean.data)) as pdf:
        photos = pdf.pages[0].get_images()
        assert sorted(photos) == ["/Im1", "/Im2"]  # the plain and the Flate-packed JPEG
        jpegs = [photo.read_raw_bytes() for photo in photos.values()]
        assert [str(photo.Filter) for photo in photos.values()] == ["/DCTDecode"] * 2
    for jpeg in jpegs:
        assert b"Exif" not in jpeg
        assert b"PRIYA" not in jpeg and b"BHUJ" not in jpeg
        with Image.open(io.BytesIO(jpeg)) as im:
            im.load()
            assert im.size == (64, 48)
            assert not im.getexif()
            # ICC profiles carry text (descriptions, copyright) that can name people: the
            # picture is drawn in the device colour space instead.
            assert "icc_profile" not in im.info


def decoded_photos(data: bytes) -> list[tuple[bytes, Image.Image]]:
    """(unpacked stream bytes, picture) of each photo on the first page."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        photos = pdf.pages[0].get_images()
        return [
            (photo.read_bytes(), pikepdf.PdfImage(photo).as_pil_image())
            for photo in photos.values()
        ]


@pytest.mark.parametrize(
    "photo",
    [
        pytest.param(samples.jp2_planted, id="jp2-boxes"),
        pytest.param(samples.bare_codestream_planted, id="bare-codestream"),
    ],
)
def test_sanitise_keeps_a_jpeg_2000_photo_without_its_metadata(photo):
    planted = samples.with_jpx_photo(photo())
    assert {"marker"} <= samples.find_metadata(planted)  # the check below can fail
    clean = sanitise_pdf(io.BytesIO(planted), UPLOAD_NAME)
    found = samples.find_metadata(clean.data)
    assert not found & {"marker", "xmp", "exif"}, found
    # The photo is now its pixels, packed with Flate: no JPEG 2000 box or comment is left.
    ((pixels, im),) = decoded_photos(clean.data)
    for word in (b"PRIYA", b"BHUJ", b"xpacket", b"Exif", b"SERIAL", b"jP  "):
        assert word not in pixels
    assert im.size == samples.JPX_SIZE


def test_a_jpeg_2000_photo_with_a_broken_box_keeps_only_its_pixels():
    planted = samples.with_jpx_photo(samples.jp2_with_broken_boxes())
    clean = sanitise_pdf(io.BytesIO(planted), UPLOAD_NAME)
    assert not samples.find_metadata(clean.data) & {"marker", "xmp", "exif"}
    ((pixels, im),) = decoded_photos(clean.data)
    assert b"PRIYA" not in pixels and b"BHUJ" not in pixels
    assert im.size == samples.JPX_SIZE


def test_a_jpeg_2000_photo_that_cannot_be_read_is_refused():
    with pytest.raises(ValidationError, match="picture that cannot be checked: it is damaged"):
        sanitise_pdf(io.BytesIO(samples.with_jpx_photo(samples.jp2_unreadable())), UPLOAD_NAME)


def test_sanitise_drops_comments_links_and_form_fields():
    planted = samples.pikepdf_planted()
    with pikepdf.open(io.BytesIO(planted)) as pdf:
        assert len(pdf.pages[0].Annots) == 4  # the check below can fail
    clean = sanitise_pdf(io.BytesIO(planted), UPLOAD_NAME)
    with pikepdf.open(io.BytesIO(clean.data)) as pdf:
        assert "/Annots" not in pdf.pages[0].obj
        assert set(pdf.Root.keys()) == {"/Type", "/Pages"}
    assert b"Please check" not in clean.data and b"Signature1" not in clean.data


def test_sanitise_gives_the_same_bytes_for_the_same_upload_and_a_new_identifier():
    first = sanitise_pdf(io.BytesIO(samples.planted()), "a.pdf").data
    second = sanitise_pdf(io.BytesIO(samples.planted()), "b.pdf").data
    assert first == second
    with pikepdf.open(io.BytesIO(samples.planted())) as original:
        original_id = bytes(original.trailer.ID[0])
    with pikepdf.open(io.BytesIO(first)) as clean:
        assert bytes(clean.trailer.ID[0]) != original_id


def test_upper_case_extension_is_accepted():
    clean = sanitise_pdf(io.BytesIO(samples.planted()), "PRIYA_BHUJ.PDF")
    assert clean.name.endswith(".pdf")


@pytest.mark.parametrize(("name", "data", "words"), BAD_FILES)
def test_sanitise_refuses_bad_files_with_a_clear_message(name, data, words):
    with pytest.raises(ValidationError) as excinfo:
        sanitise_pdf(io.BytesIO(data), name)
    assert words in " ".join(excinfo.value.messages).lower()


def test_sanitise_refuses_a_decompression_bomb(settings):
    settings.PRIVACY_PDF_MAX_UNPACKED_SIZE = 4 * 1024 * 1024
    bomb = samples.flate_bomb(5 * 1024 * 1024)
    assert len(bomb) < 20_000  # a few kilobytes that unpack to megabytes
    with pytest.raises(ValidationError) as excinfo:
        sanitise_pdf(io.BytesIO(bomb), "form.pdf")
    assert excinfo.value.code == "too_much_data"
    assert "unpacks to more than 4.0" in excinfo.value.messages[0]
    # Below the limit the same kind of file is fine.
    settings.PRIVACY_PDF_MAX_UNPACKED_SIZE = 6 * 1024 * 1024
    assert sanitise_pdf(io.BytesIO(bomb), "form.pdf").pages == 1


def test_sanitise_refuses_oversized_files_without_reading_them_whole(settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1000

    class Counting(io.BytesIO):
        largest_read = 0

        def read(self, size=-1):
            Counting.largest_read = max(Counting.largest_read, size)
            return super().read(size)

    with pytest.raises(ValidationError) as excinfo:
        sanitise_pdf(Counting(samples.oversized(50_000)), "big.pdf")
    assert excinfo.value.code == "too_large"
    assert "too big" in excinfo.value.messages[0]
    assert Counting.largest_read == 1001


def test_neutral_titles():
    assert NEUTRAL_TITLE.match(neutral_document_title())


# --- programmatic creation ---------------------------------------------------------------------


@pytest.mark.django_db
def test_programmatic_create_stores_a_clean_file(media_root):
    document = PrivateDocument.objects.create(
        title="Ration card form", file=File(io.BytesIO(samples.planted()), UPLOAD_NAME)
    )
    assert_stored_clean(document)
    assert document.title == "Ration card form"
    assert media_files(media_root) == {document.file.name}


@pytest.mark.django_db
@pytest.mark.parametrize("title", ["", UPLOAD_STEM, UPLOAD_NAME, "PRIYA BHUJ GPS"])
def test_programmatic_title_from_the_file_name_is_replaced(title):
    document = PrivateDocument.objects.create(
        title=title, file=ContentFile(samples.planted(), UPLOAD_NAME)
    )
    assert NEUTRAL_TITLE.match(document.title)
    assert_stored_clean(document)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "data", "words"), BAD_FILES)
def test_programmatic_create_with_a_bad_file_stores_nothing(media_root, name, data, words):
    with pytest.raises(ValidationError) as excinfo:
        PrivateDocument.objects.create(title="Form", file=File(io.BytesIO(data), name))
    assert words in " ".join(excinfo.value.messages).lower()
    assert not PrivateDocument.objects.exists()
    assert media_files(media_root) == set()


@pytest.fixture
def existing_document(db) -> PrivateDocument:
    return PrivateDocument.objects.create(
        title="Pension form", file=ContentFile(samples.plain(), "first.pdf")
    )


@pytest.mark.django_db
def test_programmatic_file_replacement_is_sanitised(existing_document):
    existing_document.file = File(io.BytesIO(samples.planted()), UPLOAD_NAME)
    existing_document.save()
    assert_stored_clean(existing_document)


@pytest.mark.django_db
def test_direct_field_file_save_is_sanitised(existing_document):
    existing_document.file.save(UPLOAD_NAME, ContentFile(samples.planted()))
    assert_stored_clean(existing_document)


@pytest.mark.django_db
def test_direct_field_file_save_of_a_bad_file_is_refused(existing_document, media_root):
    before = media_files(media_root)
    with pytest.raises(ValidationError):
        existing_document.file.save("page.pdf", ContentFile(samples.HTML))
    assert media_files(media_root) == before


# --- admin: add --------------------------------------------------------------------------------


def post_add(client, data: bytes, name: str = UPLOAD_NAME, *, title: str = UPLOAD_STEM):
    return client.post(
        reverse("wagtaildocs:add"),
        {
            "title": title,
            "file": upload(data, name),
            "collection": root_collection_id(),
            "tags": "",
        },
    )


@pytest.mark.django_db
def test_admin_add_stores_a_clean_file_with_a_random_name(editor, media_root):
    response = post_add(editor, samples.planted())

    assert response.status_code == 302, text_of(response)
    document = PrivateDocument.objects.get()
    assert_stored_clean(document)
    # The title Wagtail's JavaScript copies from the file name is replaced by a neutral one.
    assert NEUTRAL_TITLE.match(document.title)
    assert media_files(media_root) == {document.file.name}


@pytest.mark.django_db
def test_admin_add_keeps_a_title_the_editor_wrote(editor):
    response = post_add(editor, samples.planted(), title="Ration card application form")
    assert response.status_code == 302
    assert PrivateDocument.objects.get().title == "Ration card application form"


@pytest.mark.django_db
def test_admin_add_form_says_what_is_accepted(editor):
    content = html.unescape(editor.get(reverse("wagtaildocs:add")).content.decode())
    assert "A PDF file of up to 20.0" in content
    assert "Only what its pages show is kept: comments, filled-in form fields" in content
    assert "the author, dates and other details stored in the file are removed" in content


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "data", "words"), BAD_FILES)
def test_admin_add_refuses_bad_files_and_stores_nothing(editor, media_root, name, data, words):
    response = post_add(editor, data, name)

    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    page = text_of(response)
    assert words in page.lower()
    for error in errors:
        assert error in page
    assert not PrivateDocument.objects.exists()
    assert media_files(media_root) == set()


@pytest.mark.django_db
def test_admin_add_refuses_a_file_over_20_mb_before_reading_it(editor, media_root):
    response = post_add(editor, samples.oversized(20 * 1024 * 1024))

    assert response.status_code == 200
    assert "This file is too big (20.0\xa0MB). Maximum filesize 20.0\xa0MB." in text_of(response)
    assert not PrivateDocument.objects.exists()
    assert media_files(media_root) == set()


# --- admin: edit / replace the file --------------------------------------------------------------


def post_edit(client, document: PrivateDocument, files: dict | None = None):
    data = {"title": document.title, "collection": document.collection_id, "tags": ""}
    data.update(files or {})
    return client.post(reverse("wagtaildocs:edit", args=(document.pk,)), data)


@pytest.mark.django_db
def test_admin_replace_file_stores_a_clean_file_and_deletes_the_old_one(
    editor, existing_document, media_root
):
    old_name = existing_document.file.name
    response = post_edit(editor, existing_document, {"file": upload(samples.planted())})

    assert response.status_code == 302, text_of(response)
    existing_document.refresh_from_db()
    assert existing_document.file.name != old_name
    assert_stored_clean(existing_document)
    assert existing_document.title == "Pension form"
    assert media_files(media_root) == {existing_document.file.name}


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "data", "words"), BAD_FILES[:6])
def test_admin_replace_with_bad_file_keeps_the_old_one(
    editor, existing_document, media_root, name, data, words
):
    stored = media_root.joinpath(existing_document.file.name).read_bytes()

    response = post_edit(editor, existing_document, {"file": upload(data, name)})

    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert words in text_of(response).lower()
    existing_document.refresh_from_db()
    assert media_root.joinpath(existing_document.file.name).read_bytes() == stored
    assert media_files(media_root) == {existing_document.file.name}


# --- admin: multiple upload --------------------------------------------------------------------


def post_multiple(client, data: bytes, name: str = UPLOAD_NAME, title: str | None = None):
    # What Wagtail's uploader sends: the file, a title made from the file name, a collection.
    return client.post(
        reverse("wagtaildocs:add_multiple"),
        {
            "files[]": upload(data, name),
            "title": Path(name).stem if title is None else title,
            "collection": root_collection_id(),
        },
        headers={"x-requested-with": "XMLHttpRequest"},
    )


@pytest.mark.django_db
def test_multiple_upload_stores_a_clean_file_with_a_neutral_title(editor, media_root):
    result = post_multiple(editor, samples.planted()).json()

    assert result["success"] is True, result
    document = PrivateDocument.objects.get(pk=result["doc_id"])
    assert_stored_clean(document)
    assert NEUTRAL_TITLE.match(document.title)
    assert "priya" not in result["form"].lower()
    assert not UploadedFile.objects.exists()
    assert media_files(media_root) == {document.file.name}


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "data", "words"), BAD_FILES)
def test_multiple_upload_refuses_bad_files_and_stores_nothing(
    editor, media_root, name, data, words
):
    result = post_multiple(editor, data, name).json()

    assert result["success"] is False
    assert words in result["error_message"].lower()
    assert not PrivateDocument.objects.exists()
    assert not UploadedFile.objects.exists()
    assert media_files(media_root) == set()


@pytest.mark.django_db
def test_multiple_upload_kept_for_later_is_sanitised_and_completed_cleanly(editor, media_root):
    # A title too long fails the form on another field than the file: Wagtail then keeps the
    # upload as a temporary UploadedFile and asks for the rest.
    result = post_multiple(editor, samples.planted(), title="PRIYA " * 60).json()

    assert result["success"] is True, result
    temporary = UploadedFile.objects.get(pk=result["uploaded_file_id"])
    assert RANDOM_TEMPORARY.match(temporary.file.name), temporary.file.name
    assert samples.find_metadata(media_root.joinpath(temporary.file.name).read_bytes()) == set()
    assert "priya" not in result["form"].lower()

    prefix = f"uploaded-document-{temporary.pk}"
    response = editor.post(
        reverse("wagtaildocs:create_multiple_from_uploaded_document", args=(temporary.pk,)),
        {
            f"{prefix}-title": "",
            f"{prefix}-collection": root_collection_id(),
            f"{prefix}-tags": "",
        },
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    result = response.json()
    assert result["success"] is True, result
    document = PrivateDocument.objects.get(pk=result["doc_id"])
    assert_stored_clean(document)
    assert NEUTRAL_TITLE.match(document.title)
    assert not UploadedFile.objects.exists()
    assert media_files(media_root) == {document.file.name}


@pytest.mark.django_db
def test_temporary_uploads_for_documents_are_sanitised_whoever_creates_them(media_root):
    temporary = UploadedFile.objects.create(
        for_content_type=ContentType.objects.get_for_model(PrivateDocument),
        file=File(io.BytesIO(samples.planted()), UPLOAD_NAME),
    )
    assert RANDOM_TEMPORARY.match(temporary.file.name)
    assert samples.find_metadata(media_root.joinpath(temporary.file.name).read_bytes()) == set()


# --- admin: chooser upload ---------------------------------------------------------------------


def post_chooser(client, data: bytes, name: str = UPLOAD_NAME, *, title: str = ""):
    prefix = "document-chooser-upload"
    return client.post(
        reverse("wagtaildocs_chooser:create"),
        {
            f"{prefix}-title": title,
            f"{prefix}-file": upload(data, name),
            f"{prefix}-collection": root_collection_id(),
            f"{prefix}-tags": "",
        },
    )


@pytest.mark.django_db
@pytest.mark.parametrize("title", ["", UPLOAD_STEM])
def test_chooser_upload_stores_a_clean_file(editor, media_root, title):
    result = post_chooser(editor, samples.planted(), title=title).json()

    assert result["step"] == "chosen", result
    document = PrivateDocument.objects.get()
    assert str(result["result"]["id"]) == str(document.pk)
    assert_stored_clean(document)
    assert NEUTRAL_TITLE.match(document.title)
    assert media_files(media_root) == {document.file.name}


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "data", "words"), BAD_FILES)
def test_chooser_upload_refuses_bad_files_and_stores_nothing(editor, media_root, name, data, words):
    result = post_chooser(editor, data, name).json()

    assert result["step"] == "reshow_creation_form"
    assert words in html.unescape(result["htmlFragment"]).lower()
    assert not PrivateDocument.objects.exists()
    assert media_files(media_root) == set()


def test_the_form_never_lets_a_raw_upload_through():
    form = PrivateDocumentForm.__new__(PrivateDocumentForm)
    form.cleaned_data = {"file": upload(samples.planted())}
    clean = form.clean_file()
    assert samples.find_metadata(clean.data) == set()


# --- who may upload and choose documents ---------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("group", "codenames"),
    [
        (STAFF, {"add_document", "change_document", "choose_document"}),
        (LEADERS, {"add_document", "change_document", "choose_document"}),
        (ADMINISTRATORS, {"add_document", "change_document", "choose_document", "delete_document"}),
    ],
)
def test_groups_have_document_permissions_on_the_root_collection(
    django_user_model, existing_document, group, codenames
):
    granted = set(
        GroupCollectionPermission.objects.filter(
            group__name=group,
            collection=Collection.get_first_root_node(),
            permission__content_type__app_label="wagtaildocs",
        ).values_list("permission__codename", flat=True)
    )
    assert granted == codenames
    # Wagtail checks documents against wagtaildocs.Document's permissions, whatever the model
    # (and treats "delete" as "change": whoever may edit a document may also delete it).
    policy = policy_registry.get_by_type(PrivateDocument)
    user = user_in(django_user_model, group)
    assert policy.user_has_permission(user, "add")
    assert policy.user_has_permission(user, "choose")
    assert policy.user_has_permission_for_instance(user, "change", existing_document)


@pytest.mark.django_db
def test_staff_can_upload_a_pdf_and_choose_it_in_a_guide(client, django_user_model, media_root):
    staff = signed_in(client, user_in(django_user_model, STAFF))

    response = post_add(staff, samples.planted(), title="Pension application form")
    assert response.status_code == 302, text_of(response)
    document = PrivateDocument.objects.get()
    assert_stored_clean(document)
    assert document.uploaded_by_user.username == "staffer"

    chooser = staff.get(reverse("wagtaildocs_chooser:choose"))
    assert chooser.status_code == 200
    assert "Pension application form" in text_of(chooser)
    chosen = staff.get(reverse("wagtaildocs_chooser:chosen", args=(document.pk,))).json()
    assert chosen["step"] == "chosen"

    index = new_index()
    url = reverse("wagtailadmin_pages:add", args=["resources", "resourcepage", index.pk])
    response = staff.post(
        url,
        {
            "title": "Getting a pension",
            "slug": "getting-a-pension",
            "category": "pensions-and-benefits",
            "needs": ["pension"],
            "summary": "Apply at the taluka office.",
            "steps-count": "0",
            "documents_needed-count": "0",
            "guide-count": "0",
            "helplines-count": "0",
            "sources-count": "0",
            "downloads-count": "1",
            "downloads-0-type": "download",
            "downloads-0-deleted": "",
            "downloads-0-order": "0",
            "downloads-0-value-document": str(document.pk),
            "downloads-0-value-title": "",
            "last_reviewed": "2025-05-10",
            "review_by": "2026-05-10",
        },
    )
    assert response.status_code == 302, text_of(response)[:3000]
    page = ResourcePage.objects.get(slug="getting-a-pension")
    draft = page.get_latest_revision_as_object()
    assert [block.value["document"] for block in draft.downloads] == [document]
