"""Page content of a rebuilt PDF: only what is drawn, nothing from hidden layers.

``OptionalContent`` says which optional-content groups ("layers") a reader shows when it opens
the document. ``filter_content`` rewrites a content stream (a page, a form, a tiling pattern, a
Type 3 glyph):

- marked-content operators (``BMC``, ``BDC``, ``EMC``, ``MP``, ``DP``) are dropped: they draw
  nothing, and their property lists carry ``/ActualText``, ``/Alt``, ``/E`` and layer names;
- inside a section marked as a layer that is switched off, nothing is drawn: text, pictures
  and shadings are dropped and paths are ended without painting, while graphics state changes
  are kept, as a reader keeps them (PDF 2.0, 8.11.3.3), so what follows looks the same;
- ``Do`` of a picture or form that was left out (its layer is off) is dropped;
- inline pictures are written again from their samples (``pdf_images``); those of pages and
  forms were turned into picture objects before (``sanitise``).

Why drop rather than refuse: a layer switched off is what design programs (InDesign,
Illustrator) write for drafts, notes and alternative languages; readers never show it, so the
published document loses nothing a reader saw, and nothing hidden is served.

``clean_cmap`` and ``clean_postscript_function`` rebuild the two kinds of small programs a PDF
keeps as text (CMaps, PostScript calculator functions) from their meaningful tokens, so a
comment cannot carry a name.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pikepdf
from pikepdf import Name, Operator

# Operators that paint a path: replaced by "n" (end the path, keep a clipping path) when hidden.
_PAINT_PATH = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*"}
# Operators that show text, pictures or shadings: dropped when hidden.
_SHOW = {"Tj", "TJ", "Do", "sh", "BI", "ID", "EI", "d0", "d1"}
_MARKED = {"BMC", "BDC", "EMC", "MP", "DP"}


class OptionalContent:
    """Which optional-content groups are off when the document opens (its default view)."""

    def __init__(self, pdf: pikepdf.Pdf):
        self.off: set[tuple[int, int]] = set()
        properties = pdf.Root.get("/OCProperties")
        if not isinstance(properties, pikepdf.Dictionary):
            return
        groups = properties.get("/OCGs")
        known = (
            [g.objgen for g in groups if g.is_indirect] if isinstance(groups, pikepdf.Array) else []
        )
        default = properties.get("/D")
        if not isinstance(default, pikepdf.Dictionary):
            return
        listed_on = _objgens(default.get("/ON"))
        listed_off = _objgens(default.get("/OFF"))
        if default.get("/BaseState") == Name.OFF:
            self.off = {g for g in known if g not in listed_on}
        else:
            self.off = set(listed_off)

    def hidden(self, oc: object) -> bool:
        """True if content marked with ``oc`` (a group or membership dictionary) is not shown."""
        return not self._visible(oc, depth=0)

    def _visible(self, oc: object, depth: int) -> bool:
        if depth > 20 or not isinstance(oc, pikepdf.Dictionary):
            return True  # not optional content: readers ignore the marking
        if oc.get("/Type") == Name.OCMD:
            expression = oc.get("/VE")
            if isinstance(expression, pikepdf.Array) and len(expression):
                return self._expression(expression, depth + 1)
            members = oc.get("/OCGs")
            if isinstance(members, pikepdf.Dictionary):
                members = [members]
            states = [self._visible(m, depth + 1) for m in members or [] if m is not None]
            if not states:
                return True
            policy = oc.get("/P", Name.AnyOn)
            if policy == Name.AllOn:
                return all(states)
            if policy == Name.AnyOff:
                return not all(states)
            if policy == Name.AllOff:
                return not any(states)
            return any(states)
        return not (oc.is_indirect and oc.objgen in self.off)

    def _expression(self, expression: pikepdf.Array, depth: int) -> bool:
        operator, *operands = list(expression)
        values = [
            self._expression(o, depth + 1)
            if isinstance(o, pikepdf.Array)
            else self._visible(o, depth)
            for o in operands
        ]
        if operator == Name.Not:
            return not values[0] if values else True
        if operator == Name.Or:
            return any(values)
        return all(values)  # /And


def _objgens(value: object) -> set[tuple[int, int]]:
    if not isinstance(value, pikepdf.Array):
        return set()
    return {item.objgen for item in value if isinstance(item, pikepdf.Object) and item.is_indirect}


def filter_content(
    owner: pikepdf.Object,
    resources: pikepdf.Object | None,
    layers: OptionalContent,
    shown_xobjects: Callable[[str], bool],
    inline_image: Callable[[pikepdf.PdfInlineImage], bytes | None],
) -> bytes:
    """The content stream(s) of ``owner`` with only what a reader draws (module docstring).

    ``resources`` are the source resources in force (for layer names in ``/Properties``);
    ``shown_xobjects(name)`` says whether the rebuilt resources keep that picture or form;
    ``inline_image`` writes an inline picture anew (or returns None to drop it).
    """
    properties = resources.get("/Properties") if isinstance(resources, pikepdf.Dictionary) else None
    kept: list[pikepdf.ContentStreamInstruction | bytes] = []
    hidden: list[bool] = []  # one entry per open marked-content section
    for instruction in pikepdf.parse_content_stream(owner):
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            clean = None if hidden and hidden[-1] else inline_image(instruction.iimage)
            if clean is not None:
                kept.append(clean)
            continue
        operator = str(instruction.operator)
        operands = list(instruction.operands)
        if operator in ("BMC", "BDC"):
            inside_hidden = bool(hidden and hidden[-1])
            hidden.append(inside_hidden or _marks_hidden_layer(operands, properties, layers))
            continue
        if operator == "EMC":
            if hidden:
                hidden.pop()
            continue
        if operator in _MARKED:
            continue
        if operator == "Do" and not (operands and shown_xobjects(str(operands[0]))):
            continue
        if hidden and hidden[-1]:
            if operator in _SHOW:
                continue
            if operator in _PAINT_PATH:
                instruction = pikepdf.ContentStreamInstruction([], Operator("n"))
            elif operator == "'":
                instruction = pikepdf.ContentStreamInstruction([], Operator("T*"))
            elif operator == '"':
                if len(operands) < 2:
                    continue
                kept.append(pikepdf.ContentStreamInstruction([operands[0]], Operator("Tw")))
                kept.append(pikepdf.ContentStreamInstruction([operands[1]], Operator("Tc")))
                instruction = pikepdf.ContentStreamInstruction([], Operator("T*"))
        kept.append(instruction)
    return _unparse(kept)


def _unparse(kept: list[pikepdf.ContentStreamInstruction | bytes]) -> bytes:
    """Instructions written with pikepdf, inline pictures (bytes) as they are."""
    out: list[bytes] = []
    run: list[pikepdf.ContentStreamInstruction] = []
    for item in kept:
        if isinstance(item, bytes):
            if run:
                out.append(pikepdf.unparse_content_stream(run))
                run = []
            out.append(item)
        else:
            run.append(item)
    if run:
        out.append(pikepdf.unparse_content_stream(run))
    return b"\n".join(out)


def _marks_hidden_layer(
    operands: list, properties: pikepdf.Object | None, layers: OptionalContent
) -> bool:
    if len(operands) < 2 or operands[0] != Name.OC:
        return False
    value = operands[1]
    if isinstance(value, pikepdf.Name):
        value = properties.get(str(value)) if isinstance(properties, pikepdf.Dictionary) else None
    return layers.hidden(value)


# --- CMaps (ToUnicode and embedded character encodings) ----------------------------------------

_CMAP_BLOCKS = ("codespacerange", "bfchar", "bfrange", "cidchar", "cidrange", "notdefchar",
                "notdefrange")  # fmt: skip
_CMAP_TOKEN = re.compile(rb"<[0-9A-Fa-f\s]*>|\[|\]|-?\d+|/[A-Za-z0-9._-]+")
_CMAP_BLOCK = re.compile(rb"begin(" + "|".join(_CMAP_BLOCKS).encode() + rb")\b(.*?)end\1", re.S)


def clean_cmap(data: bytes, kind: str) -> bytes:
    """A CMap with only its mappings: code space ranges, character and range mappings and the
    writing mode, written anew (comments, names, dates and other text are left behind).

    ``kind`` is ``"ToUnicode"`` or ``"Encoding"``; the CMap gets a neutral name.
    """
    body = re.sub(rb"%[^\r\n]*", b"", data)
    blocks = []
    for match in _CMAP_BLOCK.finditer(body):
        name = match.group(1).decode()
        tokens = [_canonical_token(t) for t in _CMAP_TOKEN.findall(match.group(2))]
        width = {"codespacerange": 2, "bfchar": 2, "cidchar": 2, "notdefchar": 2}.get(name, 3)
        entries = _entries(tokens, width)
        for start in range(0, len(entries), 100):  # at most 100 entries per block
            chunk = entries[start : start + 100]
            lines = b"\n".join(b" ".join(entry) for entry in chunk)
            blocks.append(
                b"%d begin%s\n%s\nend%s" % (len(chunk), name.encode(), lines, name.encode())
            )
    wmode = re.search(rb"/WMode\s+([01])\b", body)
    header = (
        b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        b"/CMapName /Adobe-Identity-" + (b"UCS" if kind == "ToUnicode" else b"H") + b" def\n"
        b"/CMapType " + (b"2" if kind == "ToUnicode" else b"1") + b" def\n"
    )
    if wmode:
        header += b"/WMode " + wmode.group(1) + b" def\n"
    footer = b"\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    return header + b"\n".join(blocks) + footer


def _canonical_token(token: bytes) -> bytes:
    if token.startswith(b"<"):
        return b"<" + re.sub(rb"\s", b"", token[1:-1]).upper() + b">"
    return token


def _entries(tokens: list[bytes], width: int) -> list[list[bytes]]:
    """Group tokens into entries of ``width`` values (a "[...]" list counts as one value)."""
    entries: list[list[bytes]] = []
    current: list[bytes] = []
    array: list[bytes] | None = None
    for token in tokens:
        if token == b"[":
            array = []
            continue
        if token == b"]":
            if array is not None:
                current.append(b"[" + b" ".join(array) + b"]")
            array = None
        elif array is not None:
            array.append(token)
            continue
        else:
            current.append(token)
        if len(current) == width:
            entries.append(current)
            current = []
    return entries


# --- PostScript calculator functions (FunctionType 4) ------------------------------------------

_PS_OPERATORS = frozenset({
    "abs", "add", "atan", "ceiling", "cos", "cvi", "cvr", "div", "exp", "floor", "idiv", "ln",
    "log", "mod", "mul", "neg", "round", "sin", "sqrt", "sub", "truncate", "and", "bitshift",
    "eq", "false", "ge", "gt", "le", "lt", "ne", "not", "or", "true", "xor", "copy", "dup",
    "exch", "index", "pop", "roll", "if", "ifelse",
})  # fmt: skip
_PS_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def clean_postscript_function(data: bytes) -> bytes | None:
    """The calculator program's braces, numbers and operators only; None if anything else is
    in it (it would not be a valid function: readers fail on it too)."""
    text = re.sub(r"%[^\r\n]*", " ", data.decode("latin-1"))
    tokens = re.findall(r"[{}]|[^\s{}]+", text)
    for token in tokens:
        if (
            token not in ("{", "}")
            and token not in _PS_OPERATORS
            and not _PS_NUMBER.fullmatch(token)
        ):
            return None
    return " ".join(tokens).encode("ascii")
