"""PDFs using the less common drawing features a rebuild must keep working: Type 3 fonts with
inline pictures, tiling and shading patterns, spot colours with PostScript functions, soft
masks, CMYK photos, fax pictures, inline photos. Each also hides ``NAME`` in a comment, an
unknown key or free text, which must go.
"""

from __future__ import annotations

import io

from pikepdf import Array, Dictionary, Name, String
from PIL import Image

from tests.support.pdf_hostile_samples import (
    NAME,
    draw,
    gradient,
    image_stream,
    jpeg,
    new_document,
    phone_exif,
    save_uncompressed,
)


def _keys(**values: object) -> dict[str, object]:
    return {f"/{key}": value for key, value in values.items()}


GLYPH_MASK = bytes([0b10101010, 0b01010101] * 4)  # an 8x8 checkerboard


def drawing_features() -> bytes:
    pdf, page = new_document(
        b"BT /T3 12 Tf 20 140 Td (a) Tj ET\n"
        b"/Pattern cs /P1 scn 20 100 30 30 re f\n"
        b"/Pattern cs /P2 scn 60 100 30 30 re f\n"
        b"/Spot cs 0.5 sc 100 100 30 30 re f\n"
        b"/GS1 gs 140 100 30 30 re f\n"
    )
    glyph = pdf.make_stream(
        b"% glyph drawn by Meenaben\n1000 0 0 0 1000 1000 d1\n"
        b"q 1000 0 0 1000 0 0 cm BI /W 8 /H 8 /IM true /Meenaben (x) ID " + GLYPH_MASK + b" EI Q"
    )
    type3 = pdf.make_indirect(
        Dictionary(
            Type=Name.Font, Subtype=Name.Type3, FontBBox=Array([0, 0, 1000, 1000]),
            FontMatrix=Array([0.001, 0, 0, 0.001, 0, 0]), CharProcs=Dictionary(a=glyph),
            Encoding=Dictionary(Type=Name.Encoding, Differences=Array([97, Name.a])),
            FirstChar=97, LastChar=97, Widths=Array([1000]), Resources=Dictionary(),
            Name=Name("/Meenaben"),
        )
    )  # fmt: skip
    page.Resources.Font.T3 = type3
    tile = pdf.make_stream(b"% Meenaben\n0 0 1 rg 0 0 5 5 re f")
    tile.update(_keys(PatternType=1, PaintType=1, TilingType=1, BBox=Array([0, 0, 10, 10]),
                XStep=10, YStep=10, Resources=Dictionary()))  # fmt: skip
    tile[Name("/PTEX.FileName")] = String("/home/meena/tile.pdf")
    axial = Dictionary(
        ShadingType=2, ColorSpace=Name.DeviceRGB, Coords=Array([0, 0, 30, 0]),
        Function=Dictionary(FunctionType=2, Domain=Array([0, 1]), C0=Array([1, 0, 0]),
                            C1=Array([0, 0, 1]), N=1, Meenaben=String("x")),
        Extend=Array([True, True]),
    )  # fmt: skip
    shading_pattern = Dictionary(PatternType=2, Shading=axial, Meenaben=String("x"))
    page.Resources.Pattern = Dictionary(P1=tile, P2=pdf.make_indirect(shading_pattern))
    tint = pdf.make_stream(b"{ % Meenaben's spot colour\n 1 exch sub 0 0 }")
    tint.update(_keys(FunctionType=4, Domain=Array([0, 1]), Range=Array([0, 1, 0, 1, 0, 1])))
    page.Resources.ColorSpace = Dictionary(
        Spot=Array([Name.Separation, Name("/Meenaben Pink"), Name.DeviceRGB, tint])
    )
    mask_group = pdf.make_stream(b"0.5 g 0 0 300 200 re f")
    mask_group.update(_keys(Type=Name.XObject, Subtype=Name.Form, BBox=Array([0, 0, 300, 200]),
                      Group=Dictionary(S=Name.Transparency, CS=Name.DeviceGray)))  # fmt: skip
    page.Resources.ExtGState = Dictionary(
        GS1=Dictionary(Type=Name.ExtGState, ca=0.5, SMask=Dictionary(S=Name.Luminosity,
                       G=mask_group), Meenaben=String("Meenaben")),
    )  # fmt: skip
    return save_uncompressed(pdf)


def cmyk_photo() -> tuple[bytes, Image.Image]:
    """A CMYK JPEG as Photoshop writes it (Adobe marker, inverted), with EXIF; and its pixels."""
    picture = Image.new("CMYK", (32, 24))
    picture.putdata([(x * 8, y * 10, 255 - x * 8, 40) for y in range(24) for x in range(32)])
    pdf, page = new_document()
    photo = image_stream(
        pdf, jpeg(picture, exif=phone_exif()), (32, 24), ColorSpace=Name.DeviceCMYK,
        Filter=Name.DCTDecode, Decode=Array([1, 0, 1, 0, 1, 0, 1, 0]),
    )  # fmt: skip
    draw(page, "/Im1", photo, b"32 0 0 24 20 20")
    with Image.open(io.BytesIO(jpeg(picture))) as stored:
        stored.load()
        return save_uncompressed(pdf), stored.copy()


def fax_picture() -> tuple[bytes, Image.Image]:
    """A black-and-white scan packed as CCITT group 4 (as scanners write), and its pixels."""
    picture = Image.new("1", (16, 8), 1)
    for x in range(16):
        picture.putpixel((x, x % 8), 0)
    out = io.BytesIO()
    picture.save(out, format="TIFF", compression="group4")
    with Image.open(io.BytesIO(out.getvalue())) as tiff:
        offset, length = tiff.tag_v2[273][0], tiff.tag_v2[279][0]
    strip = out.getvalue()[offset : offset + length]
    pdf, page = new_document()
    scan = image_stream(
        pdf, strip, (16, 8), ColorSpace=Name.DeviceGray, BitsPerComponent=1,
        Filter=Name.CCITTFaxDecode,
        DecodeParms=Dictionary(K=-1, Columns=16, Rows=8, BlackIs1=True),
    )  # fmt: skip
    draw(page, "/Im1", scan, b"16 0 0 8 20 20")
    return save_uncompressed(pdf), picture


def inline_photo() -> bytes:
    """A JPEG with EXIF written inside the page content (an inline picture)."""
    photo = jpeg(gradient((8, 8)), exif=phone_exif())
    pdf, _page = new_document(
        b"q 8 0 0 8 20 20 cm BI /W 8 /H 8 /CS /RGB /BPC 8 /F /DCT /Meenaben (x) ID "
        + photo
        + b"\nEI Q\n"
    )
    return save_uncompressed(pdf)


def jbig2_picture() -> bytes:
    """A JBIG2 picture: no decoder is installed, so it cannot be checked."""
    pdf, page = new_document()
    scan = image_stream(pdf, b"\x00" * 64 + NAME, (16, 8), ColorSpace=Name.DeviceGray,
                  BitsPerComponent=1, Filter=Name.JBIG2Decode)  # fmt: skip
    draw(page, "/Im1", scan, b"16 0 0 8 20 20")
    return save_uncompressed(pdf)
