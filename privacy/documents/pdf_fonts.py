"""Fonts of a rebuilt PDF (used by ``pdf_rebuild``).

A font keeps the keys that draw its glyphs (``_FONT_PLAIN``), its descriptor's metrics and
embedded program, and its encodings. ``ToUnicode`` and embedded CMaps (what lets a reader copy
or hear the text) are rebuilt from their mappings, so their comments and names are left behind.
Free-text keys (``/FontFamily``, ``/CharSet``, ``/Style``) are dropped, and the registry and
ordering of CID fonts are kept only when they are Adobe's standard ones.
"""

from __future__ import annotations

from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name

from .pdf_colour import ObjectCopier
from .pdf_content import clean_cmap

_FONT_PLAIN = ("/Type", "/Subtype", "/BaseFont", "/FirstChar", "/LastChar", "/Widths",
               "/FontBBox", "/FontMatrix", "/DW", "/W", "/DW2", "/W2")  # fmt: skip
_DESCRIPTOR_PLAIN = ("/Type", "/FontName", "/FontStretch", "/FontWeight", "/Flags", "/FontBBox",
                     "/ItalicAngle", "/Ascent", "/Descent", "/Leading", "/CapHeight", "/XHeight",
                     "/StemV", "/StemH", "/AvgWidth", "/MaxWidth", "/MissingWidth")  # fmt: skip
_FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")
_FONT_FILE_KEYS = ("/Length1", "/Length2", "/Length3", "/Subtype")
_CID_REGISTRIES = {"Adobe"}
_CID_ORDERINGS = {"Identity", "Japan1", "Japan2", "GB1", "CNS1", "Korea1", "KR", "UCS"}


class FontCopier(ObjectCopier):
    """Copies fonts; Type 3 glyphs are content streams, drawn by ``pdf_rebuild``."""

    def resources(self, source: Any) -> pikepdf.Dictionary:
        raise NotImplementedError

    def _content_stream(self, owner: pikepdf.Object, resources: Any) -> pikepdf.Stream:
        raise NotImplementedError

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
            if own is not None:
                font.Resources = self.resources(own)
            procs = source.get("/CharProcs")
            font.CharProcs = Dictionary(
                {
                    name: self._content_stream(procs[name], own)
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
