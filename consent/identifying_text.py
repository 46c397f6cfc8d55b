"""Shared pieces of the identifying-detail scanner: the kinds, digits, separators, Verhoeff.

Every detector runs on a *prepared* copy of the text: each Unicode decimal digit (Gujarati,
Devanagari...) is ASCII and each HTML numeric entity (``&#57;``, ``&#x39;``) is the character it
stands for. ``Prepared.span()`` maps a match in the copy back to the original text, so findings
always quote and index what the editor wrote.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass

# --- Kinds ------------------------------------------------------------------------------------

MOBILE = "mobile"
PHONE = "phone"
AADHAAR = "aadhaar"
PAN = "pan"
VEHICLE = "vehicle"
EMAIL = "email"
UPI = "upi"
SOCIAL = "social"
CHAT_LINK = "chat_link"
BANK_ACCOUNT = "bank_account"
VOTER_ID = "voter_id"
PASSPORT = "passport"
DRIVING_LICENCE = "driving_licence"
RATION_CARD = "ration_card"
NAME = "name"
KINDS = (
    *(MOBILE, PHONE, AADHAAR, PAN, VEHICLE, EMAIL, UPI, SOCIAL, CHAT_LINK, BANK_ACCOUNT),
    *(VOTER_ID, PASSPORT, DRIVING_LICENCE, RATION_CARD, NAME),
)


# --- Digits and entities ----------------------------------------------------------------------


class _DecimalDigits(dict[int, int]):
    """A str.translate table sending every Unicode decimal digit to ASCII, filled on demand."""

    def __missing__(self, codepoint: int) -> int:
        value = unicodedata.decimal(chr(codepoint), None)
        mapped = codepoint if value is None else ord("0") + value
        self[codepoint] = mapped
        return mapped


_DIGITS = _DecimalDigits()


def normalise_digits(text: str) -> str:
    """Return text with Gujarati, Devanagari (any Unicode decimal) digits as ASCII; same length."""
    return text if text.isascii() else text.translate(_DIGITS)


_NUMERIC_ENTITY = re.compile(r"&#(?:([0-9]{1,7})|[xX]([0-9a-fA-F]{1,6}));?")


def _entity_char(match: re.Match[str]) -> str | None:
    code = int(match[1]) if match[1] is not None else int(match[2], 16)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    return chr(code)


@dataclass(frozen=True)
class Prepared:
    """The text the detectors read, and where each of its characters came from."""

    original: str
    text: str
    starts: tuple[int, ...] | None = None  # None: same offsets as the original

    def span(self, start: int, end: int) -> tuple[int, int]:
        if self.starts is None:
            return start, end
        return self.starts[start], self.starts[end]


def prepare(text: str) -> Prepared:
    """Digits as ASCII and numeric entities decoded; offsets kept for the original text."""
    if "&#" not in text:
        return Prepared(text, normalise_digits(text))
    pieces: list[str] = []
    starts: list[int] = []
    position = 0
    for match in _NUMERIC_ENTITY.finditer(text):
        char = _entity_char(match)
        if char is None:
            continue
        pieces.append(text[position : match.start()])
        starts.extend(range(position, match.start()))
        pieces.append(char)
        starts.append(match.start())
        position = match.end()
    pieces.append(text[position:])
    starts.extend(range(position, len(text) + 1))  # one past the end maps to the end
    return Prepared(text, normalise_digits("".join(pieces)), tuple(starts))


# --- Verhoeff (the Aadhaar check digit) -------------------------------------------------------

_VERHOEFF_D = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 2, 3, 4, 0, 6, 7, 8, 9, 5),
    (2, 3, 4, 0, 1, 7, 8, 9, 5, 6),
    (3, 4, 0, 1, 2, 8, 9, 5, 6, 7),
    (4, 0, 1, 2, 3, 9, 5, 6, 7, 8),
    (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
    (6, 5, 9, 8, 7, 1, 0, 4, 3, 2),
    (7, 6, 5, 9, 8, 2, 1, 0, 4, 3),
    (8, 7, 6, 5, 9, 3, 2, 1, 0, 4),
    (9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
)
_VERHOEFF_P = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 5, 7, 6, 2, 8, 3, 0, 9, 4),
    (5, 8, 0, 3, 7, 9, 6, 1, 4, 2),
    (8, 9, 1, 6, 0, 4, 3, 5, 2, 7),
    (9, 4, 5, 3, 1, 2, 6, 8, 7, 0),
    (4, 2, 8, 6, 5, 7, 3, 9, 0, 1),
    (2, 7, 9, 3, 8, 0, 6, 4, 1, 5),
    (7, 0, 4, 6, 9, 1, 3, 2, 5, 8),
)
_VERHOEFF_INV = (0, 4, 3, 2, 1, 5, 6, 7, 8, 9)


def _verhoeff_digits(number: str) -> list[int]:
    digits = normalise_digits(number)
    if not digits or not (digits.isascii() and digits.isdigit()):
        raise ValueError(f"not a string of decimal digits: {number!r}")
    return [int(d) for d in reversed(digits)]


def verhoeff_check_digit(number: str) -> str:
    """The Verhoeff check digit to append to number (a string of decimal digits)."""
    check = 0
    for i, digit in enumerate(_verhoeff_digits(number)):
        check = _VERHOEFF_D[check][_VERHOEFF_P[(i + 1) % 8][digit]]
    return str(_VERHOEFF_INV[check])


def verhoeff_is_valid(number: str) -> bool:
    """Whether number (its last digit being the check digit) passes the Verhoeff checksum."""
    check = 0
    for i, digit in enumerate(_verhoeff_digits(number)):
        check = _VERHOEFF_D[check][_VERHOEFF_P[i % 8][digit]]
    return check == 0


# --- Separators (applied to the prepared text) ------------------------------------------------

# Spaces between digit groups: ordinary, no-break, thin, zero-width (ZWJ/ZWNJ are common in
# Indic typing), soft hyphen, line breaks, and the no-break space entity left in rich text.
SP = r"(?:[ \t\r\n\u00a0\u00ad\u2000-\u200d\u2028\u202f\u2060\ufeff]|&nbsp;|&#160;)"
DASH = r"[-./_\u2010-\u2015\u2212]"
# Between two digit groups: spaces (up to eight, for numbers typed across table cells), a
# dash, slash or underscore, and brackets around a group ("(98250) 12345"). Atomic, so a failed
# match never backtracks into it.
_GAP = rf"(?:{SP}{{1,8}}(?:{DASH}{SP}{{0,3}})?|{DASH}{SP}{{0,3}})"
SEP = rf"(?>\){_GAP}?\(?|{_GAP}\(?|\()"
INDIC_LETTERS = r"[\u0900-\u0963\u0a81-\u0ae3]"


def group_lengths(digits_and_separators: str) -> list[int]:
    return [len(group) for group in re.findall(r"[0-9]+", digits_and_separators)]


def digits_of(text: str) -> str:
    return "".join(re.findall(r"[0-9]+", text))


def near(text: str, start: int, end: int, words: re.Pattern[str], reach: int = 40) -> bool:
    """Whether one of ``words`` is written within ``reach`` characters before or after a span."""
    return bool(words.search(text, max(0, start - reach), start)) or bool(
        words.search(text, end, end + reach)
    )


# --- Candidates -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    kind: str
    start: int
    end: int
    rank: int  # tie-break between equal spans: lower is more specific


Verdict = tuple[str, int] | None
Detector = tuple[re.Pattern[str], Callable[[re.Match[str]], Verdict]]


def scan(
    pattern: re.Pattern[str], text: str, accept: Callable[[re.Match[str]], Verdict]
) -> Iterator[Candidate]:
    """Yield accepted matches; after a rejected one, retry from the next character."""
    pos = 0
    while (match := pattern.search(text, pos)) is not None:
        verdict = accept(match)
        if verdict is None:
            pos = match.start() + 1
            continue
        kind, rank = verdict
        # A pattern that needs words around the detail marks the detail itself as "hit".
        start, end = match.span("hit") if "hit" in pattern.groupindex else match.span()
        yield Candidate(kind, start, end, rank)
        pos = max(match.end(), match.start() + 1)
