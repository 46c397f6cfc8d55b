"""PDFs hiding identifying details where a key-stripping cleaner does not look (issue 12).

Each sample plants ``NAME`` ("Meenaben"), a home-directory path (``HOME``) or a phone's EXIF
with GPS in one place a reader never sees: a second JPEG after the first, pdfTeX keys, a page
thumbnail, a layer switched off, comments, form fields, bookmarks, the structure tree, page
labels, named destinations, link addresses, ICC colour profiles (in UTF-16, as ICC ``mluc``
tags store text), CMap comments and font descriptors. Every sample also draws ``VISIBLE``, which
must survive. ``ordinary`` is a plain document with text and two pictures whose pixels must
survive.
"""

from __future__ import annotations

import contextlib
import io

import pikepdf
from pikepdf import Array, Dictionary, Name, String
from PIL import Image, ImageCms

NAME = b"Meenaben"
HOME = b"/home/meena"
VISIBLE = b"Ration card application form"
GPS_IFD_ENTRY = b"\x88\x25\x00\x04"  # EXIF tag 0x8825 (GPS), type LONG, as Pillow writes it
PICTURE_SIZE = (64, 48)


def _font(pdf: pikepdf.Pdf) -> pikepdf.Dictionary:
    return pdf.make_indirect(
        Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
    )


def new_document(extra_content: bytes = b"") -> tuple[pikepdf.Pdf, pikepdf.Dictionary]:
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(300, 200)).obj
    page.Resources = Dictionary(Font=Dictionary(F1=_font(pdf)))
    text = b"BT /F1 12 Tf 20 170 Td (" + VISIBLE + b") Tj ET\n"
    page.Contents = pdf.make_stream(text + extra_content)
    return pdf, page


def save_uncompressed(pdf: pikepdf.Pdf) -> bytes:
    out = io.BytesIO()
    # Uncompressed and without object streams, as many writers do: planted text is in the bytes.
    pdf.save(
        out,
        compress_streams=False,
        object_stream_mode=pikepdf.ObjectStreamMode.disable,
        deterministic_id=True,
    )
    return out.getvalue()


def gradient(size: tuple[int, int] = PICTURE_SIZE) -> Image.Image:
    width, height = size
    picture = Image.new("RGB", size)
    picture.putdata(
        [(x * 255 // width, y * 255 // height, 128) for y in range(height) for x in range(width)]
    )
    return picture


def jpeg(picture: Image.Image, **options) -> bytes:
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=90, **options)
    return out.getvalue()


def phone_exif() -> Image.Exif:
    """EXIF as a phone writes it: the artist and a GPS position."""
    exif = Image.Exif()
    exif[0x013B] = "Meenaben Parmar"  # Artist
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (23.0, 15.0, 12.0), 3: "E", 4: (69.0, 40.0, 5.0)})
    return exif


def icc_profile() -> bytes:
    """An sRGB profile whose description names a person, in UTF-16 as ICC text tags are."""
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    planted = profile + b"mluc" + "Meenaben Parmar, Bhuj".encode("utf-16-be")
    return len(planted).to_bytes(4, "big") + planted[4:]


def image_stream(pdf: pikepdf.Pdf, data: bytes, size: tuple[int, int], **keys) -> pikepdf.Stream:
    width, height = size
    return pdf.make_stream(
        data, Type=Name.XObject, Subtype=Name.Image, Width=width, Height=height,
        **{"BitsPerComponent": 8, **keys},
    )  # fmt: skip


def draw(page: pikepdf.Dictionary, name: str, obj: pikepdf.Object, at: bytes) -> None:
    resources = page.Resources
    if "/XObject" not in resources:
        resources.XObject = Dictionary()
    resources.XObject[name] = obj
    page.Contents.write(
        page.Contents.read_bytes() + b"q " + at + b" cm " + name.encode() + b" Do Q\n"
    )


# --- one sample per finding ----------------------------------------------------------------------


def two_jpegs() -> bytes:
    """A photo stream made of two JPEGs back to back (MPO, gain map): the second has EXIF."""
    pdf, page = new_document()
    data = jpeg(gradient()) + jpeg(gradient(), exif=phone_exif())
    photo = image_stream(pdf, data, PICTURE_SIZE, ColorSpace=Name.DeviceRGB, Filter=Name.DCTDecode)
    draw(page, "/Im1", photo, b"64 0 0 48 20 20")
    return save_uncompressed(pdf)


def pdftex_figure() -> bytes:
    """An included figure as pdfTeX writes it: file path, the figure's Info, its page."""
    pdf, page = new_document()
    figure = pdf.make_stream(b"0 0 1 rg 0 0 10 10 re f")
    figure.Type = Name.XObject
    figure.Subtype = Name.Form
    figure.BBox = Array([0, 0, 10, 10])
    figure[Name("/PTEX.FileName")] = String("/home/meena/Documents/Meenaben/figure.pdf")
    figure[Name("/PTEX.InfoDict")] = pdf.make_indirect(
        Dictionary(Author=String("Meenaben Parmar"), Creator=String("/home/meena/draw"))
    )
    figure[Name("/PTEX.PageNumber")] = 1
    draw(page, "/Fm1", figure, b"1 0 0 1 100 20")
    return save_uncompressed(pdf)


def thumbnail() -> bytes:
    """A page thumbnail (it can show an earlier, unredacted page)."""
    pdf, page = new_document()
    page.Thumb = image_stream(pdf, NAME * 8, (8, 8), ColorSpace=Name.DeviceGray)
    return save_uncompressed(pdf)


def hidden_layer() -> bytes:
    """Text, a form and a picture in layers switched off; one layer switched on."""
    pdf, page = new_document(
        b"/OC /Off BDC BT /F1 12 Tf 20 120 Td (Meenaben 98250 12345) Tj ET 0 0 5 5 re f EMC\n"
        b"/OC /On BDC BT /F1 12 Tf 20 90 Td (Layer that is shown) Tj ET EMC\n"
        b"/OC /Both BDC BT /F1 12 Tf 20 60 Td (Meenaben in both layers) Tj ET EMC\n"
    )
    off = pdf.make_indirect(Dictionary(Type=Name.OCG, Name=String("Meenaben notes")))
    on = pdf.make_indirect(Dictionary(Type=Name.OCG, Name=String("Printed")))
    both = pdf.make_indirect(Dictionary(Type=Name.OCMD, OCGs=Array([on, off]), P=Name.AllOn))
    pdf.Root.OCProperties = Dictionary(
        OCGs=Array([off, on]), D=Dictionary(OFF=Array([off]), ON=Array([on]))
    )
    page.Resources.Properties = Dictionary(Off=off, On=on, Both=both)
    form = pdf.make_stream(b"BT /F1 12 Tf 0 0 Td (Meenaben in a hidden form) Tj ET")
    form.Type, form.Subtype, form.BBox, form.OC = Name.XObject, Name.Form, Array([0, 0, 9, 9]), off
    form.Resources = Dictionary(Font=Dictionary(F1=page.Resources.Font.F1))
    draw(page, "/Fm1", form, b"1 0 0 1 20 40")
    picture = image_stream(pdf, NAME * 8, (8, 8), ColorSpace=Name.DeviceGray, OC=off)
    draw(page, "/Im1", picture, b"8 0 0 8 200 20")
    return save_uncompressed(pdf)


def sticky_note() -> bytes:
    """An ordinary Acrobat sticky note: text icon, popup, rich text in XHTML, author, subject."""
    pdf, page = new_document()
    rich = (
        '<?xml version="1.0"?><body xmlns="http://www.w3.org/1999/xhtml" '
        'xmlns:xfa="http://www.xfa.org/schema/xfa-data/1.0/" xfa:APIVersion="Acrobat:23.6.0" '
        'xfa:spec="2.0.2" ><p>Meenaben called from 98250 12345</p></body>'
    )
    note = pdf.make_indirect(
        Dictionary(
            Type=Name.Annot, Subtype=Name.Text, Rect=Array([250, 150, 270, 170]),
            Contents=String("Meenaben called from 98250 12345"), RC=String(rich),
            T=String("Meenaben Parmar"), Subj=String("Meenaben's note"),
            NM=String("meenaben-note-1"), M=String("D:20240102030405+05'30'"),
            Name=Name.Comment, F=28, C=Array([1, 1, 0]), P=page,
        )
    )  # fmt: skip
    popup = pdf.make_indirect(
        Dictionary(
            Type=Name.Annot, Subtype=Name.Popup, Rect=Array([150, 80, 290, 150]), Parent=note,
            Open=False, F=28,
        )
    )  # fmt: skip
    note.Popup = popup
    page.Annots = Array([note, popup])
    return save_uncompressed(pdf)


def form_fields() -> bytes:
    """A filled-in form field: its value, default value and tooltip, and its appearance."""
    pdf, page = new_document()
    appearance = pdf.make_stream(b"BT /F1 10 Tf 2 4 Td (Meenaben Parmar) Tj ET")
    appearance.Type, appearance.Subtype = Name.XObject, Name.Form
    appearance.BBox = Array([0, 0, 150, 20])
    appearance.Resources = Dictionary(Font=Dictionary(F1=page.Resources.Font.F1))
    field = pdf.make_indirect(
        Dictionary(
            Type=Name.Annot, Subtype=Name.Widget, FT=Name.Tx, T=String("name"),
            TU=String("Meenaben's phone number"), V=String("Meenaben Parmar"),
            DV=String("Meenaben"), Rect=Array([20, 20, 170, 40]), P=page,
            AP=Dictionary(N=appearance), DA=String("/F1 10 Tf 0 g"),
        )
    )  # fmt: skip
    page.Annots = Array([field])
    pdf.Root.AcroForm = Dictionary(
        Fields=Array([field]), DR=Dictionary(Font=Dictionary(F1=page.Resources.Font.F1)),
        DA=String("/F1 10 Tf 0 g"),
    )  # fmt: skip
    return save_uncompressed(pdf)


def bookmarks() -> bytes:
    pdf, page = new_document()
    outlines = pdf.make_indirect(Dictionary(Type=Name.Outlines, Count=1))
    item = pdf.make_indirect(
        Dictionary(Title=String("Meenaben's story"), Parent=outlines, Dest=Array([page, Name.Fit]))
    )
    outlines.First = outlines.Last = item
    pdf.Root.Outlines = outlines
    return save_uncompressed(pdf)


def structure_tree() -> bytes:
    """Tagged PDF: a figure with /Alt and /ActualText, in the tree and in the content."""
    pdf, page = new_document(
        b"/Figure <</MCID 0 /Alt (Meenaben at the well) /ActualText (Meenaben)>> BDC "
        b"0 0 1 rg 20 20 50 50 re f EMC\n"
    )
    root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    figure = pdf.make_indirect(
        Dictionary(
            Type=Name.StructElem, S=Name.Figure, P=root, Pg=page, K=0,
            Alt=String("Meenaben Parmar at the well"), ActualText=String("Meenaben"),
            T=String("Meenaben"),
        )
    )  # fmt: skip
    root.K = Array([figure])
    root.ParentTree = Dictionary(Nums=Array([0, Array([figure])]))
    page.StructParents = 0
    pdf.Root.StructTreeRoot = root
    pdf.Root.MarkInfo = Dictionary(Marked=True)
    pdf.Root.Lang = String("gu-IN")
    return save_uncompressed(pdf)


def page_labels() -> bytes:
    pdf, _page = new_document()
    pdf.Root.PageLabels = Dictionary(Nums=Array([0, Dictionary(S=Name.D, P=String("Meenaben-"))]))
    return save_uncompressed(pdf)


def named_destinations() -> bytes:
    pdf, page = new_document()
    pdf.Root.Names = Dictionary(
        Dests=Dictionary(Names=Array([String("Meenaben-home"), Array([page, Name.Fit])]))
    )
    pdf.Root.Dests = Dictionary({"/Meenaben": Array([page, Name.Fit])})
    return save_uncompressed(pdf)


def link_address() -> bytes:
    pdf, page = new_document()
    link = Dictionary(
        Type=Name.Annot, Subtype=Name.Link, Rect=Array([20, 160, 200, 185]),
        A=Dictionary(S=Name.URI, URI=String("https://wa.me/919825012345?text=Meenaben")),
    )  # fmt: skip
    page.Annots = Array([pdf.make_indirect(link)])
    return save_uncompressed(pdf)


def icc_profiles() -> bytes:
    """ICC profiles naming a person: as a colour space, for a picture, and inside a JPEG."""
    pdf, page = new_document(b"/CS0 cs 0.2 0.4 0.6 sc 200 100 40 40 re f\n")
    profile = pdf.make_stream(icc_profile(), N=3, Alternate=Name.DeviceRGB)
    space = Array([Name.ICCBased, profile])
    page.Resources.ColorSpace = Dictionary(CS0=space, DefaultRGB=space)
    pixels = gradient((16, 12))
    flat = image_stream(pdf, pixels.tobytes(), (16, 12), ColorSpace=space)
    draw(page, "/Im1", flat, b"16 0 0 12 20 20")
    photo_data = jpeg(gradient(), icc_profile=icc_profile())
    photo = image_stream(pdf, photo_data, PICTURE_SIZE, ColorSpace=space, Filter=Name.DCTDecode)
    draw(page, "/Im2", photo, b"64 0 0 48 100 20")
    return save_uncompressed(pdf)


def font_leftovers() -> bytes:
    """A ToUnicode CMap with comments and a font descriptor with free-text keys."""
    pdf, page = new_document()
    font = page.Resources.Font.F1
    font.ToUnicode = pdf.make_stream(
        b"%!PS-Adobe-3.0 Resource-CMap\n%%Creator: Meenaben Parmar /home/meena\n"
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        b"/CMapName /Meenaben-UCS def /CMapType 2 def\n"
        b"1 begincodespacerange <00> <FF> endcodespacerange\n"
        b"1 beginbfrange <20> <7E> <0020> endbfrange\n"
        b"endcmap CMapName currentdict /CMap defineresource pop end end\n"
    )
    font.FontDescriptor = Dictionary(
        Type=Name.FontDescriptor, FontName=Name.Helvetica, Flags=32,
        FontBBox=Array([0, -200, 1000, 900]), ItalicAngle=0, Ascent=900, Descent=-200,
        CapHeight=700, StemV=80, FontFamily=String("Meenaben"), CharSet=String("/Meenaben"),
        Style=Dictionary(Panose=String(NAME)),
    )  # fmt: skip
    return save_uncompressed(pdf)


HOSTILE = {
    "two-jpegs": two_jpegs,
    "pdftex-figure": pdftex_figure,
    "thumbnail": thumbnail,
    "hidden-layer": hidden_layer,
    "sticky-note": sticky_note,
    "form-fields": form_fields,
    "bookmarks": bookmarks,
    "structure-tree": structure_tree,
    "page-labels": page_labels,
    "named-destinations": named_destinations,
    "link-address": link_address,
    "icc-profiles": icc_profiles,
    "font-leftovers": font_leftovers,
}


def ordinary() -> bytes:
    """A plain document: text, a JPEG photo and a Flate-packed picture."""
    pdf, page = new_document()
    photo = image_stream(
        pdf, jpeg(gradient()), PICTURE_SIZE, ColorSpace=Name.DeviceRGB, Filter=Name.DCTDecode
    )
    draw(page, "/Im1", photo, b"64 0 0 48 20 20")
    flat = image_stream(pdf, gradient((16, 12)).tobytes(), (16, 12), ColorSpace=Name.DeviceRGB)
    draw(page, "/Im2", flat, b"16 0 0 12 100 20")
    return save_uncompressed(pdf)


# --- reading a document back ---------------------------------------------------------------------


def every_stream(data: bytes) -> list[bytes]:
    """Each stream of the file, as stored and unpacked (a JPEG stays a JPEG)."""
    found = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                found.append(obj.read_raw_bytes())
                # A picture codec qpdf does not unpack (JPEG): its raw bytes are above.
                with contextlib.suppress(pikepdf.PdfError):
                    found.append(obj.read_bytes())
    return found


def _spellings(text: bytes) -> list[bytes]:
    """How a PDF can store ``text``: as is, UTF-16 (ICC, PDF text strings), in hex strings."""
    wide = [text.decode().encode("utf-16-be"), text.decode().encode("utf-16-le")]
    return [text, *wide, *(s.hex().encode() for s in [text, *wide]),
            *(s.hex().upper().encode() for s in [text, *wide])]  # fmt: skip


def planted_details(data: bytes) -> set[str]:
    """Which planted details are in the file's bytes or in any of its unpacked streams."""
    places = [data, *every_stream(data)]
    found = set()
    for label, needle in (("name", NAME), ("home", HOME)):
        if any(s in place for place in places for s in _spellings(needle)):
            found.add(label)
    if any(b"Exif\x00\x00" in place or GPS_IFD_ENTRY in place for place in places):
        found.add("exif")
    return found


def shown_text(data: bytes) -> bytes:
    """The text each page's content (and the forms it draws) shows, in order."""
    parts: list[bytes] = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            _collect_text(page.obj, parts, depth=0)
    return b" ".join(parts)


def _collect_text(owner: pikepdf.Object, parts: list[bytes], depth: int) -> None:
    resources = owner.get("/Resources", Dictionary())
    xobjects = resources.get("/XObject", Dictionary())
    for operands, operator in pikepdf.parse_content_stream(owner):
        if str(operator) in ("Tj", "'", '"'):
            parts.append(bytes(operands[-1]))
        elif str(operator) == "TJ":
            parts.append(b"".join(bytes(i) for i in operands[0] if isinstance(i, pikepdf.String)))
        elif str(operator) == "Do" and depth < 5:
            drawn = xobjects.get(str(operands[0]))
            if drawn is not None and drawn.get("/Subtype") == Name.Form:
                _collect_text(drawn, parts, depth + 1)
