"""Uploaded PDFs keep only what a reader sees (issue 12, item 1; DESIGN.md safety rule 1).

Each hostile sample (tests/support/pdf_hostile_samples.py) hides a name, a home-directory path or a
phone's EXIF with GPS somewhere a reader never looks. A KMVS staff member uploads it through
the real admin form; the stored file and the download the public is served are read back, and
neither their bytes nor any of their unpacked streams may hold the planted detail, while the
visible text and pictures survive.
"""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, ImageChops, ImageStat
from wagtail.models import Collection

from privacy.documents.models import PrivateDocument
from privacy.documents.sanitise import sanitise_pdf
from tests.support import pdf_hostile_samples as hostile
from tests.support import pdf_structure_samples as structures

pytestmark = pytest.mark.file_processing

# Keys the rebuilt document may hold, per kind of object. (The trailer is a cross-reference
# stream: its own keys say how the stream is packed.)
TRAILER_KEYS = {"/Root", "/Size", "/ID", "/Type", "/W", "/Index", "/Filter", "/DecodeParms",
                "/Length"}  # fmt: skip
CATALOG_KEYS = {"/Type", "/Pages"}
PAGE_KEYS = {"/Type", "/Parent", "/MediaBox", "/CropBox", "/Rotate", "/UserUnit", "/Group",
             "/Resources", "/Contents"}  # fmt: skip
RESOURCE_KINDS = {"/Font", "/XObject", "/ExtGState", "/ColorSpace", "/Pattern", "/Shading"}
FORM_KEYS = {"/Type", "/Subtype", "/FormType", "/BBox", "/Matrix", "/Resources", "/Group",
             "/Length", "/Filter"}  # fmt: skip
IMAGE_KEYS = {"/Type", "/Subtype", "/Width", "/Height", "/ColorSpace", "/BitsPerComponent",
              "/Decode", "/Interpolate", "/Intent", "/ImageMask", "/Mask", "/SMask", "/Matte",
              "/Length", "/Filter"}  # fmt: skip


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


def upload_as_staff(staff_client, data: bytes) -> PrivateDocument:
    """The staff member's admin upload, as Wagtail's "Add a document" form sends it."""
    response = staff_client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Ration card form",
            "file": SimpleUploadedFile("meenaben_notes.pdf", data, content_type="application/pdf"),
            "collection": Collection.get_first_root_node().pk,
            "tags": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    return PrivateDocument.objects.get()


def stored_and_served(client, document: PrivateDocument) -> tuple[bytes, bytes]:
    stored = Path(document.file.path).read_bytes()
    response = client.get(document.url)  # a reader, not signed in
    assert response.status_code == 200
    served = b"".join(response.streaming_content) if response.streaming else response.content
    return stored, served


# --- the samples hide what they should ----------------------------------------------------------


@pytest.mark.parametrize("sample", hostile.HOSTILE.values(), ids=hostile.HOSTILE.keys())
def test_each_sample_hides_a_detail_a_reader_does_not_see(sample):
    data = sample()
    assert hostile.planted_details(data)  # the checks below can fail
    assert hostile.VISIBLE in hostile.shown_text(data)


def test_the_two_jpegs_sample_carries_gps_in_its_second_picture():
    data = hostile.two_jpegs()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        stream = pdf.pages[0].Resources.XObject.Im1.read_raw_bytes()
    second = stream[stream.index(b"\xff\xd8", 2) :]
    with Image.open(io.BytesIO(second)) as picture:
        exif = picture.getexif()
        assert exif.get_ifd(0x8825)[1] == "N"
        assert exif[0x013B] == "Meenaben Parmar"


# --- through the real upload and download --------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("sample", hostile.HOSTILE.values(), ids=hostile.HOSTILE.keys())
def test_a_staff_upload_keeps_no_hidden_detail_in_the_stored_or_served_file(
    staff_client, client, sample
):
    document = upload_as_staff(staff_client, sample())

    stored, served = stored_and_served(client, document)

    assert served == stored
    assert hostile.planted_details(stored) == set()
    assert hostile.VISIBLE in hostile.shown_text(stored)


@pytest.mark.django_db
def test_an_acrobat_sticky_note_is_accepted_and_the_note_left_out(staff_client, client):
    document = upload_as_staff(staff_client, hostile.sticky_note())

    stored, _served = stored_and_served(client, document)

    with pikepdf.open(io.BytesIO(stored)) as pdf:
        assert "/Annots" not in pdf.pages[0].obj
    assert b"called from" not in b"".join(hostile.every_stream(stored))


@pytest.mark.django_db
def test_an_ordinary_document_keeps_its_text_and_pictures(staff_client, client):
    document = upload_as_staff(staff_client, hostile.ordinary())

    stored, served = stored_and_served(client, document)

    assert served == stored
    assert hostile.shown_text(stored) == hostile.VISIBLE
    with pikepdf.open(io.BytesIO(stored)) as pdf:
        images = pdf.pages[0].Resources.XObject
        photo = pikepdf.PdfImage(images.Im1).as_pil_image()
        flat = pikepdf.PdfImage(images.Im2).as_pil_image()
        assert images.Im1.Filter == pikepdf.Name.DCTDecode
    with Image.open(io.BytesIO(hostile.jpeg(hostile.gradient()))) as original:
        difference = ImageStat.Stat(ImageChops.difference(photo.convert("RGB"), original))
    assert photo.size == hostile.PICTURE_SIZE
    assert max(difference.mean) < 2  # the same quantisation tables: almost no loss
    assert flat.tobytes() == hostile.gradient((16, 12)).tobytes()  # packed without loss


# --- what the rebuilt document holds -------------------------------------------------------------


def _rebuilt(sample) -> bytes:
    return sanitise_pdf(io.BytesIO(sample()), "form.pdf").data


def test_text_in_a_layer_switched_off_is_gone_and_a_layer_switched_on_stays():
    clean = _rebuilt(hostile.hidden_layer)
    text = hostile.shown_text(clean)
    assert b"Layer that is shown" in text
    assert hostile.NAME not in text
    with pikepdf.open(io.BytesIO(clean)) as pdf:
        page = pdf.pages[0]
        assert set(page.Resources.XObject.keys()) == set()  # hidden form and picture left out
        assert "/OCProperties" not in pdf.Root
        # The hidden path is ended without painting: nothing of it is drawn.
        operators = [str(op) for _operands, op in pikepdf.parse_content_stream(page)]
    assert "BDC" not in operators and "EMC" not in operators
    assert operators.count("f") == 0 and operators.count("n") == 1


@pytest.mark.parametrize("sample", hostile.HOSTILE.values(), ids=hostile.HOSTILE.keys())
def test_the_rebuilt_document_keeps_only_the_keys_a_reader_needs(sample):
    with pikepdf.open(io.BytesIO(_rebuilt(sample))) as pdf:
        assert set(pdf.Root.keys()) == CATALOG_KEYS
        assert set(pdf.trailer.keys()) <= TRAILER_KEYS
        for page in pdf.pages:
            assert set(page.obj.keys()) <= PAGE_KEYS
            assert set(page.Resources.keys()) <= RESOURCE_KINDS
            for xobject in page.Resources.get("/XObject", {}).values():
                allowed = IMAGE_KEYS if xobject.Subtype == pikepdf.Name.Image else FORM_KEYS
                assert set(xobject.keys()) <= allowed


def test_icc_profiles_become_device_colour_spaces():
    with pikepdf.open(io.BytesIO(_rebuilt(hostile.icc_profiles))) as pdf:
        resources = pdf.pages[0].Resources
        assert set(resources.ColorSpace.keys()) == {"/CS0"}  # no /DefaultRGB pointing at ICC
        assert pikepdf.Name.DeviceRGB == resources.ColorSpace.CS0
        assert resources.XObject.Im1.ColorSpace == pikepdf.Name.DeviceRGB
        photo = resources.XObject.Im2
        assert photo.ColorSpace == pikepdf.Name.DeviceRGB
        with Image.open(io.BytesIO(photo.read_raw_bytes())) as picture:
            assert "icc_profile" not in picture.info


def test_a_photo_made_of_two_jpegs_keeps_the_first_picture_only():
    with pikepdf.open(io.BytesIO(_rebuilt(hostile.two_jpegs))) as pdf:
        data = pdf.pages[0].Resources.XObject.Im1.read_raw_bytes()
    assert data.count(b"\xff\xd8") == 1  # one picture: nothing after its end
    with Image.open(io.BytesIO(data)) as picture:
        assert picture.size == hostile.PICTURE_SIZE
        assert not picture.getexif()


@pytest.mark.parametrize("sample", [hostile.hidden_layer, hostile.icc_profiles, hostile.two_jpegs])
def test_the_same_upload_gives_the_same_bytes(sample):
    assert _rebuilt(sample) == _rebuilt(sample)


# --- less common drawing features keep working ---------------------------------------------------

STRUCTURES = {
    "drawing-features": structures.drawing_features,
    "inline-photo": structures.inline_photo,
    "cmyk-photo": lambda: structures.cmyk_photo()[0],
}


@pytest.mark.django_db
@pytest.mark.parametrize("sample", STRUCTURES.values(), ids=STRUCTURES.keys())
def test_a_staff_upload_of_less_common_features_keeps_no_hidden_detail(
    staff_client, client, sample
):
    data = sample()
    assert hostile.planted_details(data)  # the check below can fail

    stored, served = stored_and_served(client, upload_as_staff(staff_client, data))

    assert served == stored
    assert hostile.planted_details(stored) == set()


def test_type3_glyphs_patterns_spot_colours_and_soft_masks_are_kept_without_free_text():
    with pikepdf.open(io.BytesIO(_rebuilt(structures.drawing_features))) as pdf:
        resources = pdf.pages[0].Resources
        glyph = resources.Font.T3.CharProcs.a.read_bytes()
        assert b"BI /W 8 /H 8 /IM true /F /AHx ID " + structures.GLYPH_MASK.hex().encode() in glyph
        assert set(resources.Font.T3.keys()) == {
            "/Type", "/Subtype", "/FontBBox", "/FontMatrix", "/CharProcs", "/Encoding",
            "/FirstChar", "/LastChar", "/Widths", "/Resources",
        }  # fmt: skip
        assert resources.Pattern.P1.read_bytes() == b"0 0 1 rg\n0 0 5 5 re\nf"
        assert resources.Pattern.P2.Shading.Function.C1 == [0, 0, 1]
        spot = resources.ColorSpace.Spot
        assert list(spot[:3]) == [pikepdf.Name.Separation, pikepdf.Name("/Spot1"),
                                  pikepdf.Name.DeviceRGB]  # fmt: skip
        assert spot[3].read_bytes() == b"{ 1 exch sub 0 0 }"  # the comment is gone
        state = resources.ExtGState.GS1
        assert set(state.keys()) == {"/Type", "/ca", "/SMask"}
        assert state.SMask.G.read_bytes() == b"0.5 g\n0 0 300 200 re\nf"
        operators = [str(op) for _operands, op in pikepdf.parse_content_stream(pdf.pages[0])]
    assert operators.count("scn") == 2 and operators.count("sc") == 1 and "gs" in operators


def test_a_cmyk_photo_keeps_its_samples_and_its_decode_array():
    data, original = structures.cmyk_photo()
    with pikepdf.open(io.BytesIO(sanitise_pdf(io.BytesIO(data), "a.pdf").data)) as pdf:
        photo = pdf.pages[0].Resources.XObject.Im1
        assert photo.Decode == [1, 0, 1, 0, 1, 0, 1, 0]
        with Image.open(io.BytesIO(photo.read_raw_bytes())) as picture:
            picture.load()
            assert picture.mode == "CMYK"
            assert not picture.getexif()
            difference = ImageStat.Stat(ImageChops.difference(picture, original))
    assert max(difference.mean) < 2


def test_a_fax_picture_keeps_its_pixels():
    data, original = structures.fax_picture()
    with pikepdf.open(io.BytesIO(sanitise_pdf(io.BytesIO(data), "a.pdf").data)) as pdf:
        scan = pdf.pages[0].Resources.XObject.Im1
        assert scan.BitsPerComponent == 1
        picture = pikepdf.PdfImage(scan).as_pil_image()
    assert picture.convert("L").tobytes() == original.convert("L").tobytes()


@pytest.mark.django_db
def test_a_picture_that_cannot_be_decoded_is_refused_with_a_clear_message(staff_client, media_root):
    response = staff_client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Scan",
            "file": SimpleUploadedFile("scan.pdf", structures.jbig2_picture()),
            "collection": Collection.get_first_root_node().pk,
            "tags": "",
        },
    )

    assert response.status_code == 200
    (error,) = response.context["form"].errors["file"]
    assert error.startswith("This PDF contains a picture that cannot be checked")
    assert "Print to PDF" in error
    assert not PrivateDocument.objects.exists()
    assert not any(p.is_file() for p in media_root.rglob("*"))
