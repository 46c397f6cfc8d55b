"""Values, colour spaces and functions of a rebuilt PDF (used by ``pdf_rebuild``).

``ObjectCopier`` copies plain values (numbers, names, booleans and arrays of them: never text),
colour spaces (ICC profiles, whose text tags can name people, become the device colour space
with the same number of components; spot colour names, free text, become ``/Spot1``...) and
functions (only the keys of their type; PostScript calculator programs keep only their
numbers, operators and braces).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name

from .pdf_content import clean_postscript_function

_DEVICE_SPACES = {"/DeviceGray": 1, "/DeviceRGB": 3, "/DeviceCMYK": 4}
_DEVICE_BY_COMPONENTS = {1: Name.DeviceGray, 3: Name.DeviceRGB, 4: Name.DeviceCMYK}
_STANDARD_COLOURANTS = {"/Cyan", "/Magenta", "/Yellow", "/Black", "/All", "/None"}
_CIE_KEYS = ("/WhitePoint", "/BlackPoint", "/Gamma", "/Matrix", "/Range")
_FUNCTION_PLAIN = {
    0: ("/Size", "/BitsPerSample", "/Order", "/Encode", "/Decode"),
    2: ("/C0", "/C1", "/N"),
    3: ("/Bounds", "/Encode"),
    4: (),
}
_MAX_DEPTH = 40


class RebuildError(Exception):
    """Something a page needs cannot be rebuilt safely."""


class ObjectCopier:
    """The state shared by the rebuild: the new document and what was copied into it."""

    def __init__(self, target: pikepdf.Pdf):
        self.target = target
        self._memo: dict[tuple[tuple[int, int], str], Any] = {}
        self._spot_names: dict[str, Name] = {}
        self._depth = 0

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

    def _memoised(self, obj: pikepdf.Object, kind: str, build: Callable[[], Any]) -> Any:
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
