"""Sample PDFs with planted metadata, scripts and attachments, broken files, and a detector.

As in image_samples.py, planted values contain a marker (``PRIYA``, ``BHUJ``, ``SERIAL``) so a
leak shows up even where the detector does not parse, and ``find_metadata`` is run on the
samples first to prove it finds what was planted: a test asserting it finds nothing in a stored
file can therefore fail.
"""

from __future__ import annotations

import functools
import io
import json
import subprocess
import tempfile
import zipfile
import zlib
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, String
from PIL import Image as PILImage

from tests.support import image_samples

EXIFTOOL = image_samples.EXIFTOOL
MARKERS = image_samples.MARKERS
UPLOAD_NAME_WORDS = image_samples.UPLOAD_NAME_WORDS

XMP_PACKET = (
    '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"'
    ' xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/">'
    "<dc:creator><rdf:Seq><rdf:li>PRIYA XMP author</rdf:li></rdf:Seq></dc:creator>"
    "<photoshop:City>BHUJ-XMP</photoshop:City>"
    "</rdf:Description></rdf:RDF></x:xmpmeta>"
    '<?xpacket end="w"?>'
)
PAGE_TEXT = b"Ration card application form"

# exiftool groups and PDF tags that describe the file's structure, not its authors.
ALLOWED_EXIFTOOL = {
    "ExifTool:ExifToolVersion",
    "ExifTool:Warning",
    "PDF:PDFVersion",
    "PDF:Linearized",
    "PDF:PageCount",
    "PDF:HasXFA",  # "No": the form is a plain AcroForm
}


def _content(pdf: pikepdf.Pdf, data: bytes) -> pikepdf.Object:
    return pdf.make_stream(data)


def _page(pdf: pikepdf.Pdf, text: bytes = PAGE_TEXT) -> pikepdf.Page:
    font = Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
    page = pdf.add_blank_page(page_size=(300, 200))
    page.obj.Resources = Dictionary(Font=Dictionary(F1=font))
    page.obj.Contents = _content(pdf, b"BT /F1 12 Tf 20 150 Td (" + text + b") Tj ET")
    return page


def _save(pdf: pikepdf.Pdf, **options) -> bytes:
    out = io.BytesIO()
    pdf.save(out, **options)
    return out.getvalue()


def plain() -> bytes:
    """A clean one-page PDF with some text."""
    pdf = pikepdf.new()
    _page(pdf)
    return _save(pdf, deterministic_id=True)


def _jpeg_with_exif() -> tuple[bytes, int, int]:
    data = image_samples.planted("JPEG")
    return data, 64, 48


def pikepdf_planted() -> bytes:
    """Metadata and active content planted with pikepdf: Info, XMP (document, page, image),
    PieceInfo, OpenAction and AA JavaScript, a JavaScript name tree, an attached file, a comment
    with its author, a JavaScript link, and a photo with EXIF/GPS inside."""
    pdf = pikepdf.new()
    page = _page(pdf)
    pdf.docinfo[Name.Author] = "Meena PRIYA (staff)"
    pdf.docinfo[Name.Creator] = "Word on PRIYA-LAPTOP SERIAL-42"
    pdf.docinfo[Name.Producer] = "PRIYA producer"
    pdf.docinfo[Name.Title] = "BHUJ meeting notes"
    pdf.docinfo[Name.Subject] = "PRIYA subject"
    pdf.docinfo[Name.Keywords] = "BHUJ, PRIYA"
    pdf.docinfo[Name.CreationDate] = "D:20240102030405+05'30'"
    pdf.docinfo[Name.ModDate] = "D:20240102030405+05'30'"
    pdf.docinfo[Name("/CustomField")] = "SERIAL custom"
    pdf.Root.Metadata = pdf.make_stream(XMP_PACKET.encode(), Type=Name.Metadata, Subtype=Name.XML)
    page.obj.Metadata = pdf.make_stream(XMP_PACKET.encode(), Type=Name.Metadata, Subtype=Name.XML)
    page.obj.PieceInfo = Dictionary(
        Word=Dictionary(LastModified=String("D:2024"), Private=String("PRIYA private data"))
    )
    page.obj.AA = Dictionary(
        O=Dictionary(S=Name.JavaScript, JS=String("app.alert('PRIYA page open')"))
    )
    pdf.Root.OpenAction = Dictionary(S=Name.JavaScript, JS=String("app.alert('PRIYA open')"))
    pdf.Root.AA = Dictionary(WC=Dictionary(S=Name.JavaScript, JS=String("app.alert('close')")))
    script = Dictionary(S=Name.JavaScript, JS=String("app.alert('PRIYA names')"))
    pdf.Root.Names = Dictionary(
        JavaScript=Dictionary(Names=Array([String("init"), pdf.make_indirect(script)]))
    )
    pdf.attachments["priya_bhuj_contacts.txt"] = pikepdf.AttachedFileSpec(
        pdf, b"PRIYA 98250 12345 BHUJ", description="PRIYA contacts"
    )

    jpeg, width, height = _jpeg_with_exif()
    photo = pdf.make_stream(
        jpeg,
        Type=Name.XObject,
        Subtype=Name.Image,
        Width=width,
        Height=height,
        ColorSpace=Name.DeviceRGB,
        BitsPerComponent=8,
        Filter=Name.DCTDecode,
    )
    photo.Metadata = pdf.make_stream(XMP_PACKET.encode(), Type=Name.Metadata, Subtype=Name.XML)
    # The same photo packed once more with Flate, as some PDF writers do.
    packed = pdf.make_stream(b"")
    packed.write(
        zlib.compress(jpeg), filter=Array([Name.FlateDecode, Name.DCTDecode]), type_check=False
    )
    for key, value in photo.stream_dict.items():
        if key not in ("/Filter", "/Length", "/DecodeParms", "/Metadata"):
            packed[key] = value
    page.obj.Resources.XObject = Dictionary(Im1=photo, Im2=packed)
    page.obj.Contents = _content(
        pdf,
        page.obj.Contents.read_bytes()
        + b" q 64 0 0 48 20 20 cm /Im1 Do Q q 64 0 0 48 100 20 cm /Im2 Do Q",
    )
    # A signed form field: the signature names the signer and carries her certificate.
    signature = Dictionary(
        Type=Name.Sig,
        Filter=Name("/Adobe.PPKLite"),
        SubFilter=Name("/adbe.pkcs7.detached"),
        Name=String("Meena PRIYA"),
        Location=String("BHUJ office"),
        M=String("D:20240102030405+05'30'"),
        ByteRange=Array([0, 0, 0, 0]),
        Contents=String(b"SERIAL-certificate-of-PRIYA"),
    )
    signature_field = pdf.make_indirect(
        Dictionary(
            Type=Name.Annot,
            Subtype=Name.Widget,
            FT=Name.Sig,
            T=String("Signature1"),
            Rect=Array([0, 0, 0, 0]),
            V=pdf.make_indirect(signature),
            P=page.obj,
        )
    )
    pdf.Root.AcroForm = Dictionary(Fields=Array([signature_field]), SigFlags=3)
    pdf.Root.Perms = Dictionary(DocMDP=signature_field.V)
    pdf.trailer.PrivateKey = String("PRIYA trailer secret")

    comment = Dictionary(
        Type=Name.Annot,
        Subtype=Name.Text,
        Rect=Array([200, 150, 220, 170]),
        Contents=String("Please check"),
        T=String("Meena PRIYA"),
        M=String("D:20240102030405+05'30'"),
        CreationDate=String("D:20240102030405+05'30'"),
    )
    link = Dictionary(
        Type=Name.Annot,
        Subtype=Name.Link,
        Rect=Array([20, 140, 200, 165]),
        A=Dictionary(S=Name.JavaScript, JS=String("app.launchURL('http://PRIYA.example')")),
    )
    attachment = Dictionary(
        Type=Name.Annot,
        Subtype=Name.FileAttachment,
        Rect=Array([250, 150, 270, 170]),
        FS=pdf.attachments["priya_bhuj_contacts.txt"].obj,
        T=String("PRIYA"),
    )
    page.obj.Annots = Array([comment, link, attachment, signature_field])
    return _save(pdf, compress_streams=False, deterministic_id=True)


def exiftool_plant(data: bytes) -> bytes:
    """Add metadata with exiftool, as desktop tools do: an incremental update, so the earlier
    Info and XMP stay in the file too."""
    args = [
        "-overwrite_original",
        "-PDF:Author=PRIYA exiftool author",
        "-PDF:Creator=SERIAL exiftool creator",
        "-PDF:Title=BHUJ exiftool title",
        "-PDF:Keywords=PRIYA",
        "-XMP-dc:Creator=PRIYA exiftool XMP",
        "-XMP-photoshop:City=BHUJ exiftool XMP",
        "-XMP-pdf:Producer=PRIYA exiftool producer",
    ]
    if not Path(EXIFTOOL).exists():
        raise AssertionError(f"{EXIFTOOL} is missing: install libimage-exiftool-perl")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sample.pdf"
        path.write_bytes(data)
        subprocess.run([EXIFTOOL, "-q", "-q", *args, str(path)], check=True, timeout=60)
        return path.read_bytes()


@functools.lru_cache
def planted() -> bytes:
    """Everything at once: pikepdf's planted content with exiftool's update on top."""
    return exiftool_plant(pikepdf_planted())


def exiftool_json(path: Path) -> dict[str, object]:
    result = subprocess.run(
        [EXIFTOOL, "-j", "-a", "-u", "-G1", str(path)], check=True, capture_output=True, timeout=60
    )
    return json.loads(result.stdout)[0]


def exiftool_tags(data: bytes) -> set[str]:
    """Tags exiftool reads from the file, other than the file system's and structure's."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "read.pdf"
        path.write_bytes(data)
        found = exiftool_json(path)
    return {
        key
        for key in found
        if key != "SourceFile"
        and not key.startswith(("System:", "File:"))
        and key not in ALLOWED_EXIFTOOL
    }


def _decoded(stream: pikepdf.Object) -> bytes:
    """The stream's bytes with every general-purpose filter undone (a JPEG stays a JPEG)."""
    data = stream.read_raw_bytes()
    filters = stream.get("/Filter")
    names = [str(f) for f in filters] if isinstance(filters, pikepdf.Array) else [str(filters)]
    for name in names if filters is not None else []:
        if name not in ("/FlateDecode", "/Fl"):
            break
        data = zlib.decompress(data)
    return data


def _has_key(obj: pikepdf.Object, key: str) -> bool:
    return isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)) and key in obj


def _walk(obj: pikepdf.Object, seen: set) -> list[pikepdf.Object]:
    found = []
    stack = [obj]
    while stack:
        current = stack.pop()
        if current.is_indirect:
            if current.objgen in seen:
                continue
            seen.add(current.objgen)
        found.append(current)
        if isinstance(current, (pikepdf.Dictionary, pikepdf.Stream)):
            stack.extend(v for v in current.values() if isinstance(v, pikepdf.Object))
        elif isinstance(current, pikepdf.Array):
            stack.extend(v for v in current if isinstance(v, pikepdf.Object))
    return found


def find_metadata(data: bytes) -> set[str]:
    """Kinds of metadata and active content in a PDF, read with pikepdf and exiftool.

    Every object in the file is looked at (not only those the document uses), so earlier
    revisions and orphaned objects count too.
    """
    kinds: set[str] = set()
    if any(marker.encode() in data for marker in MARKERS):
        kinds.add("marker")
    if b"<x:xmpmeta" in data or b"<?xpacket" in data:
        kinds.add("xmp")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        info = pdf.trailer.get("/Info")
        if isinstance(info, pikepdf.Dictionary) and len(info.keys()):
            kinds.add("info")
        root = pdf.Root
        if "/OpenAction" in root:
            kinds.add("open-action")
        names = root.get("/Names")
        if isinstance(names, pikepdf.Dictionary):
            if "/JavaScript" in names:
                kinds.add("javascript")
            if "/EmbeddedFiles" in names:
                kinds.add("embedded-file")
        seen: set = set()
        objects = list(pdf.objects)
        for top in [pdf.trailer, *objects]:
            for obj in _walk(top, seen):
                if _has_key(obj, "/Metadata") or obj.get("/Type") == Name.Metadata:
                    kinds.add("xmp")
                if _has_key(obj, "/PieceInfo"):
                    kinds.add("piece-info")
                if _has_key(obj, "/AA"):
                    kinds.add("additional-actions")
                if _has_key(obj, "/JS") or (
                    _has_key(obj, "/S") and obj.get("/S") == Name.JavaScript
                ):
                    kinds.add("javascript")
                if _has_key(obj, "/AF") or _has_key(obj, "/EF"):
                    kinds.add("embedded-file")
                if obj.get("/Type") == Name.EmbeddedFile if _has_key(obj, "/Type") else False:
                    kinds.add("embedded-file")
                if _has_key(obj, "/Subtype") and obj.get("/Subtype") == Name.FileAttachment:
                    kinds.add("embedded-file")
                if (
                    _has_key(obj, "/Subtype")
                    and obj.get("/Subtype") not in (Name.Widget, Name.Link)
                    and _has_key(obj, "/Rect")
                    and _has_key(obj, "/T")
                ):
                    kinds.add("comment-author")
                if _has_key(obj, "/Type") and obj.get("/Type") == Name.Sig:
                    kinds.add("signature")
                if isinstance(obj, pikepdf.Stream):
                    content = _decoded(obj)
                    if b"Exif\x00\x00" in content:
                        kinds.add("exif")
                    if b"<x:xmpmeta" in content or b"<?xpacket" in content:
                        kinds.add("xmp")
                    if any(m.encode() in content for m in MARKERS):
                        kinds.add("marker")
                elif isinstance(obj, (pikepdf.Dictionary, pikepdf.Array, pikepdf.String)):
                    text = obj.unparse() if not isinstance(obj, pikepdf.String) else bytes(obj)
                    if any(m.encode() in text for m in MARKERS):
                        kinds.add("marker")
    tags = exiftool_tags(data)
    if tags:
        kinds.add("exiftool")
        kinds.update(f"exiftool:{tag}" for tag in tags)
    return kinds


# --- JPEG 2000 photos ---------------------------------------------------------------------------

JPX_SIZE = (32, 24)
# The EXIF payload a camera app writes into a "uuid" box (JpgTiffExif->JP2 UUID).
_EXIF_UUID = bytes.fromhex("4a706754696666457869662d3e4a5032")


def _box(kind: bytes, content: bytes) -> bytes:
    return (8 + len(content)).to_bytes(4, "big") + kind + content


def _with_comment(codestream: bytes, text: bytes) -> bytes:
    """The codestream with a COM segment (Rcom 1: text) after its SIZ segment."""
    siz_length = int.from_bytes(codestream[4:6], "big")
    split = 4 + siz_length
    comment = b"\xff\x64" + (4 + len(text)).to_bytes(2, "big") + b"\x00\x01" + text
    return codestream[:split] + comment + codestream[split:]


def jp2_planted() -> bytes:
    """A JPEG 2000 photo carrying XMP (an "xml " box), EXIF with a place (a "uuid" box), a
    label box and a codestream comment, all naming PRIYA or BHUJ."""
    out = io.BytesIO()
    PILImage.new("RGB", JPX_SIZE, (200, 100, 50)).save(out, format="JPEG2000")
    data = out.getvalue()
    boxes, pos = [], 0
    while pos < len(data):
        length = int.from_bytes(data[pos : pos + 4], "big") or len(data) - pos
        boxes.append((data[pos + 4 : pos + 8], data[pos + 8 : pos + length]))
        pos += length
    planted = b""
    for kind, content in boxes:
        if kind == b"jp2c":
            planted += _box(b"xml ", XMP_PACKET.encode())
            planted += _box(b"uuid", _EXIF_UUID + b"Exif\x00\x00MM PRIYA GPS 23.25N 69.66E BHUJ")
            planted += _box(b"lbl ", b"PRIYA at BHUJ")
            content = _with_comment(content, b"PRIYA BHUJ camera SERIAL")
        planted += _box(kind, content)
    return planted


def bare_codestream_planted() -> bytes:
    """A JPEG 2000 codestream without the JP2 wrapper, with a comment naming PRIYA."""
    out = io.BytesIO()
    PILImage.new("RGB", JPX_SIZE, (20, 100, 150)).save(out, format="JPEG2000", no_jp2=True)
    return _with_comment(out.getvalue(), b"PRIYA BHUJ")


def with_jpx_photo(photo: bytes) -> bytes:
    """A one-page PDF showing ``photo`` as a JPEG 2000 image."""
    pdf = pikepdf.new()
    page = _page(pdf)
    width, height = JPX_SIZE
    image = pdf.make_stream(
        photo, Type=Name.XObject, Subtype=Name.Image, Width=width, Height=height,
        Filter=Name.JPXDecode,
    )  # fmt: skip
    page.obj.Resources.XObject = Dictionary(Im1=image)
    page.obj.Contents = _content(
        pdf, page.obj.Contents.read_bytes() + b" q 32 0 0 24 20 20 cm /Im1 Do Q"
    )
    return _save(pdf)


def jp2_with_broken_boxes() -> bytes:
    """A JPEG 2000 photo whose last box claims more bytes than there are (it could hide
    anything after a box the sanitiser cannot find)."""
    data = jp2_planted()
    pos = last = 0
    while pos < len(data):
        last = pos
        pos += int.from_bytes(data[pos : pos + 4], "big")
    claimed = (len(data) - last + 1000).to_bytes(4, "big")
    return data[:last] + claimed + data[last + 4 :]


def jp2_unreadable() -> bytes:
    """A JPEG 2000 signature followed by bytes that are no picture at all."""
    return _jp2_signature() + _box(b"jp2c", b"\xff\x4f\xff\x51" + b"PRIYA" * 20)


def _jp2_signature() -> bytes:
    return b"\x00\x00\x00\x0cjP  \r\n\x87\n" + _box(b"ftyp", b"jp2 \x00\x00\x00\x00jp2 ")


# --- bad files ---------------------------------------------------------------------------------


def truncated() -> bytes:
    data = plain()
    return data[: len(data) // 2]


def truncated_at_the_end() -> bytes:
    """Cut inside the cross-reference table, but a "%%EOF" is added back: looks complete."""
    data = plain()
    return data[: data.rindex(b"\nxref") + 30] + b"\n%%EOF\n"


def zip_archive() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w:document>PRIYA</w:document>")
    return out.getvalue()


def pdf_then_zip() -> bytes:
    """A valid PDF that is also a ZIP archive (the archive appended after %%EOF)."""
    return plain() + zip_archive()


def zip_hidden_before_eof() -> bytes:
    """A ZIP archive whose end record sits before a final "%%EOF" comment: still a ZIP."""
    return plain() + b"%" + zip_archive() + b"\n%%EOF\n"


def pdf_with_html_inside() -> bytes:
    """A valid PDF with an uncompressed stream holding a web page (a PDF/HTML polyglot)."""
    pdf = pikepdf.new()
    page = _page(pdf)
    page.obj.Resources.XObject = Dictionary(
        Html=pdf.make_stream(
            b"<html><body><script>alert(document.cookie)</script></body></html>",
            Type=Name.XObject,
            Subtype=Name.Form,
            BBox=Array([0, 0, 1, 1]),
        )
    )
    return _save(pdf, compress_streams=False)


def pdf_then_html() -> bytes:
    return plain() + b"<html><script>alert(1)</script></html>\n"


def encrypted(user_password: str = "secret") -> bytes:  # noqa: S107 - a test sample
    pdf = pikepdf.open(io.BytesIO(plain()))
    return _save(pdf, encryption=pikepdf.Encryption(owner="owner-secret", user=user_password))


def flate_bomb(unpacked_size: int) -> bytes:
    """A PDF with one stream that unpacks to ``unpacked_size`` bytes of zeros."""
    packer = zlib.compressobj(9)
    chunk = b"\0" * (1 << 20)
    packed = []
    left = unpacked_size
    while left > 0:
        piece = chunk[: min(left, len(chunk))]
        packed.append(packer.compress(piece))
        left -= len(piece)
    packed.append(packer.flush())
    pdf = pikepdf.new()
    page = _page(pdf)
    stream = pdf.make_stream(b"")
    stream.write(b"".join(packed), filter=Name.FlateDecode)
    page.obj.Resources.XObject = Dictionary(
        Big=pdf.make_indirect(stream),
    )
    stream.Type = Name.XObject
    stream.Subtype = Name.Form
    stream.BBox = Array([0, 0, 1, 1])
    return _save(pdf, compress_streams=False)


def huge_image(width: int = 100_000, height: int = 100_000) -> bytes:
    """A tiny file declaring a picture of 10 billion pixels (a reader's viewer would try)."""
    pdf = pikepdf.new()
    page = _page(pdf)
    image = pdf.make_stream(
        zlib.compress(b"\0" * 1000),
        Type=Name.XObject,
        Subtype=Name.Image,
        Width=width,
        Height=height,
        ColorSpace=Name.DeviceGray,
        BitsPerComponent=1,
        Filter=Name.FlateDecode,
    )
    page.obj.Resources.XObject = Dictionary(Im1=image)
    return _save(pdf)


def oversized(size: int) -> bytes:
    """A file just above ``size`` bytes that starts like a PDF."""
    return b"%PDF-1.4\n%" + b"\0" * size


SVG = image_samples.SVG
HTML = image_samples.HTML
PNG = image_samples.png_bytes()
TEXT = b"Just some text, PRIYA, not a PDF at all.\n"
