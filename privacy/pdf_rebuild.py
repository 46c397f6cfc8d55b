"""Rebuild an uploaded PDF from what a reader needs to draw its pages, and nothing else.

Why an allowlist: a PDF can carry names in places no list of "known bad keys" covers (pdfTeX's
``/PTEX.FileName`` with a home directory, ``/PTEX.InfoDict``, thumbnails of an earlier page,
hidden layers, comments, form values, bookmarks, tagged-PDF ``/Alt`` and ``/ActualText``, page
labels, named destinations, link addresses, ICC profile descriptions, EXIF in a second JPEG).
So the new document is built object by object, and each kind of object keeps only the keys the
PDF specification defines for drawing it; anything else, known or not, is left behind.

What the new document holds:

- a catalog with ``/Type /Catalog /Pages`` only (no outlines, names, page labels, structure
  tree, forms, optional-content properties, actions, metadata);
- pages with ``_PAGE_KEYS`` (inherited values resolved; no annotations, thumbnails, metadata);
- resources of the kinds in ``_RESOURCE_KINDS``, each object rebuilt by kind: fonts (CMaps
  rebuilt from their mappings), pictures (pixels re-encoded: ``pdf_images``), forms, patterns,
  shadings, graphics states, functions and colour spaces (ICC profiles become the device colour
  space with the same number of components, spot colour names become neutral ones);
- content streams with only what is drawn (``pdf_content``: hidden layers and marked-content
  properties removed).

Raises ``RebuildError`` when something a page needs cannot be rebuilt (a picture that cannot
be decoded, an unknown colour space, a content stream that cannot be parsed).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name

from .pdf_content import OptionalContent, clean_cmap, clean_postscript_function, filter_content
from .pdf_images import PictureError, clean_inline_image, rebuild_image

# Page keys a reader needs (/Group: the page's transparency blending space).
_PAGE_KEYS = ("/MediaBox", "/CropBox", "/Rotate", "/UserUnit")
_INHERITED = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")
_RESOURCE_KINDS = ("/Font", "/XObject", "/ExtGState", "/ColorSpace", "/Pattern", "/Shading")
_DEVICE_SPACES = {"/DeviceGray": 1, "/DeviceRGB": 3, "/DeviceCMYK": 4}
_DEVICE_BY_COMPONENTS = {1: Name.DeviceGray, 3: Name.DeviceRGB, 4: Name.DeviceCMYK}
_STANDARD_COLOURANTS = {"/Cyan", "/Magenta", "/Yellow", "/Black", "/All", "/None"}
_CIE_KEYS = ("/WhitePoint", "/BlackPoint", "/Gamma", "/Matrix", "/Range")
_GROUP_KEYS = ("/Type", "/S", "/I", "/K")
_FONT_PLAIN = ("/Type", "/Subtype", "/BaseFont", "/FirstChar", "/LastChar", "/Widths",
               "/FontBBox", "/FontMatrix", "/DW", "/W", "/DW2", "/W2")  # fmt: skip
_DESCRIPTOR_PLAIN = ("/Type", "/FontName", "/FontStretch", "/FontWeight", "/Flags", "/FontBBox",
                     "/ItalicAngle", "/Ascent", "/Descent", "/Leading", "/CapHeight", "/XHeight",
                     "/StemV", "/StemH", "/AvgWidth", "/MaxWidth", "/MissingWidth")  # fmt: skip
_FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")
_FONT_FILE_KEYS = ("/Length1", "/Length2", "/Length3", "/Subtype")
_CID_REGISTRIES = {"Adobe"}
_CID_ORDERINGS = {"Identity", "Japan1", "Japan2", "GB1", "CNS1", "Korea1", "KR", "UCS"}
_GSTATE_PLAIN = ("/Type", "/LW", "/LC", "/LJ", "/ML", "/D", "/RI", "/OP", "/op", "/OPM", "/BM",
                 "/CA", "/ca", "/AIS", "/TK", "/SA", "/FL", "/SM", "/UseBlackPtComp")  # fmt: skip
_GSTATE_FUNCTIONS = ("/TR", "/TR2", "/BG", "/BG2", "/UCR", "/UCR2")
_FUNCTION_PLAIN = {
    0: ("/Size", "/BitsPerSample", "/Order", "/Encode", "/Decode"),
    2: ("/C0", "/C1", "/N"),
    3: ("/Bounds", "/Encode"),
    4: (),
}
_SHADING_PLAIN = ("/ShadingType", "/Background", "/BBox", "/AntiAlias", "/Domain", "/Coords",
                  "/Matrix", "/Extend", "/BitsPerCoordinate", "/BitsPerComponent",
                  "/BitsPerFlag", "/Decode", "/VerticesPerRow")  # fmt: skip
_TILING_PLAIN = ("/PatternType", "/PaintType", "/TilingType", "/BBox", "/XStep", "/YStep",
                 "/Matrix")  # fmt: skip
_FORM_PLAIN = ("/FormType", "/BBox", "/Matrix")
_DEFAULT_MEDIA_BOX = [0, 0, 612, 792]
_MAX_DEPTH = 40


class RebuildError(Exception):
    """Something a page needs cannot be rebuilt safely."""


class Rebuilder:
    """Copies what the pages of ``source`` draw into a new document (module docstring)."""

    def __init__(self, source: pikepdf.Pdf, max_pixels: int, max_unpacked: int):
        self.source = source
        self.target = pikepdf.new()
        self.max_pixels = max_pixels
        self.max_unpacked = max_unpacked
        self.layers = OptionalContent(source)
        self._memo: dict[tuple[tuple[int, int], str], Any] = {}
        self._spot_names: dict[str, Name] = {}
        self._depth = 0

    # --- the document ------------------------------------------------------------------------

    def build(self) -> pikepdf.Pdf:
        pages = self.target.Root.Pages
        kids = [self._page(page.obj, pages) for page in self.source.pages]
        pages.Kids = Array(kids)
        pages.Count = len(kids)
        return self.target

    def _page(self, source: pikepdf.Dictionary, parent: pikepdf.Object) -> pikepdf.Dictionary:
        values = _inherited(source)
        page = Dictionary(Type=Name.Page, Parent=parent)
        for key in _PAGE_KEYS:
            value = self.plain(values.get(key))
            if value is not None:
                page[key] = value
        if "/MediaBox" not in page:
            page.MediaBox = Array(_DEFAULT_MEDIA_BOX)
        group = self._group(source.get("/Group"))
        if group is not None:
            page.Group = group
        resources = values.get("/Resources")
        new_resources = self.resources(resources)
        page.Resources = new_resources
        if "/Contents" in source:
            page.Contents = self._content_stream(source, resources, new_resources)
        return self.target.make_indirect(page)

    def _content_stream(
        self, owner: pikepdf.Object, resources: Any, new_resources: pikepdf.Dictionary
    ) -> pikepdf.Stream:
        shown = new_resources.get("/XObject", Dictionary())
        if resources is None:
            # A form without resources of its own uses those of whatever draws it.
            def keeps(name: str) -> bool:
                return True
        else:

            def keeps(name: str) -> bool:
                return name in shown

        try:
            data = filter_content(
                owner,
                resources,
                self.layers,
                keeps,
                lambda inline: clean_inline_image(inline, self.max_pixels),
            )
        except Exception as error:
            raise RebuildError("content") from error
        return self.target.make_stream(data)

    # --- values --------------------------------------------------------------------------------

    def plain(self, value: Any, depth: int = 0) -> Any:
        """Numbers, names, booleans and arrays of them (no text, no dictionaries); None if
        ``value`` is anything else."""
        if depth > _MAX_DEPTH or value is None:
            return None
        if isinstance(value, (bool, int, float, Decimal, pikepdf.Name)):
            return value
        if isinstance(value, pikepdf.Array):
            items = [self.plain(item, depth + 1) for item in value]
            if any(item is None for item in items):
                return None
            return Array(items)
        return None

    def _copy_plain(self, source: Any, target: pikepdf.Object, keys: tuple[str, ...]) -> None:
        for key in keys:
            value = self.plain(source.get(key))
            if value is not None:
                target[key] = value

    def _memoised(self, obj: pikepdf.Object, kind: str, build: Any) -> Any:
        if not obj.is_indirect:
            return build()
        key = (obj.objgen, kind)
        if key not in self._memo:
            self._depth += 1
            if self._depth > _MAX_DEPTH:
                raise RebuildError("too deep")
            try:
                self._memo[key] = build()
            finally:
                self._depth -= 1
        return self._memo[key]

    # --- resources -----------------------------------------------------------------------------

    def resources(self, source: Any) -> pikepdf.Dictionary:
        if not isinstance(source, pikepdf.Dictionary):
            return Dictionary()
        return self._memoised(source, "resources", lambda: self._resources(source))

    def _resources(self, source: pikepdf.Dictionary) -> pikepdf.Dictionary:
        rebuilt = self.target.make_indirect(Dictionary())
        builders = {
            "/Font": self.font,
            "/XObject": self._xobject,
            "/ExtGState": self._ext_gstate,
            "/ColorSpace": self.colour_space,
            "/Pattern": self._pattern,
            "/Shading": self._shading,
        }
        for kind in _RESOURCE_KINDS:
            entries = source.get(kind)
            if not isinstance(entries, pikepdf.Dictionary):
                continue
            kept = Dictionary()
            for name in sorted(entries.keys()):
                value = builders[kind](entries[name])
                if value is not None:
                    kept[name] = value
            rebuilt[kind] = kept
        return rebuilt

    # --- colour --------------------------------------------------------------------------------

    def colour_space(self, value: Any) -> Any:
        """The colour space rebuilt: ICC profiles replaced by device spaces; None if absent."""
        if value is None:
            return None
        if isinstance(value, pikepdf.Name):
            if str(value) in _DEVICE_SPACES or value == Name.Pattern:
                return value
            raise RebuildError("colour space")
        if isinstance(value, pikepdf.Stream):  # an ICC profile where a colour space belongs
            return self._icc(value)
        if not isinstance(value, pikepdf.Array) or not len(value):
            raise RebuildError("colour space")
        return self._memoised(value, "colour", lambda: self._colour_array(value))

    def _colour_array(self, value: pikepdf.Array) -> Any:
        family = str(value[0])
        if family == "/ICCBased" and len(value) > 1:
            return self._icc(value[1])
        if family in _DEVICE_SPACES:
            return value[0]
        if family in ("/CalGray", "/CalRGB", "/Lab") and len(value) > 1:
            parameters = Dictionary()
            self._copy_plain(value[1], parameters, _CIE_KEYS)
            return Array([value[0], parameters])
        if family == "/Pattern":
            if len(value) == 1:
                return Name.Pattern
            return Array([value[0], self.colour_space(value[1])])
        if family in ("/Indexed", "/I") and len(value) == 4:
            return self._indexed(value)
        if family == "/Separation" and len(value) == 4:
            return Array([value[0], self._colourant(value[1]), self.colour_space(value[2]),
                          self.function(value[3])])  # fmt: skip
        if family == "/DeviceN" and len(value) >= 4 and isinstance(value[1], pikepdf.Array):
            names = Array([self._colourant(name) for name in value[1]])
            return Array([value[0], names, self.colour_space(value[2]), self.function(value[3])])
        raise RebuildError("colour space")

    def _icc(self, profile: Any) -> Name:
        if not isinstance(profile, pikepdf.Stream):
            raise RebuildError("colour space")
        alternate = profile.get("/Alternate")
        if isinstance(alternate, pikepdf.Name) and str(alternate) in _DEVICE_SPACES:
            return alternate
        try:
            return _DEVICE_BY_COMPONENTS[int(profile.get("/N", 0))]
        except (KeyError, TypeError, ValueError):
            raise RebuildError("colour space") from None

    def _indexed(self, value: pikepdf.Array) -> pikepdf.Array:
        base = self.colour_space(value[1])
        try:
            highest = int(value[2])
        except (TypeError, ValueError):
            raise RebuildError("colour space") from None
        lookup = value[3]
        table = lookup.read_bytes() if isinstance(lookup, pikepdf.Stream) else bytes(lookup)
        size = (min(max(highest, 0), 255) + 1) * self.components(base)
        return Array([Name.Indexed, base, highest, pikepdf.String(table[:size].ljust(size, b"\0"))])

    def _colourant(self, name: Any) -> Name:
        """Spot colour names are free text: each becomes /Spot1, /Spot2... (screens and
        office printers draw them with the alternate colour space anyway)."""
        text = str(name)
        if text in _STANDARD_COLOURANTS:
            return Name(text)
        if text not in self._spot_names:
            self._spot_names[text] = Name(f"/Spot{len(self._spot_names) + 1}")
        return self._spot_names[text]

    def components(self, colour_space: Any) -> int:
        """How many values a colour has in ``colour_space`` (rebuilt)."""
        if isinstance(colour_space, pikepdf.Name):
            return _DEVICE_SPACES.get(str(colour_space), 1)
        if isinstance(colour_space, pikepdf.Array) and len(colour_space):
            family = str(colour_space[0])
            if family in ("/CalRGB", "/Lab"):
                return 3
            if family == "/DeviceN":
                return len(colour_space[1])
        return 1  # gray, CalGray, Indexed, Separation

    def function(self, value: Any) -> Any:
        """A function (or array of functions) rebuilt from the keys of its type."""
        if isinstance(value, pikepdf.Array):
            return Array([self.function(item) for item in value])
        if isinstance(value, pikepdf.Name):  # /Identity, /Default
            return value
        if not isinstance(value, (pikepdf.Dictionary, pikepdf.Stream)):
            raise RebuildError("function")
        return self._memoised(value, "function", lambda: self._function(value))

    def _function(self, source: pikepdf.Object) -> pikepdf.Object:
        kind = int(source.get("/FunctionType", -1))
        if kind not in _FUNCTION_PLAIN:
            raise RebuildError("function")
        if kind in (0, 4):
            data = source.read_bytes() if isinstance(source, pikepdf.Stream) else b""
            if kind == 4:
                data = clean_postscript_function(data)
                if data is None:
                    raise RebuildError("function")
            target = self.target.make_stream(data)
        else:
            target = Dictionary()
        target.FunctionType = kind
        self._copy_plain(source, target, ("/Domain", "/Range", *_FUNCTION_PLAIN[kind]))
        if kind == 3:
            target.Functions = self.function(source.get("/Functions"))
        return self.target.make_indirect(target) if kind not in (0, 4) else target

    # --- pictures, forms, patterns, shadings, graphics states ------------------------------------

    def image(self, source: pikepdf.Stream) -> pikepdf.Stream:
        def build() -> pikepdf.Stream:
            try:
                return rebuild_image(self, source)
            except PictureError as error:
                raise RebuildError("picture") from error

        return self._memoised(source, "image", build)

    def _xobject(self, source: Any) -> Any:
        if not isinstance(source, pikepdf.Stream) or self.layers.hidden(source.get("/OC")):
            return None  # not a picture or form, or in a layer that is switched off
        if source.get("/Subtype") == Name.Image:
            return self.image(source)
        if source.get("/Subtype") == Name.Form:
            return self._memoised(source, "form", lambda: self._form(source))
        return None  # PostScript and reference XObjects: not drawn by readers

    def _form(self, source: pikepdf.Stream) -> pikepdf.Stream:
        own = source.get("/Resources")
        resources = self.resources(own) if own is not None else Dictionary()
        form = self._content_stream(source, own, resources)
        form.Type = Name.XObject
        form.Subtype = Name.Form
        self._copy_plain(source, form, _FORM_PLAIN)
        if own is not None:
            form.Resources = resources
        group = self._group(source.get("/Group"))
        if group is not None:
            form.Group = group
        return form

    def _group(self, source: Any) -> pikepdf.Dictionary | None:
        if not isinstance(source, pikepdf.Dictionary) or source.get("/S") != Name.Transparency:
            return None
        group = Dictionary()
        self._copy_plain(source, group, _GROUP_KEYS)
        if "/CS" in source:
            group.CS = self.colour_space(source.CS)
        return group

    def _pattern(self, source: Any) -> Any:
        if not isinstance(source, (pikepdf.Dictionary, pikepdf.Stream)):
            return None
        return self._memoised(source, "pattern", lambda: self._build_pattern(source))

    def _build_pattern(self, source: pikepdf.Object) -> pikepdf.Object:
        if int(source.get("/PatternType", 0)) == 1 and isinstance(source, pikepdf.Stream):
            own = source.get("/Resources")
            resources = self.resources(own)
            pattern = self._content_stream(source, own, resources)
            self._copy_plain(source, pattern, _TILING_PLAIN)
            pattern.Resources = resources
            return pattern
        pattern = Dictionary(PatternType=2)
        self._copy_plain(source, pattern, ("/Matrix",))
        pattern.Shading = self._shading(source.get("/Shading"))
        if "/ExtGState" in source:
            pattern.ExtGState = self._ext_gstate(source.ExtGState)
        return self.target.make_indirect(pattern)

    def _shading(self, source: Any) -> Any:
        if not isinstance(source, (pikepdf.Dictionary, pikepdf.Stream)):
            raise RebuildError("shading")
        return self._memoised(source, "shading", lambda: self._build_shading(source))

    def _build_shading(self, source: pikepdf.Object) -> pikepdf.Object:
        if isinstance(source, pikepdf.Stream):  # mesh shadings: their vertices are the data
            shading = self.target.make_stream(source.read_bytes())
        else:
            shading = self.target.make_indirect(Dictionary())
        self._copy_plain(source, shading, _SHADING_PLAIN)
        shading.ColorSpace = self.colour_space(source.get("/ColorSpace"))
        if "/Function" in source:
            shading.Function = self.function(source.Function)
        return shading

    def _ext_gstate(self, source: Any) -> Any:
        if not isinstance(source, pikepdf.Dictionary):
            return None
        return self._memoised(source, "gstate", lambda: self._build_ext_gstate(source))

    def _build_ext_gstate(self, source: pikepdf.Dictionary) -> pikepdf.Dictionary:
        state = Dictionary()
        self._copy_plain(source, state, _GSTATE_PLAIN)
        for key in _GSTATE_FUNCTIONS:
            if key in source:
                state[key] = self.function(source[key])
        font = source.get("/Font")
        if isinstance(font, pikepdf.Array) and len(font) == 2:
            state.Font = Array([self.font(font[0]), self.plain(font[1])])
        mask = source.get("/SMask")
        if isinstance(mask, pikepdf.Name):
            state.SMask = mask
        elif isinstance(mask, pikepdf.Dictionary) and isinstance(mask.get("/G"), pikepdf.Stream):
            soft = Dictionary(Type=Name.Mask, G=self._xobject(mask.G))
            self._copy_plain(mask, soft, ("/S", "/BC"))
            if "/TR" in mask:
                soft.TR = self.function(mask.TR)
            state.SMask = soft
        return self.target.make_indirect(state)

    # --- fonts ---------------------------------------------------------------------------------

    def font(self, source: Any) -> Any:
        if not isinstance(source, pikepdf.Dictionary):
            return None
        return self._memoised(source, "font", lambda: self._font(source))

    def _font(self, source: pikepdf.Dictionary) -> pikepdf.Dictionary:
        font = Dictionary()
        self._copy_plain(source, font, _FONT_PLAIN)
        descriptor = source.get("/FontDescriptor")
        if isinstance(descriptor, pikepdf.Dictionary):
            font.FontDescriptor = self._memoised(
                descriptor, "descriptor", lambda: self._descriptor(descriptor)
            )
        encoding = source.get("/Encoding")
        if isinstance(encoding, pikepdf.Name):
            font.Encoding = encoding
        elif isinstance(encoding, pikepdf.Stream):
            font.Encoding = self.target.make_stream(clean_cmap(encoding.read_bytes(), "Encoding"))
            font.Encoding.Type = Name.CMap
        elif isinstance(encoding, pikepdf.Dictionary):
            font.Encoding = Dictionary(Type=Name.Encoding)
            self._copy_plain(encoding, font.Encoding, ("/BaseEncoding", "/Differences"))
        to_unicode = source.get("/ToUnicode")
        if isinstance(to_unicode, pikepdf.Stream):
            font.ToUnicode = self.target.make_stream(
                clean_cmap(to_unicode.read_bytes(), "ToUnicode")
            )
        descendants = source.get("/DescendantFonts")
        if isinstance(descendants, pikepdf.Array):
            font.DescendantFonts = Array([self.font(d) for d in descendants if d is not None])
        system = source.get("/CIDSystemInfo")
        if isinstance(system, pikepdf.Dictionary):
            registry, ordering = str(system.get("/Registry", "")), str(system.get("/Ordering", ""))
            font.CIDSystemInfo = Dictionary(
                Registry=pikepdf.String(registry if registry in _CID_REGISTRIES else "Adobe"),
                Ordering=pikepdf.String(ordering if ordering in _CID_ORDERINGS else "Identity"),
                Supplement=self.plain(system.get("/Supplement")) or 0,
            )
        gid_map = source.get("/CIDToGIDMap")
        if isinstance(gid_map, pikepdf.Name):
            font.CIDToGIDMap = gid_map
        elif isinstance(gid_map, pikepdf.Stream):
            data = gid_map.read_bytes()
            font.CIDToGIDMap = self.target.make_stream(data[: len(data) // 2 * 2])
        if source.get("/Subtype") == Name.Type3:
            own = source.get("/Resources")
            resources = self.resources(own)
            font.Resources = resources
            procs = source.get("/CharProcs")
            font.CharProcs = Dictionary(
                {
                    name: self._content_stream(procs[name], own, resources)
                    for name in (procs.keys() if isinstance(procs, pikepdf.Dictionary) else [])
                    if isinstance(procs[name], pikepdf.Stream)
                }
            )
        return self.target.make_indirect(font)

    def _descriptor(self, source: pikepdf.Dictionary) -> pikepdf.Dictionary:
        descriptor = Dictionary()
        self._copy_plain(source, descriptor, _DESCRIPTOR_PLAIN)
        for key in _FONT_FILES:
            program = source.get(key)
            if isinstance(program, pikepdf.Stream):
                # The font program itself is copied (its glyphs draw the text).
                copy = self.target.make_stream(program.read_bytes())
                self._copy_plain(program, copy, _FONT_FILE_KEYS)
                descriptor[key] = copy
        return self.target.make_indirect(descriptor)


def _inherited(page: pikepdf.Dictionary) -> dict[str, Any]:
    """The page's own values, and those it inherits from the page tree above it."""
    values: dict[str, Any] = {}
    node: Any = page
    for _level in range(_MAX_DEPTH):
        if not isinstance(node, pikepdf.Dictionary):
            break
        for key in _INHERITED + _PAGE_KEYS:
            if key not in values and key in node:
                values[key] = node[key]
        node = node.get("/Parent")
    return values


def rebuild(source: pikepdf.Pdf, max_pixels: int, max_unpacked: int) -> pikepdf.Pdf:
    """A new document with only what the pages of ``source`` draw (module docstring)."""
    return Rebuilder(source, max_pixels, max_unpacked).build()
