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

from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name

from .pdf_colour import RebuildError
from .pdf_content import OptionalContent, filter_content
from .pdf_fonts import FontCopier
from .pdf_images import PictureError, clean_inline_image, rebuild_image

# Page keys a reader needs (/Group: the page's transparency blending space).
_PAGE_KEYS = ("/MediaBox", "/CropBox", "/Rotate", "/UserUnit")
_INHERITED = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")
_RESOURCE_KINDS = ("/Font", "/XObject", "/ExtGState", "/ColorSpace", "/Pattern", "/Shading")
_GROUP_KEYS = ("/Type", "/S", "/I", "/K")
_GSTATE_PLAIN = ("/Type", "/LW", "/LC", "/LJ", "/ML", "/D", "/RI", "/OP", "/op", "/OPM", "/BM",
                 "/CA", "/ca", "/AIS", "/TK", "/SA", "/FL", "/SM", "/UseBlackPtComp")  # fmt: skip
_GSTATE_FUNCTIONS = ("/TR", "/TR2", "/BG", "/BG2", "/UCR", "/UCR2")
_SHADING_PLAIN = ("/ShadingType", "/Background", "/BBox", "/AntiAlias", "/Domain", "/Coords",
                  "/Matrix", "/Extend", "/BitsPerCoordinate", "/BitsPerComponent",
                  "/BitsPerFlag", "/Decode", "/VerticesPerRow")  # fmt: skip
_TILING_PLAIN = ("/PatternType", "/PaintType", "/TilingType", "/BBox", "/XStep", "/YStep",
                 "/Matrix")  # fmt: skip
_FORM_PLAIN = ("/FormType", "/BBox", "/Matrix")
_DEFAULT_MEDIA_BOX = [0, 0, 612, 792]
_DEFAULT_SPACES = {"/DefaultGray", "/DefaultRGB", "/DefaultCMYK"}
_MAX_DEPTH = 40

__all__ = ["RebuildError", "Rebuilder", "rebuild"]


class Rebuilder(FontCopier):
    """Copies what the pages of ``source`` draw into a new document (module docstring)."""

    def __init__(self, source: pikepdf.Pdf, max_pixels: int, max_unpacked: int):
        super().__init__(pikepdf.new())
        self.source = source
        self.max_pixels = max_pixels
        self.max_unpacked = max_unpacked
        self.layers = OptionalContent(source)

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
        page.Resources = self.resources(resources)
        if "/Contents" in source:
            page.Contents = self._content_stream(source, resources)
        return self.target.make_indirect(page)

    def _content_stream(self, owner: pikepdf.Object, resources: Any) -> pikepdf.Stream:
        """The filtered content of ``owner`` drawn with the source ``resources``."""
        try:
            data = filter_content(
                owner,
                resources,
                self.layers,
                lambda name: self._drawn(resources, name),
                lambda inline: clean_inline_image(inline, self.max_pixels),
            )
        except Exception as error:
            raise RebuildError("content") from error
        return self.target.make_stream(data)

    def _drawn(self, resources: Any, name: str) -> bool:
        """Whether the picture or form ``name`` is kept (not in a layer switched off)."""
        if resources is None:
            return True  # a form without resources uses those of whatever draws it
        xobjects = resources.get("/XObject")
        source = xobjects.get(name) if isinstance(xobjects, pikepdf.Dictionary) else None
        return (
            isinstance(source, pikepdf.Stream)
            and source.get("/Subtype") in (Name.Image, Name.Form)
            and not self.layers.hidden(source.get("/OC"))
        )

    # --- resources -----------------------------------------------------------------------------

    def resources(self, source: Any) -> pikepdf.Dictionary:
        if not isinstance(source, pikepdf.Dictionary):
            return Dictionary()
        if not source.is_indirect:
            return self._resources(source, self.target.make_indirect(Dictionary()))
        key = (source.objgen, "resources")
        if key not in self._memo:
            # Registered before it is filled: a form may use the resources that hold it.
            self._memo[key] = self.target.make_indirect(Dictionary())
            self._resources(source, self._memo[key])
        return self._memo[key]

    def _resources(
        self, source: pikepdf.Dictionary, rebuilt: pikepdf.Dictionary
    ) -> pikepdf.Dictionary:
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
                if kind == "/ColorSpace" and name in _DEFAULT_SPACES:
                    continue  # they only point device colours at an ICC profile
                value = builders[kind](entries[name])
                if value is not None:
                    kept[name] = value
            rebuilt[kind] = kept
        return rebuilt

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
        form = self._content_stream(source, own)
        form.Type = Name.XObject
        form.Subtype = Name.Form
        self._copy_plain(source, form, _FORM_PLAIN)
        if own is not None:
            form.Resources = self.resources(own)
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
            pattern = self._content_stream(source, own)
            self._copy_plain(source, pattern, _TILING_PLAIN)
            pattern.Resources = self.resources(own)
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
